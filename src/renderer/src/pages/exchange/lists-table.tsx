/**
 * The imported hash lists (Hash lists tab): kind (lists of content to find, or known benign
 * pictures that keep matches out of the queue), hashes, matches or suppressed images, each
 * list's own PDQ distance (editable), whether it is held in quarantine, and whether crawls use it.
 */
import { Badge, Button, NumberInput, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HashListInfo } from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';
import { DataTable } from '../../components/data-table';

function DistanceCell(props: { list: HashListInfo; onSave: (d: number) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | string>(props.list.pdqDistance);
  const save = () => {
    const d = Number(value);
    if (Number.isInteger(d) && d >= 0 && d <= 64 && d !== props.list.pdqDistance) props.onSave(d);
  };
  return (
    <NumberInput
      size="xs"
      w={90}
      min={0}
      max={64}
      value={value}
      onChange={setValue}
      onBlur={save}
      onKeyDown={(e) => e.key === 'Enter' && save()}
      aria-label={t('exchange.distanceOf', { name: props.list.name })}
      suffix={` ${t('exchange.bits')}`}
      data-testid="list-distance"
    />
  );
}

/** What the tab's tables call after a change: read the lists again, or show the error. */
export interface TabCallbacks {
  refresh: () => void;
  fail: (e: unknown) => void;
}

export function ListsTable(props: TabCallbacks & { lists: HashListInfo[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const { refresh, fail } = props;
  return (
    <DataTable
      testId="exchange-lists"
      rows={props.lists}
      rowKey={(l) => l.id}
      empty={{ text: t('exchange.noLists') }}
      rowProps={() => ({ 'data-testid': 'exchange-list-row' })}
      columns={[
        { key: 'name', header: t('exchange.name'), cell: (l) => l.name },
        {
          key: 'kind',
          header: t('exchange.kind'),
          cell: (l) => (
            <Badge variant="light" color={l.kind === 'benign' ? 'teal' : 'blue'}>
              {t(`exchange.kinds.${l.kind}`)}
            </Badge>
          ),
        },
        { key: 'source', header: t('exchange.source'), cell: (l) => l.source },
        {
          key: 'entries',
          header: t('exchange.entries'),
          align: 'right',
          cell: (l) => (
            <>
              {l.entries}
              {l.videoEntries ? (
                <Text span size="xs" c="dimmed">
                  {' '}
                  {t('exchange.videoEntries', { count: l.videoEntries })}
                </Text>
              ) : null}
            </>
          ),
        },
        {
          key: 'matches',
          header: t('exchange.matchesOrSuppressed'),
          align: 'right',
          cell: (l) =>
            l.kind === 'benign'
              ? t('exchange.suppressed', { count: l.suppressed })
              : l.matches.pending + l.matches.confirmed + l.matches.rejected,
        },
        {
          key: 'distance',
          header: t('exchange.distance'),
          cell: (l) => (
            <DistanceCell
              key={l.pdqDistance}
              list={l}
              onSave={(pdqDistance) =>
                api.call('exchange.setDistance', { id: l.id, pdqDistance }).then(refresh, fail)
              }
            />
          ),
        },
        { key: 'state', header: t('exchange.listState'), cell: (l) => <ListState list={l} /> },
        {
          key: 'inUse',
          header: t('exchange.inUse'),
          cell: (l) => (
            <Switch
              checked={l.enabled}
              onChange={(e) =>
                api
                  .call('exchange.setEnabled', { id: l.id, enabled: e.currentTarget.checked })
                  .then(refresh, fail)
              }
              aria-label={t('exchange.inUse')}
            />
          ),
        },
        {
          key: 'delete',
          header: '',
          cell: (l) => (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              onClick={() => {
                if (window.confirm(t('exchange.confirmDelete', { name: l.name }))) {
                  api.call('exchange.delete', { id: l.id }).then(refresh, fail);
                }
              }}
            >
              {t('exchange.delete')}
            </Button>
          ),
        },
      ]}
    />
  );
}

/** Whether a list, or some of its entries, is held in quarantine. */
function ListState({ list: l }: { list: HashListInfo }) {
  const { t } = useTranslation();
  const held = l.quarantine || l.quarantinedEntries;
  return (
    <Badge color={held ? 'orange' : 'gray'} variant="light" data-testid="list-state">
      {!held
        ? t('exchange.ok')
        : l.quarantine
          ? t('exchange.quarantined')
          : t('exchange.entriesQuarantined', { count: l.quarantinedEntries })}
    </Badge>
  );
}
