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
import { ApiError } from '../../../../shared/errors';
import { ROLES, type Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';

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
  const [resetting, setResetting] = useState<AccountInfo | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const failed = (err: unknown) =>
    setMessage(
      err instanceof ApiError && err.code === 'conflict'
        ? t('manage.accounts.lastAdmin')
        : errorText(t, err),
    );
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
      setMessage(t('accounts.created'));
      load();
    } catch (e) {
      setMessage(errorText(t, e));
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
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('setup.fields.displayName.label')}
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })}
            data-testid="account-display-name"
          />
          <TextInput
            label={t('setup.fields.username.label')}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            data-testid="account-username"
          />
          <Select
            label={t('accounts.role')}
            w={160}
            value={form.role}
            onChange={(r) => r && setForm({ ...form, role: r as Role })}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="account-role"
          />
          <PasswordInput
            label={t('setup.fields.password.label')}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            data-testid="account-password"
          />
          <Button onClick={() => void create()} data-testid="account-create">
            {t('accounts.create')}
          </Button>
        </Group>
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
