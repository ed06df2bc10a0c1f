/** Sign-in with a local account. A wrong password and an unknown user get the same message. */
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/errors';
import type { AppInfo, SessionInfo } from '../../../shared/types';
import { useApi } from '../api/api-context';
import { errorText, fieldIssues } from '../api/error-text';
import { AuthFrame } from './auth-frame';
import { CaseFileNote } from './case-file-note';

export function SignInPage({
  info,
  onDone,
}: {
  info: AppInfo;
  onDone: (session: SessionInfo) => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      onDone(await api.call('auth.signIn', { username, password }));
    } catch (err) {
      const wrong = err instanceof ApiError && err.code === 'unauthenticated';
      setInvalid(fieldIssues(err));
      setError(wrong ? t('signIn.wrong') : errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('signIn.title')} intro={t('signIn.intro')} testId="sign-in-page">
      <CaseFileNote info={info} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('signIn.fields.username.label')}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={invalid.has('username')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            data-testid="sign-in-username"
          />
          <PasswordInput
            label={t('signIn.fields.password.label')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={invalid.has('password')}
            autoComplete="current-password"
            data-testid="sign-in-password"
          />
          {error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              data-testid="sign-in-error"
            >
              {error}
            </Alert>
          ) : null}
          <Button type="submit" size="md" mt="xs" loading={busy} data-testid="sign-in-submit">
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
