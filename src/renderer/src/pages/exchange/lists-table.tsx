/**
 * The imported hash lists (Hash lists tab): kind (lists of content to find, or known benign
 * pictures that keep matches out of the queue), hashes, matches or suppressed images, each
 * list's own PDQ distance (editable), whether it is held in quarantine, and whether crawls use it.
 */
import { Badge, Button, NumberInput, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HashListInfo } from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';

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

export function ListsTable(props: {
  lists: HashListInfo[];
  refresh: () => void;
  fail: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { refresh, fail } = props;
  if (props.lists.length === 0) return <Text c="dimmed">{t('exchange.noLists')}</Text>;
  return (
    <Table data-testid="exchange-lists">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('exchange.name')}</Table.Th>
          <Table.Th>{t('exchange.kind')}</Table.Th>
          <Table.Th>{t('exchange.source')}</Table.Th>
          <Table.Th ta="right">{t('exchange.entries')}</Table.Th>
          <Table.Th ta="right">{t('exchange.matchesOrSuppressed')}</Table.Th>
          <Table.Th>{t('exchange.distance')}</Table.Th>
          <Table.Th>{t('exchange.listState')}</Table.Th>
          <Table.Th>{t('exchange.inUse')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.lists.map((l) => (
          <Table.Tr key={l.id} data-testid="exchange-list-row">
            <Table.Td>{l.name}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={l.kind === 'benign' ? 'teal' : 'blue'}>
                {t(`exchange.kinds.${l.kind}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{l.source}</Table.Td>
            <Table.Td ta="right">
              {l.entries}
              {l.videoEntries ? (
                <Text span size="xs" c="dimmed">
                  {' '}
                  {t('exchange.videoEntries', { count: l.videoEntries })}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td ta="right">
              {l.kind === 'benign'
                ? t('exchange.suppressed', { count: l.suppressed })
                : l.matches.pending + l.matches.confirmed + l.matches.rejected}
            </Table.Td>
            <Table.Td>
              <DistanceCell
                key={l.pdqDistance}
                list={l}
                onSave={(pdqDistance) =>
                  api.call('exchange.setDistance', { id: l.id, pdqDistance }).then(refresh, fail)
                }
              />
            </Table.Td>
            <Table.Td>
              {l.quarantine || l.quarantinedEntries ? (
                <Badge color="orange" variant="light" data-testid="list-state">
                  {l.quarantine
                    ? t('exchange.quarantined')
                    : t('exchange.entriesQuarantined', { count: l.quarantinedEntries })}
                </Badge>
              ) : (
                <Badge color="gray" variant="light" data-testid="list-state">
                  {t('exchange.ok')}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Switch
                checked={l.enabled}
                onChange={(e) =>
                  api
                    .call('exchange.setEnabled', { id: l.id, enabled: e.currentTarget.checked })
                    .then(refresh, fail)
                }
                aria-label={t('exchange.inUse')}
              />
            </Table.Td>
            <Table.Td>
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
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
