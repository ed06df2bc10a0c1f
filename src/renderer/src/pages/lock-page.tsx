/** Shown when the engine locked the session after idle time: the same user's password unlocks it. */
import { Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/types';
import { useApi } from '../api/api-context';

export function LockPage(props: {
  session: SessionInfo;
  onDone: (s: SessionInfo) => void;
  onSignOut: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [wrong, setWrong] = useState(false);
  return (
    <Center h="100vh" data-testid="lock-page">
      <Paper p="xl" w={420}>
        <Stack>
          <Title order={2}>{t('lock.title')}</Title>
          <Text c="dimmed">{t('lock.body', { name: props.session.displayName })}</Text>
          <PasswordInput
            label={t('signIn.fields.password.label')}
            value={password}
            error={wrong ? t('lock.wrong') : null}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="lock-password"
          />
          <Button
            onClick={() =>
              void api.call('auth.unlock', { password }).then(props.onDone, () => setWrong(true))
            }
            data-testid="lock-submit"
          >
            {t('lock.unlock')}
          </Button>
          <Button
            variant="subtle"
            onClick={() => void api.call('auth.signOut', {}).finally(props.onSignOut)}
          >
            {t('lock.signOut')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
