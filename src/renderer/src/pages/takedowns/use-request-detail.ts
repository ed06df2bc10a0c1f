/**
 * One takedown request's state for its detail screen: the request (reloaded when the engine says
 * it changed), the settings, the form staff edit, and `run`, which performs an action, reloads,
 * and shows a failure.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  TakedownChannel,
  TakedownDetail,
  TakedownRoute,
  TakedownSettings,
} from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';

export interface RequestForm {
  channel: TakedownChannel;
  route: TakedownRoute;
  contact: string;
  language: string;
  referenceNumber: string;
  notes: string;
}

export function useRequestDetail(id: number) {
  const { t } = useTranslation();
  const api = useApi();
  const [r, setR] = useState<TakedownDetail | null>(null);
  const [settings, setSettings] = useState<TakedownSettings | null>(null);
  const [form, setForm] = useState<RequestForm>({
    channel: 'email',
    route: 'ncii',
    contact: '',
    language: 'en',
    referenceNumber: '',
    notes: '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const show = useCallback((d: TakedownDetail) => {
    setR(d);
    setForm({
      channel: d.channel,
      route: d.route,
      contact: d.contact,
      language: d.language,
      referenceNumber: d.referenceNumber,
      notes: d.notes,
    });
  }, []);
  const load = useCallback(
    () =>
      api
        .call('takedowns.get', { id })
        .then(show)
        .catch((e: unknown) => setError(errorText(t, e))),
    [api, id, show, t],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    void api.call('takedowns.settings', {}).then(setSettings, () => undefined);
  }, [api]);
  useEffect(
    () =>
      api.on('takedowns.changed', (p) => {
        if (p.ids.includes(id)) void load();
      }),
    [api, load, id],
  );

  const run = (p: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    return p
      .then(() => load())
      .catch((e: unknown) => setError(errorText(t, e)))
      .finally(() => setBusy(false));
  };

  /** Only the fields that differ from the request (the history names what changed). */
  const changes = () =>
    r
      ? Object.fromEntries(
          (Object.keys(form) as (keyof RequestForm)[])
            .filter((k) => form[k] !== r[k])
            .map((k) => [k, form[k]]),
        )
      : {};

  return { r, settings, form, setForm, busy, error, saved, setSaved, run, changes };
}
