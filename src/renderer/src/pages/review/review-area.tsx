/**
 * The Review area (monitors, admins): one screen for every source of a match (a case's
 * references, an imported hash list; decision 0091), filtered by source with counts, the
 * virtualised queue — each row a blurred greyscale thumbnail, the found page's path and when it
 * was found — and the current item, driven from the keyboard (J/K, C/R/U, Z, Space held to
 * reveal, X to select for a batch, ? for the sheet). A decision is awaited — written to the case
 * file — before the next item shows. When the queue empties it says what this sitting did and
 * what comes next. A gentle break reminder after the reviewer's configured minutes; the day's
 * count is theirs. The state lives in use-review.ts, the keys in use-review-keys.ts.
 */
import { Button, Group, Kbd, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusLine } from '../../components/decision-bar';
import { ErrorAlert } from '../../components/error-alert';
import { HeldListsNotice } from '../exchange/list-quarantine';
import { BreakModals } from './break-modals';
import { QueueHandOff } from './queue-hand-off';
import { QueueLayout, QueuePosition } from './queue-parts';
import { ReviewDecisions } from './review-decisions';
import { ReviewFilters } from './review-filters';
import { ReviewList } from './review-list';
import { ReviewView } from './review-view';
import { ShortcutSheet } from './shortcut-sheet';
import { useReview } from './use-review';
import { useReviewKeys } from './use-review-keys';

export function ReviewArea() {
  const { t } = useTranslation();
  const r = useReview();
  const [sheet, setSheet] = useState(false);
  const noteRef = useRef<HTMLInputElement>(null);
  const toggleSheet = useCallback(() => setSheet((s) => !s), []);
  useReviewKeys({
    move: r.move,
    decide: r.decide,
    undo: r.undo,
    toggleSelect: r.toggleSelect,
    clearSelection: r.clearSelection,
    reveal: r.reveal,
    toggleSheet,
    noteRef,
    sheet,
    breakUp: r.pause.breakMinutes !== null,
  });
  const { current, detail, selected } = r;

  return (
    <Stack gap="sm" maw={1600} data-testid="review-page">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('review.title')}</Title>
        <Group gap="sm">
          {r.daily ? (
            <Paper px="md" py={6} withBorder data-testid="review-daily">
              <Text size="sm" fw={600}>
                {t('review.today', { count: r.daily.total })}
              </Text>
              <Text size="xs" c="dimmed">
                {t('review.todayDetail', { ...r.daily })}
              </Text>
            </Paper>
          ) : null}
          <Button
            variant="default"
            leftSection={<IconKeyboard size={18} />}
            onClick={() => setSheet(true)}
            data-testid="review-shortcuts-open"
          >
            {t('review.shortcuts')} <Kbd ml={6}>?</Kbd>
          </Button>
        </Group>
      </Group>

      <ReviewFilters filter={r.filter} counts={r.counts} onChange={r.setFacet} />
      <HeldListsNotice />

      <ErrorAlert error={r.error} onClose={r.clearError} />

      <QueueLayout
        list={
          <>
            <Group justify="space-between">
              <QueuePosition index={r.cursor} total={r.total} testId="review-position" />
              {selected.size ? (
                <Button size="compact-xs" variant="subtle" onClick={r.clearSelection}>
                  {t('review.clearSelection')}
                </Button>
              ) : null}
            </Group>
            {r.queue.total ? (
              <ReviewList
                queue={r.queue}
                cursor={r.cursor}
                selected={selected}
                blur={r.blur}
                onPick={r.setCursor}
              />
            ) : null}
          </>
        }
        item={
          current && detail ? (
            <Stack gap="sm">
              <ReviewDecisions r={r} noteRef={noteRef} />
              <ReviewView
                item={detail}
                pictures={r.pictures}
                revealed={r.revealed}
                paused={r.pause.paused}
                timeZone={r.queue.timeZone}
                onHold={(p) => r.reveal(p ? [p] : null)}
              />
            </Stack>
          ) : r.queue.total ? (
            <Text c="dimmed">{t('review.loading')}</Text>
          ) : r.queue.total === 0 ? (
            <Stack gap="xs">
              {/* The outcome of the last decision stays in view when it emptied the queue. */}
              <StatusLine status={r.status} testId="review-status" />
              <QueueHandOff
                sitting={r.sitting}
                empty={t(r.filter.source === 'list' ? 'review.lists.empty' : 'review.empty')}
              />
            </Stack>
          ) : null
        }
      />

      <ShortcutSheet opened={sheet} onClose={() => setSheet(false)} />
      <BreakModals state={r.pause} />
    </Stack>
  );
}
