/**
 * First run: creates the case file's first administrator (auth.setup) and signs them in. The
 * engine validates the input; its field issues are shown under the matching fields, translated.
 */
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

type Field = 'displayName' | 'username' | 'password';

export function SetupPage({
  info,
  onDone,
}: {
  info: AppInfo;
  onDone: (session: SessionInfo) => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const [values, setValues] = useState({
    displayName: '',
    username: '',
    password: '',
    confirm: '',
  });
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (key: keyof typeof values) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
    if (invalid.has(key)) setInvalid((s) => new Set([...s].filter((k) => k !== key)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (values.password !== values.confirm) {
      setInvalid(new Set(['confirm']));
      return;
    }
    setBusy(true);
    try {
      const session = await api.call('auth.setup', {
        displayName: values.displayName,
        username: values.username,
        password: values.password,
      });
      onDone(session);
    } catch (err) {
      setInvalid(fieldIssues(err));
      setError(
        err instanceof ApiError && err.code === 'conflict'
          ? t('errors.setupConflict')
          : errorText(t, err),
      );
      setBusy(false);
    }
  };

  const fieldError = (field: Field) =>
    invalid.has(field) ? t(`setup.fields.${field}.invalid`) : undefined;

  return (
    <AuthFrame title={t('setup.title')} intro={t('setup.intro')} width={500} testId="setup-page">
      <CaseFileNote info={info} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
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
          {error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              data-testid="setup-error"
            >
              {error}
            </Alert>
          ) : null}
          <Button type="submit" size="md" mt="xs" loading={busy} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
