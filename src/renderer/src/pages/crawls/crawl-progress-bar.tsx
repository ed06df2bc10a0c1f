/**
 * The progress bar of a crawl (the run panel, and each running site's row): addresses done of
 * those known so far, how long it has been running and the rate. Ticks every second while it runs.
 */
import { Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrawlRunInfo } from '../../../../shared/crawl-types';
import { clock, crawlProgress } from './progress';

type Run = Pick<
  CrawlRunInfo,
  'pages' | 'images' | 'skipped' | 'errors' | 'queued' | 'startedAt' | 'finishedAt' | 'state'
>;

export function CrawlProgressBar(props: { run: Run; compact?: boolean; testId?: string }) {
  const { t, i18n } = useTranslation();
  const running = props.run.state === 'running';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const p = crawlProgress(props.run, now);
  const n = new Intl.NumberFormat(i18n.language);
  const words = [
    t('crawlLog.progress', { done: n.format(p.done), known: n.format(p.known) }),
    t(running ? 'crawlLog.running' : 'crawlLog.ran', { time: clock(p.elapsedMs) }),
    t('crawlLog.rate', { rate: n.format(p.perMinute) }),
  ];
  return (
    <Stack
      gap={4}
      miw={props.compact ? 220 : undefined}
      data-testid={props.testId ?? 'crawl-progress'}
    >
      <Progress
        value={p.fraction * 100}
        animated={running}
        striped={running}
        size={props.compact ? 'sm' : 'lg'}
        aria-label={words[0]}
      />
      <Group gap="xs" wrap="wrap">
        {words.map((w, i) => (
          <Text
            key={i}
            size="xs"
            c="dimmed"
            data-testid={i === 0 ? 'crawl-progress-done' : undefined}
          >
            {i ? `· ${w}` : w}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}
