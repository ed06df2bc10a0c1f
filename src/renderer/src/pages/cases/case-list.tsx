/** The case list: search by code (counsellors: also by name, matched in the engine), filter by status. */
import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, CaseSummary } from '../../../../shared/cases-types';
import type { Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { AreaEmptyState } from '../../areas/area-empty-state';
import { DataTable } from '../../components/data-table';
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
        <DataTable
          testId="case-list"
          rows={cases ?? []}
          rowKey={(c) => c.id}
          empty={cases ? { text: t('cases.none'), testId: 'case-list-empty', p: 'xl' } : undefined}
          onOpen={(c) => props.onOpen(c.id)}
          rowProps={(c) => ({ 'data-testid': `case-row-${c.code}` })}
          highlightOnHover
          verticalSpacing="sm"
          columns={[
            {
              key: 'code',
              header: t('cases.code'),
              td: { fw: 600, ff: 'monospace' },
              cell: (c) => c.code,
            },
            {
              key: 'status',
              header: t('cases.statusLabel'),
              cell: (c) => (
                <Badge color={STATUS_COLOURS[c.status]} variant="light">
                  {t(`cases.status.${c.status}`)}
                </Badge>
              ),
            },
            {
              key: 'counsellor',
              header: t('cases.counsellor'),
              cell: (c) => c.assignedTo?.displayName ?? '—',
            },
            { key: 'images', header: t('cases.images'), cell: (c) => c.imageCount },
            {
              key: 'consent',
              header: t('cases.consentLabel'),
              cell: (c) => (
                <Text size="sm">
                  {[
                    c.consent.searchWeb ? t('cases.consent.searchShort') : null,
                    c.consent.fileTakedowns ? t('cases.consent.takedownShort') : null,
                    t(`cases.consent.storage.${c.consent.storage}`),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              ),
            },
          ]}
        />
      </Paper>
    </Stack>
  );
}
