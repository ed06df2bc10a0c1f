/**
 * The admin's first-run checklist (shell/first-run.ts): four steps read from the case file, each
 * with a link to where it is done. `useFirstRun` also tells the shell whether to show it at all.
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { firstRunDone, firstRunSteps, STEP_HASH, type FirstRunFacts } from './first-run';

/** The facts the checklist is read from, refreshed whenever the admin comes back to it. */
export function useFirstRun(enabled: boolean): {
  facts: FirstRunFacts | null;
  reload: () => void;
} {
  const api = useApi();
  const [facts, setFacts] = useState<FirstRunFacts | null>(null);
  const reload = useCallback(() => {
    if (!enabled) return;
    void Promise.all([
      api.call('accounts.list', {}),
      api.call('notices.centre', {}),
      api.call('sites.list', {}),
      api.call('cases.list', {}),
    ]).then(
      ([accounts, centre, sites, cases]) =>
        setFacts({
          accounts: accounts.length,
          centreName: centre.name,
          sites: sites.length,
          cases: cases.length,
        }),
      // Without the facts the checklist is not shown; nothing else depends on it.
      () => setFacts(null),
    );
  }, [api, enabled]);
  useEffect(() => reload(), [reload]);
  return { facts, reload };
}

export function FirstRunPage(props: { facts: FirstRunFacts; go: (hash: string) => void }) {
  const { t } = useTranslation();
  const steps = firstRunSteps(props.facts);
  const done = steps.filter((s) => s.done).length;
  return (
    <Stack gap="lg" maw={880} data-testid="first-run">
      <Stack gap={4}>
        <Title order={1}>{t('firstRun.title')}</Title>
        <Text c="dimmed">{t('firstRun.intro')}</Text>
      </Stack>
      <Group gap="sm" align="center">
        <Progress value={(done / steps.length) * 100} w={240} color="sage" aria-hidden />
        <Text size="sm" data-testid="first-run-progress">
          {t('firstRun.progress', { done, total: steps.length })}
        </Text>
      </Group>
      {steps.map(({ step, done: ok }, i) => (
        <Paper key={step} p="lg" withBorder data-testid={`first-run-${step}`} data-done={ok}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group wrap="nowrap" align="flex-start" gap="md">
              <ThemeIcon
                radius="xl"
                size={30}
                variant={ok ? 'filled' : 'light'}
                color={ok ? 'sage' : 'gray'}
                aria-hidden
              >
                {ok ? <IconCheck size={18} /> : <Text fw={700}>{i + 1}</Text>}
              </ThemeIcon>
              <Stack gap={2}>
                <Text fw={600} td={ok ? 'line-through' : undefined}>
                  {t(`firstRun.steps.${step}.title`)}
                </Text>
                <Text size="sm" c="dimmed">
                  {t(`firstRun.steps.${step}.body`)}
                </Text>
              </Stack>
            </Group>
            {ok ? (
              <Badge color="sage" variant="light" style={{ flexShrink: 0 }}>
                {t('firstRun.done')}
              </Badge>
            ) : (
              <Button
                style={{ flexShrink: 0 }}
                variant="light"
                onClick={() => props.go(STEP_HASH[step])}
                data-testid={`first-run-${step}-go`}
              >
                {t(`firstRun.steps.${step}.action`)}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

export { firstRunDone };
