/**
 * The Crawls area (monitors, admins): the configured sites with their last run, starting a crawl,
 * and the selected run's live progress, log and matches.
 */
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconArchive, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrawlRunInfo, SiteInfo } from '../../../../shared/crawl-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { CrawlProgressBar } from './crawl-progress-bar';
import { RunPanel, STATE_COLOURS } from './run-panel';
import { SiteForm } from './site-form';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; site: SiteInfo };

export function CrawlsArea() {
  const { t, i18n } = useTranslation();
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
        {sites && active.length === 0 ? (
          <Text c="dimmed">{t('crawls.noSites')}</Text>
        ) : (
          <Table data-testid="site-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crawls.name')}</Table.Th>
                <Table.Th>{t('crawls.startUrls')}</Table.Th>
                <Table.Th>{t('crawls.renderMode')}</Table.Th>
                <Table.Th>{t('crawls.lastRun')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {active.map((s) => (
                <Table.Tr key={s.id} data-testid={`site-row-${s.config.name}`}>
                  <Table.Td>{s.config.name}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {s.config.startUrls.join(' ')}
                  </Table.Td>
                  <Table.Td>
                    {t(`crawls.modes.${s.config.renderMode}`)}
                    {s.config.enabled ? null : (
                      <Badge color="gray" variant="light" ml="xs">
                        {t('crawls.disabled')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {s.lastRun ? (
                      <Stack gap={4} align="flex-start">
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          onClick={() => setRun(s.lastRun)}
                          styles={{ label: { overflow: 'visible' } }}
                          data-testid="site-last-run"
                        >
                          <Badge color={STATE_COLOURS[s.lastRun.state]} mr="xs">
                            {t(`crawls.states.${s.lastRun.state}`)}
                          </Badge>
                          {s.lastRun.failure ? null : (
                            <span data-testid="site-counts">
                              {s.lastRun.state === 'running'
                                ? `${s.lastRun.pages} ${t('crawls.pages')} · `
                                : null}
                              {s.lastRun.matches} {t('crawls.matches')}
                            </span>
                          )}
                        </Button>
                        {s.lastRun.state === 'running' ? (
                          <CrawlProgressBar run={s.lastRun} compact testId="site-progress" />
                        ) : null}
                      </Stack>
                    ) : (
                      t('crawls.never')
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      <Button
                        variant="default"
                        size="xs"
                        onClick={() => setEditing({ kind: 'edit', site: s })}
                      >
                        {t('crawls.edit')}
                      </Button>
                      <Button
                        size="xs"
                        leftSection={<IconPlayerPlay size={14} />}
                        disabled={!s.config.enabled || s.lastRun?.state === 'running'}
                        onClick={() => void start(s)}
                        data-testid="site-start"
                      >
                        {t('crawls.start')}
                      </Button>
                      <Button
                        variant="subtle"
                        color="gray"
                        size="xs"
                        leftSection={<IconArchive size={14} />}
                        disabled={s.lastRun?.state === 'running'}
                        onClick={() => archive(s, true)}
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
                          disabled={s.lastRun?.state === 'running'}
                          onClick={() => remove(s)}
                          data-testid="site-delete"
                        >
                          {t('crawls.delete')}
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {archivedSites.length ? (
        <Paper withBorder p="md" data-testid="archived-sites">
          <Title order={2} mb="xs">
            {t('crawls.archived')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('crawls.archivedHint')}
          </Text>
          <Table>
            <Table.Tbody>
              {archivedSites.map((s) => (
                <Table.Tr key={s.id} data-testid={`archived-row-${s.config.name}`}>
                  <Table.Td>{s.config.name}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {s.config.startUrls.join(' ')}
                  </Table.Td>
                  <Table.Td>
                    {s.matches} {t('crawls.matches')}
                  </Table.Td>
                  <Table.Td>
                    {t('crawls.archivedOn', {
                      date: new Date(s.archivedAt!).toLocaleDateString(i18n.language),
                    })}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end">
                      {s.lastRun ? (
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          onClick={() => setRun(s.lastRun)}
                        >
                          {t('crawls.lastRun')}
                        </Button>
                      ) : null}
                      <Button
                        variant="default"
                        size="xs"
                        onClick={() => archive(s, false)}
                        data-testid="site-unarchive"
                      >
                        {t('crawls.unarchive')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
      {run ? <RunPanel key={run.id} run={run} /> : null}
    </Stack>
  );
}
