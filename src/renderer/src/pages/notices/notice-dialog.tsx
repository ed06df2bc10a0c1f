/**
 * The notice dialog: language, route and whether to include blurred evidence, then one PDF for
 * the selected requests of one host, saved as a download. The engine audits every notice.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTICE_ROUTES, type NoticeRoute } from '../../../../shared/notices-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { languageLabel } from './language-label';
import { saveBase64File } from '../../components/save-file';

export interface NoticeDialogProps {
  opened: boolean;
  onClose: () => void;
  host: string;
  requestIds: number[];
  defaultLanguage: string;
  defaultRoute: NoticeRoute;
}

export function NoticeDialog(props: NoticeDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('notices.dialog.title', { host: props.host })}
      size="lg"
      data-testid="notice-dialog"
    >
      {/* The body mounts on each opening, so its choices start from the defaults every time. */}
      {props.opened ? <NoticeDialogBody {...props} /> : null}
    </Modal>
  );
}

function NoticeDialogBody(props: NoticeDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [languages, setLanguages] = useState<string[]>([]);
  const [language, setLanguage] = useState(props.defaultLanguage);
  const [route, setRoute] = useState<NoticeRoute>(props.defaultRoute);
  const [evidence, setEvidence] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [centreEmpty, setCentreEmpty] = useState(false);

  useEffect(() => {
    api.call('notices.templates', {}).then(
      (list) => setLanguages([...new Set(list.map((x) => x.language))]),
      (e: unknown) => setStatus({ ok: false, text: errorText(t, e) }),
    );
    api.call('notices.centre', {}).then(
      (c) => setCentreEmpty(!c.name && !c.email),
      () => undefined,
    );
  }, [api, t]);

  const options = useMemo(() => {
    const all = languages.includes(language) ? languages : [...languages, language];
    return all.map((l) => ({ value: l, label: languageLabel(t, l) }));
  }, [languages, language, t]);

  const make = () => {
    setBusy(true);
    setStatus(null);
    api
      .call('notices.pdf', {
        requestIds: props.requestIds,
        language,
        route,
        includeEvidence: evidence,
      })
      .then(
        (file) => {
          saveBase64File(file);
          setStatus({ ok: true, text: file.fileName });
        },
        (e: unknown) => setStatus({ ok: false, text: errorText(t, e) }),
      )
      .finally(() => setBusy(false));
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('notices.dialog.intro', { count: props.requestIds.length })}
      </Text>
      {centreEmpty ? (
        <Alert color="yellow" data-testid="notice-centre-empty">
          {t('notices.dialog.noCentre')}
        </Alert>
      ) : null}
      <Select
        label={t('notices.dialog.language')}
        data={options}
        value={language}
        onChange={(v) => v && setLanguage(v)}
        allowDeselect={false}
        maw={320}
        data-testid="notice-language"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('notices.dialog.route')}
        </Text>
        <SegmentedControl
          value={route}
          onChange={(v) => setRoute(v as NoticeRoute)}
          data={NOTICE_ROUTES.map((r) => ({ value: r, label: t(`notices.routes.${r}`) }))}
          data-testid="notice-route"
        />
      </Stack>
      <Checkbox
        checked={evidence}
        onChange={(e) => setEvidence(e.currentTarget.checked)}
        label={t('notices.dialog.evidence')}
        description={t('notices.dialog.evidenceHint')}
        data-testid="notice-evidence"
      />
      {status ? (
        <Text
          size="sm"
          c={status.ok ? 'sage.8' : 'red'}
          role={status.ok ? 'status' : 'alert'}
          data-testid="notice-status"
        >
          {status.ok ? t('notices.dialog.done', { file: status.text }) : status.text}
        </Text>
      ) : null}
      <Group justify="flex-end">
        <Button onClick={make} loading={busy} data-testid="notice-make">
          {busy ? t('notices.dialog.making') : t('notices.dialog.make')}
        </Button>
      </Group>
    </Stack>
  );
}
