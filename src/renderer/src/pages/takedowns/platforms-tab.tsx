/**
 * The registry of hosts and platforms: their abuse contacts, preferred channel and notice
 * language, which pre-fill a request when it is opened. Staff and admins edit it.
 */
import {
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHANNELS,
  type PlatformInfo,
  type TakedownChannel,
} from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { errorText, formErrors } from '../../api/error-text';
import type { TakedownTabProps } from './tab-props';

interface Draft {
  name: string;
  hosts: string;
  abuseEmail: string;
  formUrl: string;
  preferredChannel: TakedownChannel;
  language: string;
  notes: string;
}

const EMPTY: Draft = {
  name: '',
  hosts: '',
  abuseEmail: '',
  formUrl: '',
  preferredChannel: 'email',
  language: 'en',
  notes: '',
};

function PlatformForm(props: { platform?: PlatformInfo; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const p = props.platform;
  const [d, setD] = useState<Draft>(
    p
      ? {
          name: p.name,
          hosts: p.hosts.join('\n'),
          abuseEmail: p.abuseEmail ?? '',
          formUrl: p.formUrl ?? '',
          preferredChannel: p.preferredChannel,
          language: p.language,
          notes: p.notes,
        }
      : EMPTY,
  );
  const [error, setError] = useState<unknown>(null);
  const bad = formErrors(t, error);
  const save = () => {
    const platform = {
      name: d.name,
      hosts: d.hosts
        .split(/\s+/)
        .map((h) => h.trim())
        .filter(Boolean),
      abuseEmail: d.abuseEmail.trim() || null,
      formUrl: d.formUrl.trim() || null,
      preferredChannel: d.preferredChannel,
      language: d.language,
      notes: d.notes,
    };
    const call = p
      ? api.call('platforms.update', { id: p.id, platform })
      : api.call('platforms.create', { platform });
    call.then(props.onDone, setError);
  };
  const err = (field: string) => bad.field(`platform.${field}`);
  return (
    <Paper withBorder p="md" data-testid="platform-form">
      <Stack gap="md">
        <Title order={3}>{p ? p.name : t('takedowns.platforms.new')}</Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('takedowns.platforms.name')}
            value={d.name}
            onChange={(e) => setD({ ...d, name: e.currentTarget.value })}
            error={err('name')}
            data-testid="platform-name"
          />
          <Textarea
            label={t('takedowns.platforms.hosts')}
            description={t('takedowns.platforms.hostsHint')}
            value={d.hosts}
            onChange={(e) => setD({ ...d, hosts: e.currentTarget.value })}
            autosize
            minRows={2}
            error={err('hosts')}
            data-testid="platform-hosts"
          />
          <TextInput
            label={t('takedowns.platforms.abuseEmail')}
            value={d.abuseEmail}
            onChange={(e) => setD({ ...d, abuseEmail: e.currentTarget.value })}
            error={err('abuseEmail')}
            data-testid="platform-email"
          />
          <TextInput
            label={t('takedowns.platforms.formUrl')}
            value={d.formUrl}
            onChange={(e) => setD({ ...d, formUrl: e.currentTarget.value })}
            error={err('formUrl')}
          />
          <Select
            label={t('takedowns.platforms.preferredChannel')}
            data={CHANNELS.map((c) => ({ value: c, label: t(`takedowns.channels.${c}`) }))}
            value={d.preferredChannel}
            onChange={(v) => v && setD({ ...d, preferredChannel: v as TakedownChannel })}
            allowDeselect={false}
          />
          <TextInput
            label={t('takedowns.platforms.language')}
            description={t('takedowns.platforms.languageHint')}
            value={d.language}
            onChange={(e) => setD({ ...d, language: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Textarea
          label={t('takedowns.platforms.notes')}
          value={d.notes}
          onChange={(e) => setD({ ...d, notes: e.currentTarget.value })}
          autosize
          minRows={2}
        />
        {error ? (
          <Text c="red" role="alert">
            {bad.message}
          </Text>
        ) : null}
        <Group>
          <Button onClick={save} data-testid="platform-save">
            {t('takedowns.platforms.save')}
          </Button>
          <Button variant="default" onClick={props.onDone}>
            {t('takedowns.platforms.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function PlatformsTab(props: TakedownTabProps) {
  const { t } = useTranslation();
  const api = useApi();
  const canManage = props.role === 'staff' || props.role === 'admin';
  const [list, setList] = useState<PlatformInfo[] | null>(null);
  const [editing, setEditing] = useState<PlatformInfo | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () => api.call('platforms.list', {}).then(setList, (e: unknown) => setError(errorText(t, e))),
    [api, t],
  );
  useEffect(() => void reload(), [reload]);

  if (editing)
    return (
      <PlatformForm
        platform={editing === 'new' ? undefined : editing}
        onDone={() => {
          setEditing(null);
          void reload();
        }}
      />
    );

  return (
    <Paper withBorder p="md" data-testid="platforms">
      <Group justify="space-between" mb="sm">
        <Title order={3}>{t('takedowns.platforms.title')}</Title>
        {canManage ? (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="platform-new"
          >
            {t('takedowns.platforms.new')}
          </Button>
        ) : null}
      </Group>
      {error ? <Text c="red">{error}</Text> : null}
      {list && list.length === 0 ? (
        <Text c="dimmed">{t('takedowns.platforms.empty')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('takedowns.platforms.name')}</Table.Th>
              <Table.Th>{t('takedowns.platforms.hosts')}</Table.Th>
              <Table.Th>{t('takedowns.platforms.preferredChannel')}</Table.Th>
              <Table.Th>{t('takedowns.platforms.abuseEmail')}</Table.Th>
              <Table.Th>{t('takedowns.platforms.language')}</Table.Th>
              <Table.Th>{t('takedowns.platforms.requests')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list ?? []).map((p) => (
              <Table.Tr key={p.id} data-testid={`platform-row-${p.name}`}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{p.hosts.join(', ')}</Table.Td>
                <Table.Td>{t(`takedowns.channels.${p.preferredChannel}`)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  {p.abuseEmail ?? p.formUrl ?? '—'}
                </Table.Td>
                <Table.Td>{p.language}</Table.Td>
                <Table.Td>{p.requests}</Table.Td>
                <Table.Td>
                  {canManage ? (
                    <Group gap="xs" justify="flex-end">
                      <Button variant="default" size="xs" onClick={() => setEditing(p)}>
                        {t('takedowns.platforms.edit')}
                      </Button>
                      <Button
                        variant="subtle"
                        color="red"
                        size="xs"
                        onClick={() =>
                          api
                            .call('platforms.delete', { id: p.id })
                            .then(reload, (e: unknown) => setError(errorText(t, e)))
                        }
                      >
                        {t('takedowns.platforms.delete')}
                      </Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
