/**
 * The centre's details printed on every notice (Settings → Centre details), and what the centre
 * settings panels share: the details loaded and saved through one hook, one field, one status line.
 */
import {
  Button,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BUILT_IN_NOTICE_LANGUAGES, type CentreContact } from '../../../../shared/notices-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { languageLabel } from './language-label';

/** The outcome of the last save, or the error of the last call; null while editing. */
export type SaveState = { ok: boolean; text: string } | null;

/**
 * The centre's saved details: loaded once, edited locally (an edit clears the last status) and
 * saved whole with `notices.saveCentre`.
 */
export function useCentreDetails() {
  const { t } = useTranslation();
  const api = useApi();
  const [centre, setCentre] = useState<CentreContact | null>(null);
  const [status, setStatus] = useState<SaveState>(null);
  const fail = useCallback((e: unknown) => setStatus({ ok: false, text: errorText(t, e) }), [t]);
  useEffect(() => {
    api.call('notices.centre', {}).then(setCentre, fail);
  }, [api, fail]);
  const edit = (c: CentreContact) => {
    setStatus(null);
    setCentre(c);
  };
  const save = () =>
    centre &&
    api.call('notices.saveCentre', centre).then((v) => {
      setCentre(v);
      setStatus({ ok: true, text: '' });
    }, fail);
  return { centre, status, edit, save };
}

/** "Saved." after a save, the error in red after a failure, nothing while editing. */
export function SaveStatus({ status, testId }: { status: SaveState; testId?: string }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Text size="sm" c={status.ok ? 'dimmed' : 'red'} role="status" data-testid={testId}>
      {status.ok ? t('notices.settings.saved') : status.text}
    </Text>
  );
}

/** One text field of the centre's details; an address takes several lines. */
function CentreField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  multiline?: boolean;
}) {
  const common = {
    label: props.label,
    value: props.value,
    'data-testid': props.testId,
  };
  return props.multiline ? (
    <Textarea
      {...common}
      autosize
      minRows={2}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  ) : (
    <TextInput {...common} onChange={(e) => props.onChange(e.currentTarget.value)} />
  );
}

const CENTRE_FIELDS = ['name', 'email', 'phone', 'website', 'signatory'] as const;

/** The centre's name, address, contacts and signatory, with their per-language versions. */
export function CentreForm() {
  const { t } = useTranslation();
  const { centre: c, status, edit, save } = useCentreDetails();
  if (!c) return <SaveStatus status={status} />;
  const label = (k: (typeof CENTRE_FIELDS)[number] | 'address') =>
    k === 'name' ? t('notices.settings.centreName') : t(`notices.settings.${k}`);
  return (
    <Stack gap="sm" data-testid="notice-centre">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {CENTRE_FIELDS.map((k) => (
          <CentreField
            key={k}
            label={label(k)}
            value={c[k]}
            onChange={(v) => edit({ ...c, [k]: v })}
            testId={`notice-centre-${k}`}
          />
        ))}
      </SimpleGrid>
      <CentreField
        label={label('address')}
        value={c.address}
        onChange={(address) => edit({ ...c, address })}
        testId="notice-centre-address"
        multiline
      />
      <CentreLanguages value={c.localized} onChange={(localized) => edit({ ...c, localized })} />
      <Group>
        <Button variant="light" onClick={() => void save()} data-testid="notice-centre-save">
          {t('notices.settings.saveCentre')}
        </Button>
        <SaveStatus status={status} />
      </Group>
    </Stack>
  );
}

/** The centre's name, address and signatory per notice language (a notice is signed in its own). */
function CentreLanguages(props: {
  value: CentreContact['localized'];
  onChange: (v: CentreContact['localized']) => void;
}) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState('ko');
  const langs = [...new Set([...BUILT_IN_NOTICE_LANGUAGES, ...Object.keys(props.value)])];
  const current = props.value[language] ?? { name: '', address: '', signatory: '' };
  const field = (k: keyof typeof current, label: string) => (
    <CentreField
      label={label}
      value={current[k]}
      onChange={(v) => props.onChange({ ...props.value, [language]: { ...current, [k]: v } })}
      testId={`notice-centre-l-${k}`}
      multiline={k === 'address'}
    />
  );
  return (
    <Stack gap="xs" data-testid="notice-centre-languages">
      <Text size="sm" fw={600}>
        {t('notices.settings.perLanguage')}
      </Text>
      <Text size="sm" c="dimmed">
        {t('notices.settings.perLanguageHint')}
      </Text>
      <SegmentedControl
        w="fit-content"
        value={language}
        onChange={setLanguage}
        data={langs.map((l) => ({ value: l, label: languageLabel(t, l) }))}
        data-testid="notice-centre-language"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('name', t('notices.settings.centreName'))}
        {field('signatory', t('notices.settings.signatory'))}
      </SimpleGrid>
      {field('address', t('notices.settings.address'))}
    </Stack>
  );
}
