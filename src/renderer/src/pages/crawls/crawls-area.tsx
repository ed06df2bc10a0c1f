/**
 * The Crawls area (monitors, admins): the configured sites with their last run, starting a crawl,
 * and the selected run's live progress, log and matches.
 */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrawlRunInfo, SiteInfo } from '../../../../shared/crawl-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { RunPanel } from './run-panel';
import { SiteForm } from './site-form';
import { ArchivedSiteTable, SiteTable, type SiteActions } from './site-tables';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; site: SiteInfo };

export function CrawlsArea() {
  const { t } = useTranslation();
  const api = useApi();
  const [sites, setSites] = useState<SiteInfo[] | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [run, setRun] = useState<CrawlRunInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      api
        .call('sites.list', {})
        .then(setSites)
        .catch((e: unknown) => setError(errorText(t, e))),
    [api, t],
  );
  useEffect(() => void reload(), [reload]);
  // A running crawl's counters update its site's row as they come; a state change (finished,
  // paused) or a run this list does not know yet re-reads the list.
  useEffect(
    () =>
      api.on('crawl.progress', (p) => {
        let known = false;
        setSites((list) =>
          list === null
            ? list
            : list.map((s) => {
                if (s.id !== p.siteId || s.lastRun?.id !== p.runId) return s;
                known = true;
                const { runId: _runId, siteId: _siteId, ...counters } = p;
                return { ...s, lastRun: { ...s.lastRun, ...counters } };
              }),
        );
        if (p.state !== 'running' || !known) void reload();
      }),
    [api, reload],
  );

  const archive = (site: SiteInfo, archived: boolean) => {
    if (
      archived &&
      !window.confirm(t('crawls.archiveConfirm', { name: site.config.name, count: site.matches }))
    )
      return;
    void api
      .call('sites.archive', { id: site.id, archived })
      .then(() => reload())
      .catch((e: unknown) => setError(errorText(t, e)));
  };

  const remove = (site: SiteInfo) => {
    if (!window.confirm(t('crawls.deleteConfirm', { name: site.config.name }))) return;
    void api
      .call('sites.delete', { id: site.id })
      .then(() => {
        if (run?.siteId === site.id) setRun(null);
        return reload();
      })
      .catch((e: unknown) => setError(errorText(t, e)));
  };

  const active = (sites ?? []).filter((s) => s.archivedAt === null);
  const archivedSites = (sites ?? []).filter((s) => s.archivedAt !== null);

  const start = (site: SiteInfo) =>
    api
      .call('crawls.start', { siteId: site.id })
      .then((r) => {
        setRun(r);
        void reload();
      })
      .catch((e: unknown) => setError(errorText(t, e)));

  const act: SiteActions = {
    showRun: setRun,
    edit: (site) => setEditing({ kind: 'edit', site }),
    start: (site) => void start(site),
    archive,
    remove,
  };

  if (editing.kind !== 'none')
    return (
      <SiteForm
        site={editing.kind === 'edit' ? editing.site : undefined}
        onDone={() => {
          setEditing({ kind: 'none' });
          void reload();
        }}
      />
    );

  return (
    <Stack gap="lg" maw={1200} data-testid="area-crawls">
      <Group justify="space-between">
        <Title order={1}>{t('nav.crawls')}</Title>
        <Button
          leftSection={<IconPlus size={18} />}
          onClick={() => setEditing({ kind: 'new' })}
          data-testid="site-new"
        >
          {t('crawls.newSite')}
        </Button>
      </Group>
      {error ? (
        <Text c="red" role="alert">
          {error}
        </Text>
      ) : null}
      <Paper withBorder p="md">
        <Title order={2} mb="sm">
          {t('crawls.sites')}
        </Title>
        <SiteTable sites={active} loaded={sites !== null} act={act} />
      </Paper>
      {archivedSites.length ? (
        <Paper withBorder p="md" data-testid="archived-sites">
          <Title order={2} mb="xs">
            {t('crawls.archived')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('crawls.archivedHint')}
          </Text>
          <ArchivedSiteTable sites={archivedSites} act={act} />
        </Paper>
      ) : null}
      {run ? <RunPanel key={run.id} run={run} /> : null}
    </Stack>
  );
}
