/**
 * Settings → Centre details, Time zone and Notices (staff, admins; the engine enforces it too):
 * the centre's details printed on every notice (centre-form.tsx), the centre's time zone, and the
 * templates per language and route (template-editor.tsx).
 */
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CentreContact } from '../../../../shared/notices-types';
import { useApi } from '../../api/api-context';
import { CentreForm, SaveStatus, useCentreDetails } from './centre-form';
import { TemplateEditor } from './template-editor';

/** The zones this browser knows, for the centre's time zone (its days count in reports). */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const SYSTEM_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** One settings panel: a title, what it is for, and its form. */
function Panel(props: { testId: string; title: string; description: string; children: ReactNode }) {
  return (
    <Paper p="xl" maw={880} data-testid={props.testId}>
      <Stack gap="xl">
        <Stack gap={4}>
          <Title order={2}>{props.title}</Title>
          <Text c="dimmed">{props.description}</Text>
        </Stack>
        {props.children}
      </Stack>
    </Paper>
  );
}

/** Settings → Centre details (staff, admins; the engine enforces it too). */
export function CentreSettingsPanel() {
  const { t } = useTranslation();
  return (
    <Panel
      testId="settings-centre"
      title={t('notices.settings.centre')}
      description={t('notices.settings.centreDescription')}
    >
      <CentreForm />
    </Panel>
  );
}

/** Settings → Time zone: the centre's days, as reports count them (staff, admins). */
export function TimeZoneSettingsPanel() {
  const { t } = useTranslation();
  const { centre: c, status, edit, save } = useCentreDetails();
  return (
    <Panel
      testId="settings-time-zone"
      title={t('notices.settings.timeZone')}
      description={t('notices.settings.timeZoneHint')}
    >
      {c ? (
        <Select
          label={t('notices.settings.timeZone')}
          searchable
          allowDeselect={false}
          maw={420}
          value={c.timeZone}
          data={[
            { value: '', label: t('notices.settings.timeZoneSystem', { zone: SYSTEM_ZONE }) },
            ...TIME_ZONES.map((z) => ({ value: z, label: z })),
          ]}
          onChange={(v) => edit({ ...c, timeZone: v ?? '' })}
          data-testid="notice-centre-time-zone"
        />
      ) : null}
      <Group>
        <Button
          variant="light"
          disabled={!c}
          onClick={() => void save()}
          data-testid="time-zone-save"
        >
          {t('notices.settings.saveTimeZone')}
        </Button>
        <SaveStatus status={status} />
      </Group>
    </Panel>
  );
}

const ignore = () => {};

/** Settings → Notices: the templates per language and route (staff, admins). */
export function NoticeTemplatesPanel() {
  const { t } = useTranslation();
  const api = useApi();
  // The centre's saved details fill the preview's placeholders.
  const [centre, setCentre] = useState<CentreContact | null>(null);
  useEffect(() => {
    api.call('notices.centre', {}).then(setCentre, ignore);
  }, [api]);
  return (
    <Panel
      testId="settings-notices"
      title={t('notices.settings.title')}
      description={t('notices.settings.description')}
    >
      <TemplateEditor centre={centre} />
    </Panel>
  );
}
