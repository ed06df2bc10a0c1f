/**
 * The Crawls area (monitors, admins): the configured sites with their last run, starting a crawl,
 * and the selected run's live progress, log and matches.
 */
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrawlRunInfo, SiteInfo } from '../../../../shared/crawl-types';
import { useApi } from '../../api/api-context';
import { errorText } from '../../api/error-text';
import { RunPanel, STATE_COLOURS } from './run-panel';
import { SiteForm } from './site-form';

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
  // A run's state change (finished, paused) shows in the site list too.
  useEffect(
    () =>
      api.on('crawl.progress', (p) => {
        if (p.state !== 'running') void reload();
      }),
    [api, reload],
  );

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
        {sites && sites.length === 0 ? (
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
              {(sites ?? []).map((s) => (
                <Table.Tr key={s.id} data-testid={`site-row-${s.config.name}`}>
                  <Table.Td>{s.config.name}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {s.config.startUrls.join(' ')}
                  </Table.Td>
                  <Table.Td>{s.config.renderMode}</Table.Td>
                  <Table.Td>
                    {s.lastRun ? (
                      <Button variant="subtle" size="compact-sm" onClick={() => setRun(s.lastRun)}>
                        <Badge color={STATE_COLOURS[s.lastRun.state]} mr="xs">
                          {t(`crawls.states.${s.lastRun.state}`)}
                        </Badge>
                        {s.lastRun.matches} {t('crawls.matches')}
                      </Button>
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
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {run ? <RunPanel key={run.id} run={run} /> : null}
    </Stack>
  );
}
