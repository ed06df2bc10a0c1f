/** Admin: local accounts — create, disable/enable, reset password. Users are never deleted. */
import {
  Badge,
  Button,
  Group,
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
                  <Badge variant="light">{t(`roles.${a.role}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  <Switch
                    label={t('accounts.active')}
                    checked={!a.disabled}
                    onChange={(e) =>
                      void api
                        .call('accounts.update', {
                          userId: a.id,
                          disabled: !e.currentTarget.checked,
                        })
                        .then(load, (err: unknown) => setMessage(errorText(t, err)))
                    }
                  />
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
        {message ? (
          <Text size="sm" data-testid="accounts-message">
            {message}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
