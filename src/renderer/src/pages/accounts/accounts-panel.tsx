/**
 * Admin: local accounts — create, change role, disable/enable, reset password. Users are never
 * deleted. A changed role or a disabled account ends that user's sessions (the engine does it).
 */
import {
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountInfo } from '../../../../shared/cases-types';
import { ROLES, type Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { errorText, formErrors } from '../../api/error-text';

export function AccountsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const [accounts, setAccounts] = useState<AccountInfo[]>([]);
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    role: 'counsellor' as Role,
    password: '',
  });
  const [message, setMessage] = useState<string | null>(null);
  /** The last failed create, so its fields are marked where the engine named them. */
  const [createError, setCreateError] = useState<unknown>(null);
  const bad = formErrors(t, createError);
  const [resetting, setResetting] = useState<AccountInfo | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const failed = (err: unknown) => setMessage(errorText(t, err));
  const update = (a: AccountInfo, change: { role?: Role; disabled?: boolean }, done?: string) =>
    void api.call('accounts.update', { userId: a.id, ...change }).then(() => {
      setMessage(done ?? null);
      load();
    }, failed);
  const reset = async () => {
    if (!resetting) return;
    try {
      await api.call('accounts.resetPassword', { userId: resetting.id, password: newPassword });
      setMessage(t('manage.accounts.resetDone', { name: resetting.displayName }));
      setResetting(null);
      setNewPassword('');
    } catch (e) {
      failed(e);
      setResetting(null);
    }
  };
  const load = useCallback(() => void api.call('accounts.list', {}).then(setAccounts), [api]);
  // Initial load of data from the engine.
  useEffect(() => load(), [load]);

  const create = async () => {
    try {
      await api.call('accounts.create', form);
      setForm({ username: '', displayName: '', role: form.role, password: '' });
      setCreateError(null);
      setMessage(t('accounts.created'));
      load();
    } catch (e) {
      setCreateError(e);
      setMessage(null);
    }
  };

  return (
    <Paper p="xl" data-testid="accounts-panel">
      <Stack gap="md">
        <Title order={2}>{t('accounts.title')}</Title>
        <Table verticalSpacing="xs" data-testid="accounts-table">
          <Table.Tbody>
            {accounts.map((a) => (
              <Table.Tr key={a.id} data-testid={`account-${a.username}`}>
                <Table.Td fw={600}>{a.displayName}</Table.Td>
                <Table.Td ff="monospace">{a.username}</Table.Td>
                <Table.Td>
                  <Select
                    w={150}
                    size="xs"
                    aria-label={t('accounts.role')}
                    value={a.role}
                    allowDeselect={false}
                    onChange={(r) =>
                      r &&
                      r !== a.role &&
                      update(
                        a,
                        { role: r as Role },
                        t('manage.accounts.roleChanged', { name: a.displayName }),
                      )
                    }
                    data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                    data-testid="account-row-role"
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    label={t('accounts.active')}
                    checked={!a.disabled}
                    onChange={(e) => update(a, { disabled: !e.currentTarget.checked })}
                    data-testid="account-row-active"
                  />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => setResetting(a)}
                    data-testid="account-row-reset"
                  >
                    {t('manage.accounts.reset')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={4}>{t('accounts.new')}</Title>
        <Stack gap="sm" data-testid="account-form">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('manage.accounts.newName')}
              description={t('manage.accounts.newNameHint')}
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
              error={bad.field('displayName')}
              data-testid="account-display-name"
            />
            <TextInput
              label={t('setup.fields.username.label')}
              description={t('setup.fields.username.description')}
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
              error={bad.field('username')}
              data-testid="account-username"
            />
          </SimpleGrid>
          <Select
            label={t('accounts.role')}
            maw={240}
            value={form.role}
            onChange={(r) => r && setForm({ ...form, role: r as Role })}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            error={bad.field('role')}
            data-testid="account-role"
          />
          <PasswordInput
            label={t('manage.accounts.newPassword')}
            description={t('manage.accounts.newPasswordHint')}
            value={form.password}
            autoComplete="new-password"
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={bad.field('password')}
            w="100%"
            data-testid="account-password"
          />
          {bad.message ? (
            <Text size="sm" c="red" role="alert" data-testid="account-create-error">
              {bad.message}
            </Text>
          ) : null}
          <Group>
            <Button onClick={() => void create()} data-testid="account-create">
              {t('accounts.create')}
            </Button>
          </Group>
        </Stack>
        <Modal
          opened={resetting !== null}
          onClose={() => setResetting(null)}
          title={t('manage.accounts.resetTitle', { name: resetting?.displayName ?? '' })}
        >
          <Stack>
            <Text size="sm">
              {t('manage.accounts.resetBody', { name: resetting?.displayName ?? '' })}
            </Text>
            <PasswordInput
              label={t('manage.password.next')}
              value={newPassword}
              autoComplete="new-password"
              error={newPassword && newPassword.length < 10 ? t('manage.password.tooShort') : null}
              onChange={(e) => setNewPassword(e.currentTarget.value)}
              data-testid="account-reset-password"
            />
            <Button
              disabled={newPassword.length < 10}
              onClick={() => void reset()}
              data-testid="account-reset-submit"
            >
              {t('manage.accounts.resetSave')}
            </Button>
          </Stack>
        </Modal>
        {message ? (
          <Text size="sm" data-testid="accounts-message">
            {message}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
