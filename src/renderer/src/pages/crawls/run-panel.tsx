/**
 * One crawl run: a progress bar and live counters (crawl.progress events), pause/resume/cancel,
 * its matches, and its log grouped by kind in words (raw lines one click away).
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CrawlCounters,
  CrawlLogEntry,
  CrawlMatchInfo,
  CrawlRunInfo,
  CrawlRunState,
} from '../../../../shared/crawl-types';
import { useApi } from '../../api/api-context';
import { DataTable } from '../../components/data-table';
import { errorText } from '../../api/error-text';
import { CrawlProgressBar } from './crawl-progress-bar';
import { LogGroups } from './log-groups';

export const STATE_COLOURS: Record<CrawlRunState, string> = {
  running: 'blue',
  paused: 'yellow',
  interrupted: 'orange',
  cancelled: 'gray',
  finished: 'sage',
  failed: 'red',
};

const COUNTERS = [
  'pages',
  'images',
  'hashed',
  'matches',
  'errors',
  'skipped',
  'queued',
] as const satisfies readonly (keyof CrawlCounters)[];

export function RunPanel(props: { run: CrawlRunInfo }) {
  const { t } = useTranslation();
  const api = useApi();
  const [run, setRun] = useState(props.run);
  const [log, setLog] = useState<CrawlLogEntry[]>([]);
  const [matches, setMatches] = useState<CrawlMatchInfo[]>([]);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runId = props.run.id;

  useEffect(
    () =>
      api.on('crawl.progress', (p) => {
        if (p.runId === runId) setRun((r) => ({ ...r, ...p, id: runId }));
      }),
    [api, runId],
  );
  // The log and the matches follow the run: re-read while it runs, and once when it ends.
  useEffect(() => {
    let live = true;
    const load = () =>
      Promise.all([
        api.call('crawls.log', { runId, limit: 1000 }),
        api.call('crawls.matches', { runId, limit: 500 }),
      ]).then(([l, m]) => {
        if (!live) return;
        setLog(l);
        setMatches(m);
      });
    void load().catch((e: unknown) => setError(errorText(t, e)));
    // Only a running crawl is re-read: every call counts as activity for the idle lock, so a
    // finished run left on screen must not keep the session from locking.
    const timer =
      run.state === 'running'
        ? setInterval(() => void load().catch(() => undefined), 1500)
        : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, runId, run.state, t]);

  const act = (method: 'crawls.pause' | 'crawls.resume' | 'crawls.cancel') =>
    api
      .call(method, { runId })
      .then(setRun)
      .catch((e: unknown) => setError(errorText(t, e)));
  // Why a failed run fetched nothing: from the run, or (when it ended on screen) its last log line.
  const failure =
    run.state !== 'failed'
      ? null
      : (run.failure ??
        log.map((l) => l.code).find((c) => c === 'start-refused' || c === 'nothing-fetched') ??
        null);
  const shown = problemsOnly ? log.filter((l) => l.level !== 'info') : log;

  return (
    <Stack gap="md" data-testid="run-panel">
      <Group justify="space-between">
        <Group>
          <Title order={3}>
            {run.siteName} #{run.id}
          </Title>
          <Badge color={STATE_COLOURS[run.state]} data-testid="run-state">
            {t(`crawls.states.${run.state}`)}
          </Badge>
        </Group>
        <Group>
          {run.state === 'running' ? (
            <>
              <Button
                variant="default"
                onClick={() => void act('crawls.pause')}
                data-testid="run-pause"
              >
                {t('crawls.pause')}
              </Button>
              <Button color="red" variant="light" onClick={() => void act('crawls.cancel')}>
                {t('crawls.stop')}
              </Button>
            </>
          ) : null}
          {run.state === 'paused' || run.state === 'interrupted' ? (
            <Button onClick={() => void act('crawls.resume')} data-testid="run-resume">
              {t('crawls.resume')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {error ? <Text c="red">{error}</Text> : null}
      {failure ? (
        <Alert color="red" variant="light" data-testid="run-failure">
          {t(`crawls.failure.${failure}`)}
        </Alert>
      ) : null}
      <CrawlProgressBar run={run} />
      <SimpleGrid cols={7}>
        {COUNTERS.map((k) => (
          <Paper key={k} withBorder p="sm">
            <Text size="xs" c="dimmed">
              {t(`crawls.${k}`)}
            </Text>
            <Text size="xl" fw={600} data-testid={`run-${k}`}>
              {run[k]}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('crawls.matchList')}
        </Title>
        <DataTable
          testId="run-match-table"
          rows={matches}
          rowKey={(m) => m.id}
          empty={{ text: t('crawls.matchEmpty') }}
          columns={[
            { key: 'case', header: t('crawls.case'), cell: (m) => m.caseCode },
            { key: 'page', header: t('crawls.page'), breakAll: true, cell: (m) => m.pageUrl },
            { key: 'image', header: t('crawls.image'), breakAll: true, cell: (m) => m.imageUrl },
            {
              key: 'distance',
              header: t('crawls.distance'),
              cell: (m) => `${m.algo} ${m.distance}`,
            },
            { key: 'server', header: t('crawls.server'), cell: (m) => m.serverIp },
          ]}
        />
      </Paper>
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>{t('crawls.log')}</Title>
          <Checkbox
            label={t('crawls.onlyProblems')}
            checked={problemsOnly}
            onChange={(e) => setProblemsOnly(e.currentTarget.checked)}
          />
        </Group>
        {shown.length === 0 ? (
          <Text c="dimmed">{t('crawls.logEmpty')}</Text>
        ) : (
          <LogGroups entries={shown} />
        )}
      </Paper>
    </Stack>
  );
}
