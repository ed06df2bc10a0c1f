/**
 * The three tables of a takedown request's detail: the images on the page with their re-check
 * status, the re-checks with their evidence, and the history of who did what (newest first).
 */
import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type {
  RequestEdit,
  TakedownCheck,
  TakedownDetail,
  TakedownState,
} from '../../../../shared/takedown-types';
import { DataTable } from '../../components/data-table';
import { when } from './format';

export function ImagesTable({ r }: { r: TakedownDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  return (
    <DataTable
      testId="takedown-images"
      rows={r.items}
      rowKey={(i) => i.id}
      columns={[
        {
          key: 'case',
          header: t('takedowns.detail.caseCode'),
          cell: (i) =>
            i.caseCode ?? (i.hashList ? t('takedowns.list.fromList', { name: i.hashList }) : '—'),
        },
        {
          key: 'url',
          header: t('takedowns.detail.imageUrl'),
          maw: 360,
          breakAll: true,
          cell: (i) => i.imageUrl,
        },
        {
          key: 'sha',
          header: t('takedowns.detail.sha256'),
          cell: (i) => (
            <Text size="xs" ff="monospace" title={i.imageSha256}>
              {i.imageSha256.slice(0, 16)}…
            </Text>
          ),
        },
        {
          key: 'found',
          header: t('takedowns.detail.foundAt'),
          cell: (i) => when(i.foundAt, lang),
        },
        {
          key: 'status',
          header: t('takedowns.detail.status'),
          cell: (i) =>
            i.goneAt ? (
              <Badge color="sage" variant="light">
                {t(`takedowns.detail.goneReasons.${i.goneReason}`, {
                  defaultValue: i.goneReason ?? '',
                })}
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                {t('takedowns.detail.present')}
              </Badge>
            ),
        },
      ]}
    />
  );
}

export function ChecksTable({ checks }: { checks: TakedownCheck[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  return (
    <DataTable
      testId="takedown-checks"
      rows={checks}
      rowKey={(c) => c.id}
      columns={[
        { key: 'at', header: t('takedowns.detail.checkedAt'), cell: (c) => when(c.at, lang) },
        {
          key: 'by',
          header: t('takedowns.detail.by'),
          cell: (c) => c.actor ?? t('takedowns.detail.system'),
        },
        {
          key: 'page',
          header: t('takedowns.detail.pageStatus'),
          cell: (c) => c.pageStatus ?? '—',
        },
        {
          key: 'outcome',
          header: t('takedowns.detail.outcome'),
          cell: (c) => (
            <Badge
              variant="light"
              color={c.outcome === 'removed' ? 'sage' : c.outcome === 'error' ? 'orange' : 'gray'}
            >
              {t(`takedowns.detail.outcomes.${c.outcome}`)}
            </Badge>
          ),
        },
        {
          key: 'evidence',
          header: t('takedowns.detail.evidence'),
          cell: (c) => (
            <Stack gap={2}>
              {c.error ? (
                <Text size="xs" c="orange.8">
                  {c.error}
                </Text>
              ) : null}
              {c.images.map((i) => (
                <Text key={i.url} size="xs" style={{ wordBreak: 'break-all' }}>
                  {i.url.replace(/^https?:\/\/[^/]+/, '')} · {i.status ?? '—'}
                  {i.sha256 ? ` · ${i.sha256.slice(0, 12)}…` : ''}
                  {i.gone
                    ? ` · ${t(`takedowns.detail.goneReasons.${i.reason}`, {
                        defaultValue: i.reason ?? '',
                      })}`
                    : ''}
                  {i.error ? ` · ${i.error}` : ''}
                </Text>
              ))}
            </Stack>
          ),
        },
      ]}
    />
  );
}

type Event = TakedownDetail['events'][number];

export function HistoryTable({ events }: { events: Event[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const eventText = (e: Event) => {
    if (e.kind === 'state')
      return t('takedowns.detail.events.state', {
        from: t(`takedowns.states.${e.fromState as TakedownState}`),
        to: t(`takedowns.states.${e.toState as TakedownState}`),
      });
    if (e.kind === 'edited')
      return t('takedowns.detail.events.edited', {
        fields: ((e.detail['fields'] as string[] | undefined) ?? [])
          .map((f) => t(`takedowns.detail.${f as keyof RequestEdit}`))
          .join(', '),
      });
    if (e.kind === 'checked')
      return t('takedowns.detail.events.checked', {
        outcome: t(`takedowns.detail.outcomes.${e.detail['outcome'] as TakedownCheck['outcome']}`),
      });
    return t(`takedowns.detail.events.${e.kind}`);
  };
  return (
    <DataTable
      testId="takedown-history"
      rows={[...events].reverse()}
      rowKey={(e) => e.id}
      columns={[
        { key: 'at', w: 200, cell: (e) => when(e.at, lang) },
        { key: 'by', w: 180, cell: (e) => e.actor ?? t('takedowns.detail.system') },
        {
          key: 'what',
          cell: (e) => (
            <>
              {eventText(e)}
              {typeof e.detail['note'] === 'string' && e.detail['note'] ? (
                <Text span c="dimmed" size="sm">
                  {' '}
                  — {e.detail['note']}
                </Text>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}
