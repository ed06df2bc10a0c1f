/**
 * The Crawls area's two lists of sites: the active ones (last run with its live progress, and the
 * buttons to edit, start, archive or delete) and the archived ones (kept for their matches).
 */
import { Badge, Button, Group, Stack } from '@mantine/core';
import { IconArchive, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CrawlRunInfo, SiteInfo } from '../../../../shared/crawl-types';
import { DataTable, type Column } from '../../components/data-table';
import { CrawlProgressBar } from './crawl-progress-bar';
import { STATE_COLOURS } from './run-panel';

/** What a site's buttons do; the area holds the state. */
export interface SiteActions {
  showRun: (run: CrawlRunInfo) => void;
  edit: (site: SiteInfo) => void;
  start: (site: SiteInfo) => void;
  archive: (site: SiteInfo, archived: boolean) => void;
  remove: (site: SiteInfo) => void;
}

/** The name and start addresses, first in both lists. */
function useSiteColumns(headed: boolean): Column<SiteInfo>[] {
  const { t } = useTranslation();
  return [
    { key: 'name', header: headed ? t('crawls.name') : undefined, cell: (s) => s.config.name },
    {
      key: 'urls',
      header: headed ? t('crawls.startUrls') : undefined,
      breakAll: true,
      cell: (s) => s.config.startUrls.join(' '),
    },
  ];
}

function LastRun({ site: s, onShow }: { site: SiteInfo; onShow: (run: CrawlRunInfo) => void }) {
  const { t } = useTranslation();
  if (!s.lastRun) return t('crawls.never');
  const run = s.lastRun;
  return (
    <Stack gap={4} align="flex-start">
      <Button
        variant="subtle"
        size="compact-sm"
        onClick={() => onShow(run)}
        styles={{ label: { overflow: 'visible' } }}
        data-testid="site-last-run"
      >
        <Badge color={STATE_COLOURS[run.state]} mr="xs">
          {t(`crawls.states.${run.state}`)}
        </Badge>
        {run.failure ? null : (
          <span data-testid="site-counts">
            {run.state === 'running' ? `${run.pages} ${t('crawls.pages')} · ` : null}
            {run.matches} {t('crawls.matches')}
          </span>
        )}
      </Button>
      {run.state === 'running' ? (
        <CrawlProgressBar run={run} compact testId="site-progress" />
      ) : null}
    </Stack>
  );
}

function SiteButtons({ site: s, act }: { site: SiteInfo; act: SiteActions }) {
  const { t } = useTranslation();
  const running = s.lastRun?.state === 'running';
  return (
    <Group gap="xs" justify="flex-end">
      <Button variant="default" size="xs" onClick={() => act.edit(s)}>
        {t('crawls.edit')}
      </Button>
      <Button
        size="xs"
        leftSection={<IconPlayerPlay size={14} />}
        disabled={!s.config.enabled || running}
        onClick={() => act.start(s)}
        data-testid="site-start"
      >
        {t('crawls.start')}
      </Button>
      <Button
        variant="subtle"
        color="gray"
        size="xs"
        leftSection={<IconArchive size={14} />}
        disabled={running}
        onClick={() => act.archive(s, true)}
        data-testid="site-archive"
      >
        {t('crawls.archive')}
      </Button>
      {s.matches === 0 ? (
        <Button
          variant="subtle"
          color="red"
          size="xs"
          leftSection={<IconTrash size={14} />}
          disabled={running}
          onClick={() => act.remove(s)}
          data-testid="site-delete"
        >
          {t('crawls.delete')}
        </Button>
      ) : null}
    </Group>
  );
}

/** The sites in use; `loaded` is false until the first answer (no "none" before it). */
export function SiteTable(props: { sites: SiteInfo[]; loaded: boolean; act: SiteActions }) {
  const { t } = useTranslation();
  const first = useSiteColumns(true);
  return (
    <DataTable
      testId="site-list"
      rows={props.sites}
      rowKey={(s) => s.id}
      empty={props.loaded ? { text: t('crawls.noSites') } : undefined}
      rowProps={(s) => ({ 'data-testid': `site-row-${s.config.name}` })}
      columns={[
        ...first,
        {
          key: 'mode',
          header: t('crawls.renderMode'),
          cell: (s) => (
            <>
              {t(`crawls.modes.${s.config.renderMode}`)}
              {s.config.enabled ? null : (
                <Badge color="gray" variant="light" ml="xs">
                  {t('crawls.disabled')}
                </Badge>
              )}
            </>
          ),
        },
        {
          key: 'last',
          header: t('crawls.lastRun'),
          nowrap: true,
          cell: (s) => <LastRun site={s} onShow={props.act.showRun} />,
        },
        { key: 'actions', header: '', cell: (s) => <SiteButtons site={s} act={props.act} /> },
      ]}
    />
  );
}

/** Archived sites: no header row, their matches and when they were archived. */
export function ArchivedSiteTable(props: { sites: SiteInfo[]; act: SiteActions }) {
  const { t, i18n } = useTranslation();
  const first = useSiteColumns(false);
  return (
    <DataTable
      rows={props.sites}
      rowKey={(s) => s.id}
      rowProps={(s) => ({ 'data-testid': `archived-row-${s.config.name}` })}
      columns={[
        ...first,
        { key: 'matches', cell: (s) => `${s.matches} ${t('crawls.matches')}` },
        {
          key: 'archived',
          cell: (s) =>
            t('crawls.archivedOn', {
              date: new Date(s.archivedAt!).toLocaleDateString(i18n.language),
            }),
        },
        {
          key: 'actions',
          cell: (s) => (
            <Group gap="xs" justify="flex-end">
              {s.lastRun ? (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => props.act.showRun(s.lastRun!)}
                >
                  {t('crawls.lastRun')}
                </Button>
              ) : null}
              <Button
                variant="default"
                size="xs"
                onClick={() => props.act.archive(s, false)}
                data-testid="site-unarchive"
              >
                {t('crawls.unarchive')}
              </Button>
            </Group>
          ),
        },
      ]}
    />
  );
}
