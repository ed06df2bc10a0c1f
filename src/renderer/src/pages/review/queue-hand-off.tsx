/**
 * In place of the item when the queue is empty (issue 17 item 11): what this sitting decided
 * ("7 takedown requests opened", "3 not a match") and the next step — Takedowns, where staff
 * check the drafts and send the notices; a link for a role that has it, words for one that does
 * not (monitors: the area is staff's). Before any decision it says only that nothing waits.
 */
import { Anchor, List, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/roles';
import { useApi } from '../../api/api-context';
import { areasFor } from '../../shell/areas';
import { summarise, type Sitting } from './sitting';

export function QueueHandOff(props: { sitting: Sitting; empty: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call('auth.session', {})
      .then((s) => live && setRole(s?.role ?? null))
      .catch(() => undefined);
    return () => void (live = false);
  }, [api]);
  const s = summarise(props.sitting);
  const lines = (
    [
      ['opened', s.opened],
      ['extended', s.extended],
      ['rejected', s.rejected],
      ['unsure', s.unsure],
    ] as const
  ).filter(([, n]) => n > 0);
  const requests = s.opened + s.extended > 0;
  const canOpen = role !== null && areasFor(role).includes('takedowns');
  return (
    <Paper withBorder p="lg" maw={640} data-testid="review-empty">
      <Stack gap="sm">
        <Text fw={600}>{s.decided ? t('review.queue.done.title') : props.empty}</Text>
        {s.decided ? (
          <div data-testid="review-hand-off">
            <Text size="sm">{t('review.queue.done.sitting')}</Text>
            <List size="sm" spacing={2} mt={4}>
              {lines.map(([k, n]) => (
                <List.Item key={k}>{t(`review.queue.done.${k}`, { count: n })}</List.Item>
              ))}
            </List>
          </div>
        ) : null}
        {requests ? (
          canOpen ? (
            <Text size="sm">
              {t('review.queue.done.nextStaff')}{' '}
              <Anchor href="#/takedowns" data-testid="review-next-takedowns">
                {t('review.queue.done.openTakedowns')}
              </Anchor>
            </Text>
          ) : (
            <Text size="sm" c="dimmed" data-testid="review-next-staff">
              {t('review.queue.done.nextMonitor')}
            </Text>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}
