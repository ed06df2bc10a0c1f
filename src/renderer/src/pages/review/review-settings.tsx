/** The reviewer's own settings (Settings page): preview blur strength and the break reminder. */
import { Button, Group, NumberInput, Paper, Slider, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewSettings } from '../../../../shared/review-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';

export function ReviewSettingsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [s, setS] = useState<ReviewSettings | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    api
      .call('review.settings', {})
      .then(setS)
      .catch((e: unknown) => setStatus(errorText(t, e)));
  }, [api, t]);
  if (!s) return null;
  return (
    <Paper p="xl" data-testid="settings-review">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2}>{t('review.settings.title')}</Title>
          <Text c="dimmed">{t('review.settings.description')}</Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('review.settings.blur')}
          </Text>
          <Slider
            min={4}
            max={40}
            step={2}
            value={s.blur}
            onChange={(blur) => setS({ ...s, blur })}
            maw={420}
            data-testid="settings-review-blur"
          />
        </Stack>
        <NumberInput
          label={t('review.settings.breakMinutes')}
          min={0}
          max={240}
          value={s.breakMinutes}
          onChange={(v) => setS({ ...s, breakMinutes: typeof v === 'number' ? v : 0 })}
          maw={420}
          data-testid="settings-review-break"
        />
        <Group>
          <Button
            onClick={() =>
              api
                .call('review.saveSettings', s)
                .then((saved) => {
                  setS(saved);
                  setStatus(t('review.settings.saved'));
                })
                .catch((e: unknown) => setStatus(errorText(t, e)))
            }
            data-testid="settings-review-save"
          >
            {t('review.settings.save')}
          </Button>
          {status ? (
            <Text size="sm" c="dimmed" role="status">
              {status}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
