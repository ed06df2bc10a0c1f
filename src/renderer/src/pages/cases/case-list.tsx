/** The case list: search by code (counsellors: also by name, matched in the engine), filter by status. */
import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseSummary } from '../../../../shared/cases-types';
import type { Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { AreaEmptyState } from '../../areas/area-empty-state';
import { errorText } from '../../api/error-text';

export const STATUS_COLOURS: Record<CaseStatus, string> = {
  open: 'blue',
  monitoring: 'sage',
  closed: 'gray',
};

export function CaseList(props: { role: Role; onOpen: (id: number) => void; onNew: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<CaseStatus | null>(null);
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api
        .call('cases.list', { query: query || undefined, status: status ?? undefined })
        .then((list) => live && (setCases(list), setError(null)))
        .catch((e: unknown) => live && setError(errorText(t, e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query, status, t]);

  const newButton =
    props.role === 'counsellor' ? (
      <Button leftSection={<IconPlus size={18} />} onClick={props.onNew} data-testid="case-new">
        {t('cases.new')}
      </Button>
    ) : null;
  // No cases at all yet: the shell's empty state explains the area (and offers the first step).
  if (cases && cases.length === 0 && !query && !status)
    return (
      <Stack gap="md">
        <AreaEmptyState area="cases" />
        {newButton ? <Group maw={880}>{newButton}</Group> : null}
      </Stack>
    );

  return (
    <Stack gap="lg" maw={1100} data-testid="area-cases">
      <Group justify="space-between">
        <Title order={1}>{t('nav.cases')}</Title>
        {newButton}
      </Group>
      <Group>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={props.role === 'counsellor' ? t('cases.searchWithName') : t('cases.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={340}
          data-testid="case-search"
        />
        <Select
          placeholder={t('cases.allStatuses')}
          clearable
          value={status}
          onChange={(v) => setStatus(v as CaseStatus | null)}
          data={(['open', 'monitoring', 'closed'] as const).map((s) => ({
            value: s,
            label: t(`cases.status.${s}`),
          }))}
          w={200}
          data-testid="case-status-filter"
        />
      </Group>
      {error ? <Text c="red">{error}</Text> : null}
      <Paper p={0}>
        {cases && cases.length === 0 ? (
          <Text p="xl" c="dimmed" data-testid="case-list-empty">
            {t('cases.none')}
          </Text>
        ) : (
          <Table highlightOnHover verticalSpacing="sm" data-testid="case-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cases.code')}</Table.Th>
                <Table.Th>{t('cases.statusLabel')}</Table.Th>
                <Table.Th>{t('cases.counsellor')}</Table.Th>
                <Table.Th>{t('cases.images')}</Table.Th>
                <Table.Th>{t('cases.consentLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(cases ?? []).map((c) => (
                <Table.Tr
                  key={c.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => props.onOpen(c.id)}
                  data-testid={`case-row-${c.code}`}
                >
                  <Table.Td fw={600} ff="monospace">
                    {c.code}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[c.status]} variant="light">
                      {t(`cases.status.${c.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{c.assignedTo?.displayName ?? '—'}</Table.Td>
                  <Table.Td>{c.imageCount}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {[
                        c.consent.searchWeb ? t('cases.consent.searchShort') : null,
                        c.consent.fileTakedowns ? t('cases.consent.takedownShort') : null,
                        t(`cases.consent.storage.${c.consent.storage}`),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
