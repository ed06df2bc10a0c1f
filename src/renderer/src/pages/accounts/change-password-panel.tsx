/** Settings: change your own password (every role). The engine checks the current one. */
import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/api-context';
import { formErrors, type FormErrors } from '../../api/error-text';

const MIN = 10;

export function ChangePasswordPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [issues, setIssues] = useState<FormErrors>(() => formErrors(t, null));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = repeat !== '' && next !== repeat;
  const short = next !== '' && next.length < MIN;

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await api.call('auth.changePassword', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setIssues(formErrors(t, null));
      setMessage({ ok: true, text: t('manage.password.saved') });
    } catch (e) {
      const failed = formErrors(t, e);
      setIssues(failed);
      setMessage(failed.paths.length ? null : { ok: false, text: failed.message ?? '' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper p="xl" data-testid="settings-password">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2}>{t('manage.password.title')}</Title>
          <Text c="dimmed">{t('manage.password.description')}</Text>
        </Stack>
        <Stack gap="sm" maw={360}>
          <PasswordInput
            label={t('manage.password.current')}
            value={current}
            autoComplete="current-password"
            error={issues.field('currentPassword') ?? null}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            data-testid="password-current"
          />
          <PasswordInput
            label={t('manage.password.next')}
            value={next}
            autoComplete="new-password"
            error={short ? t('manage.password.tooShort') : (issues.field('newPassword') ?? null)}
            onChange={(e) => setNext(e.currentTarget.value)}
            data-testid="password-new"
          />
          <PasswordInput
            label={t('manage.password.repeat')}
            value={repeat}
            autoComplete="new-password"
            error={mismatch ? t('manage.password.mismatch') : null}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            data-testid="password-repeat"
          />
        </Stack>
        <Group>
          <Button
            onClick={() => void save()}
            loading={busy}
            disabled={!current || next.length < MIN || next !== repeat}
            data-testid="password-save"
          >
            {t('manage.password.save')}
          </Button>
          {message ? (
            <Text
              size="sm"
              c={message.ok ? 'teal.8' : 'red'}
              role="status"
              data-testid="password-message"
            >
              {message.text}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
