/**
 * What the imported lists found (Hash lists tab): the list, the page, when, the distance, the
 * review state, and buttons to confirm or reject each match.
 */
import { Badge, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ListMatchInfo } from '../../../../shared/exchange-types';
import { useApi } from '../../api/api-context';
import { DataTable } from '../../components/data-table';
import type { TabCallbacks } from './lists-table';

const STATE_COLOURS: Record<ListMatchInfo['reviewState'], string> = {
  confirmed: 'green',
  rejected: 'gray',
  pending: 'blue',
};

export function ListMatchesTable(props: TabCallbacks & { matches: ListMatchInfo[] }) {
  const { t } = useTranslation();
  const api = useApi();
  return (
    <DataTable
      testId="exchange-matches"
      rows={props.matches}
      rowKey={(m) => m.id}
      empty={{ text: t('exchange.noMatches') }}
      columns={[
        { key: 'list', header: t('exchange.list'), cell: (m) => m.listName },
        {
          key: 'page',
          header: t('exchange.page'),
          breakAll: true,
          td: { ff: 'monospace', fz: 'xs' },
          cell: (m) => m.pageUrl,
        },
        {
          key: 'found',
          header: t('exchange.found'),
          cell: (m) => m.foundAt.slice(0, 16).replace('T', ' '),
        },
        {
          key: 'distance',
          header: t('exchange.distance'),
          align: 'right',
          cell: (m) => `${m.algo} ${m.distance}`,
        },
        {
          key: 'state',
          header: t('exchange.state'),
          cell: (m) => (
            <Badge variant="light" color={STATE_COLOURS[m.reviewState]}>
              {t(`exchange.states.${m.reviewState}`)}
            </Badge>
          ),
        },
        {
          key: 'decide',
          header: '',
          cell: (m) => (
            <Group gap="xs" wrap="nowrap">
              {(['confirmed', 'rejected'] as const).map((state) => (
                <Button
                  key={state}
                  size="xs"
                  variant="default"
                  disabled={m.reviewState === state}
                  onClick={() =>
                    api
                      .call('exchange.reviewMatch', { id: m.id, state })
                      .then(props.refresh, props.fail)
                  }
                >
                  {t(state === 'confirmed' ? 'exchange.confirm' : 'exchange.reject')}
                </Button>
              ))}
            </Group>
          ),
        },
      ]}
    />
  );
}
