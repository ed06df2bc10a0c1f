/**
 * First run: creates the case file's first administrator (auth.setup) and signs them in. The
 * engine validates the input; its field issues are shown under the matching fields, translated.
 */
import { PasswordInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { AuthForm, useAuthSubmit, type AuthPageProps } from './auth-form';

type Field = 'displayName' | 'username' | 'password';

export function SetupPage({ info, onDone }: AuthPageProps) {
  const api = useApi();
  const { t } = useTranslation();
  const [values, setValues] = useState({
    displayName: '',
    username: '',
    password: '',
    confirm: '',
  });
  const { invalid, setInvalid, error, busy, submit } = useAuthSubmit(onDone, {
    conflict: t('errors.setupConflict'),
  });

  const set = (key: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
    if (invalid.has(key)) setInvalid((s) => new Set([...s].filter((k) => k !== key)));
  };

  const create = () =>
    submit(
      () =>
        api.call('auth.setup', {
          displayName: values.displayName,
          username: values.username,
          password: values.password,
        }),
      () => (values.password !== values.confirm ? ['confirm'] : []),
    );

  const fieldError = (field: Field) =>
    invalid.has(field) ? t(`setup.fields.${field}.invalid`) : undefined;

  return (
    <AuthForm
      info={info}
      title={t('setup.title')}
      intro={t('setup.intro')}
      width={500}
      testId="setup-page"
      prefix="setup"
      submitLabel={t('setup.submit')}
      error={error}
      busy={busy}
      onSubmit={() => void create()}
    >
      <TextInput
        label={t('setup.fields.displayName.label')}
        description={t('setup.fields.displayName.description')}
        value={values.displayName}
        onChange={set('displayName')}
        error={fieldError('displayName')}
        autoComplete="name"
        data-autofocus
        autoFocus
        data-testid="setup-display-name"
      />
      <TextInput
        label={t('setup.fields.username.label')}
        description={t('setup.fields.username.description')}
        value={values.username}
        onChange={set('username')}
        error={fieldError('username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        data-testid="setup-username"
      />
      <PasswordInput
        label={t('setup.fields.password.label')}
        description={t('setup.fields.password.description')}
        value={values.password}
        onChange={set('password')}
        error={fieldError('password')}
        autoComplete="new-password"
        data-testid="setup-password"
      />
      <PasswordInput
        label={t('setup.fields.confirm.label')}
        value={values.confirm}
        onChange={set('confirm')}
        error={invalid.has('confirm') ? t('setup.fields.confirm.mismatch') : undefined}
        autoComplete="new-password"
        data-testid="setup-confirm"
      />
    </AuthForm>
  );
}
