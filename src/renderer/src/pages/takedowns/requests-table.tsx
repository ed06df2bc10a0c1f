/**
 * One host's requests in the Requests tab: the page (a link that opens the request), its cases or
 * lists, its images (and how many are gone), its state with what is due, its deadline (overdue in
 * red) and when it was last checked.
 */
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TakedownSummary } from '../../../../shared/takedown-types';
import { DataTable } from '../../components/data-table';
import { STATE_COLOURS, pathOf, when } from './format';

function StateBadges({ r }: { r: TakedownSummary }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge color={STATE_COLOURS[r.state]} data-testid={`takedown-state-${r.id}`}>
        {t(`takedowns.states.${r.state}`)}
      </Badge>
      {r.resendDue ? (
        <Badge color="yellow" variant="light">
          {t('takedowns.list.resendDue')}
        </Badge>
      ) : null}
      {r.flaggedAt && !r.closedAt ? (
        <Badge color="red" variant="light">
          {t('takedowns.list.flagged')}
        </Badge>
      ) : null}
    </Group>
  );
}

export function RequestsTable(props: { list: TakedownSummary[]; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  return (
    <DataTable
      rows={props.list}
      rowKey={(r) => r.id}
      verticalSpacing="xs"
      highlightOnHover
      rowProps={(r) => ({
        'data-testid': `takedown-row-${r.id}`,
        bg: r.overdue ? 'var(--mantine-color-red-0)' : undefined,
      })}
      columns={[
        {
          key: 'url',
          header: t('takedowns.list.url'),
          maw: 420,
          breakAll: true,
          cell: (r) => (
            <>
              <Anchor
                component="button"
                type="button"
                ta="left"
                title={r.url}
                onClick={() => props.onOpen(r.id)}
                data-testid={`takedown-open-${r.id}`}
              >
                #{r.id} · {pathOf(r.url)}
              </Anchor>
              {r.reuploadOf !== null ? (
                <Text size="xs" c="dimmed">
                  {t('takedowns.list.reupload', { id: r.reuploadOf })}
                </Text>
              ) : null}
            </>
          ),
        },
        {
          key: 'cases',
          header: t('takedowns.list.cases'),
          nowrap: true,
          cell: (r) =>
            [
              ...r.caseCodes,
              ...r.hashLists.map((name) => t('takedowns.list.fromList', { name })),
            ].join(', '),
        },
        {
          key: 'images',
          header: t('takedowns.list.images'),
          cell: (r) =>
            r.imagesGone > 0
              ? t('takedowns.list.gone', { gone: r.imagesGone, total: r.images })
              : r.images,
        },
        { key: 'state', header: t('takedowns.list.state'), cell: (r) => <StateBadges r={r} /> },
        {
          key: 'deadline',
          header: t('takedowns.list.deadline'),
          cell: (r) => (
            <Text size="sm" c={r.overdue ? 'red.8' : undefined} fw={r.overdue ? 600 : 400}>
              {when(r.deadlineAt, lang)}
              {r.overdue ? ` · ${t('takedowns.list.overdue')}` : ''}
            </Text>
          ),
        },
        {
          key: 'checked',
          header: t('takedowns.list.lastCheck'),
          cell: (r) => (
            <Text size="sm">
              {r.lastCheckedAt ? when(r.lastCheckedAt, lang) : t('takedowns.list.never')}
            </Text>
          ),
        },
      ]}
    />
  );
}
