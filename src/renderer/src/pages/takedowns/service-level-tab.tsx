/** The service-level tab: deadline after sending, re-send reminder and re-check intervals. */
import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TakedownSettings } from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import type { TakedownTabProps } from './tab-props';

export function ServiceLevelTab(props: TakedownTabProps) {
  const { t } = useTranslation();
  const api = useApi();
  const canManage = props.role === 'staff' || props.role === 'admin';
  const [s, setS] = useState<TakedownSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.call('takedowns.settings', {}).then(setS, (e: unknown) => setError(errorText(t, e)));
  }, [api, t]);
  if (!s) return error ? <Text c="red">{error}</Text> : null;
  const field = (key: keyof TakedownSettings, hint?: string) => (
    <NumberInput
      label={t(`takedowns.settings.${key}`)}
      description={hint}
      value={s[key]}
      min={1}
      max={key === 'serviceLevelHours' ? 24 * 90 : 24 * 30}
      onChange={(v) => {
        setSaved(false);
        setS({ ...s, [key]: typeof v === 'number' ? v : Number(v) || 0 });
      }}
      readOnly={!canManage}
      maw={320}
      data-testid={`takedown-setting-${key}`}
    />
  );
  return (
    <Paper withBorder p="md" maw={720}>
      <Stack gap="md">
        <Title order={3}>{t('takedowns.settings.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('takedowns.settings.intro')}
        </Text>
        {field('serviceLevelHours', t('takedowns.settings.serviceLevelHint'))}
        {field('resendHours')}
        {field('recheckHours')}
        {error ? <Text c="red">{error}</Text> : null}
        {canManage ? (
          <Group>
            <Button
              onClick={() =>
                api.call('takedowns.updateSettings', s).then(
                  (v) => {
                    setS(v);
                    setError(null);
                    setSaved(true);
                  },
                  (e: unknown) => setError(errorText(t, e)),
                )
              }
              data-testid="takedown-settings-save"
            >
              {t('takedowns.settings.save')}
            </Button>
            {saved ? <Text size="sm">{t('takedowns.settings.saved')}</Text> : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
