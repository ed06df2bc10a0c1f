/** Sign-in with a local account. A wrong password and an unknown user get the same message. */
import { PasswordInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { AuthForm, useAuthSubmit, type AuthPageProps } from './auth-form';

export function SignInPage({ info, onDone }: AuthPageProps) {
  const api = useApi();
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { invalid, error, busy, submit } = useAuthSubmit(onDone, {
    unauthenticated: t('signIn.wrong'),
  });

  return (
    <AuthForm
      info={info}
      title={t('signIn.title')}
      intro={t('signIn.intro')}
      testId="sign-in-page"
      prefix="sign-in"
      submitLabel={t('signIn.submit')}
      error={error}
      busy={busy}
      onSubmit={() => void submit(() => api.call('auth.signIn', { username, password }))}
    >
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
    </AuthForm>
  );
}
