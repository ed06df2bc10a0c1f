/**
 * The Requests tab: counts of what needs attention, a filter, and the requests grouped by host
 * (one notice usually goes to one host), with overdue deadlines and due re-sends highlighted.
 * Selecting a request opens its detail.
 */
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TakedownCounts, TakedownSummary } from '../../../../shared/takedown-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { AreaEmptyCard } from '../../areas/area-empty-state';
import { ExportMenu } from '../notices/export-menu';
import { NoticeButton } from '../notices/notice-button';
import { RequestDetail } from './request-detail';
import { RequestsTable } from './requests-table';
import { SendDraftsButton } from './send-drafts-button';
import type { TakedownTabProps } from './tab-props';

const FILTERS = ['open', 'overdue', 'resend-due', 'flagged', 'all'] as const;
type Filter = (typeof FILTERS)[number];
const COUNT_KEYS = ['open', 'overdue', 'resendDue', 'flagged'] as const;

export function RequestsTab(props: TakedownTabProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [filter, setFilter] = useState<Filter>('open');
  const [rows, setRows] = useState<TakedownSummary[] | null>(null);
  const [counts, setCounts] = useState<TakedownCounts | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      Promise.all([api.call('takedowns.list', { filter }), api.call('takedowns.counts', {})])
        .then(([r, c]) => {
          setRows(r);
          setCounts(c);
          setError(null);
        })
        .catch((e: unknown) => setError(errorText(t, e))),
    [api, filter, t],
  );
  useEffect(() => void reload(), [reload]);
  useEffect(() => api.on('takedowns.changed', () => void reload()), [api, reload]);

  const groups = useMemo(() => {
    const m = new Map<string, TakedownSummary[]>();
    for (const r of rows ?? []) m.set(r.host, [...(m.get(r.host) ?? []), r]);
    return [...m.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  }, [rows]);

  if (selected !== null)
    return (
      <RequestDetail
        id={selected}
        role={props.role}
        onBack={() => {
          setSelected(null);
          void reload();
        }}
      />
    );

  return (
    <Stack gap="lg" data-testid="takedown-requests">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {COUNT_KEYS.map((k) => (
          <Paper key={k} withBorder p="sm">
            <Text size="xs" c="dimmed">
              {t(`takedowns.counts.${k}`)}
            </Text>
            <Text
              size="xl"
              fw={600}
              c={k !== 'open' && counts && counts[k] > 0 ? 'red.7' : undefined}
              data-testid={`takedown-count-${k}`}
            >
              {counts ? counts[k] : '…'}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={FILTERS.map((f) => ({ value: f, label: t(`takedowns.filters.${f}`) }))}
          data-testid="takedown-filter"
        />
        {/* Buttons that act on the listed requests (exports) go here. */}
        <Group gap="xs" data-testid="takedown-list-actions">
          <ExportMenu requestIds={rows?.map((r) => r.id)} />
        </Group>
      </Group>
      {error ? (
        <Text c="red" role="alert">
          {error}
        </Text>
      ) : null}
      {rows && rows.length === 0 ? (
        counts?.total === 0 ? (
          <AreaEmptyCard area="takedowns" py={48} />
        ) : (
          <Paper withBorder p="lg">
            <Text c="dimmed" data-testid="takedown-empty">
              {t('takedowns.list.empty')}
            </Text>
          </Paper>
        )
      ) : null}
      {groups.map(([host, list]) => (
        <Paper key={host} withBorder p="md" data-testid={`takedown-host-${host}`}>
          <Group justify="space-between" mb="sm">
            <Group gap="sm">
              <Title order={3} style={{ wordBreak: 'break-all' }}>
                {host}
              </Title>
              <Text c="dimmed" size="sm">
                {list[0]!.platformName ?? t('takedowns.list.noPlatform')}
              </Text>
              <SendDraftsButton
                host={host}
                requests={list}
                role={props.role}
                onDone={() => void reload()}
                onError={(e) => setError(errorText(t, e))}
              />
            </Group>
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {t('takedowns.list.requests', { count: list.length })}
              </Text>
              <NoticeButton host={host} requests={list} />
            </Group>
          </Group>
          <RequestsTable list={list} onOpen={setSelected} />
        </Paper>
      ))}
    </Stack>
  );
}
