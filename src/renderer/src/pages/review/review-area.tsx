/**
 * The Review area (monitors, admins): two sources, case matches and hash-list matches
 * (list-review.tsx, decision 0078). For case matches: filters with counts, the virtualised queue and the current
 * item, driven from the keyboard (J/K, C/R/U, Z, Space held to reveal, X to select for a batch,
 * ? for the sheet). A decision is awaited — written to the case file — before the next item shows.
 * A gentle break reminder after the reviewer's configured minutes; the day's count is theirs.
 * The state lives in use-case-review.ts, the keys in use-review-keys.ts.
 */
import {
  Badge,
  Button,
  Group,
  Kbd,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionBar, KeyButton } from '../../components/decision-bar';
import { ErrorAlert } from '../../components/error-alert';
import { HeldListsNotice } from '../exchange/list-quarantine';
import { BreakModals } from './break-modals';
import { ListReview } from './list-review';
import { QueueEmpty, QueueLayout, QueuePosition } from './queue-parts';
import { ReviewFilters } from './review-filters';
import { ReviewList } from './review-list';
import { ReviewView } from './review-view';
import { ShortcutSheet } from './shortcut-sheet';
import { useCaseReview } from './use-case-review';
import { useReviewKeys } from './use-review-keys';

/** The Review area: case matches (the queue) or hash-list matches (decision 0078). */
export function ReviewArea() {
  const { t } = useTranslation();
  const [source, setSource] = useState<'cases' | 'lists'>('cases');
  const header = (
    <SegmentedControl
      value={source}
      onChange={(v) => setSource(v as 'cases' | 'lists')}
      data-testid="review-source"
      data={(['cases', 'lists'] as const).map((s) => ({
        value: s,
        label: t(`review.lists.source.${s}`),
      }))}
      w="fit-content"
    />
  );
  return source === 'cases' ? (
    <CaseReview header={header} />
  ) : (
    <ListReview
      header={
        <Stack gap="md">
          <Title order={1}>{t('review.title')}</Title>
          {header}
        </Stack>
      }
    />
  );
}

function CaseReview({ header }: { header: ReactNode }) {
  const { t } = useTranslation();
  const r = useCaseReview();
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
  const { current, detail, selected, busy } = r;

  return (
    <Stack gap="md" maw={1400} data-testid="review-page">
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
      {header}

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
            {r.queue.total === 0 ? (
              <QueueEmpty testId="review-empty">{t('review.empty')}</QueueEmpty>
            ) : (
              <ReviewList
                queue={r.queue}
                cursor={r.cursor}
                selected={selected}
                onPick={r.setCursor}
              />
            )}
          </>
        }
        item={
          <>
            {current && detail ? (
              <Stack gap="md">
                <DecisionBar
                  status={r.status}
                  statusTestId="review-status"
                  above={
                    selected.size ? (
                      <Badge color="blue" variant="light" data-testid="review-selected">
                        {t('review.batchHint', { count: selected.size })}
                      </Badge>
                    ) : null
                  }
                >
                  <KeyButton
                    onClick={() => void r.decide('confirm')}
                    loading={busy}
                    testId="review-confirm"
                    keyLabel="C"
                  >
                    {t('review.confirm')}
                  </KeyButton>
                  <KeyButton
                    tone="reject"
                    onClick={() => void r.decide('reject')}
                    disabled={busy}
                    testId="review-reject"
                    keyLabel="R"
                  >
                    {t('review.reject')}
                  </KeyButton>
                  <KeyButton
                    tone="neutral"
                    onClick={() => void r.decide('unsure')}
                    disabled={busy}
                    testId="review-unsure"
                    keyLabel="U"
                  >
                    {t('review.unsure')}
                  </KeyButton>
                  <KeyButton
                    tone="quiet"
                    onClick={() => void r.undo()}
                    disabled={busy}
                    testId="review-undo"
                    keyLabel="Z"
                  >
                    {t('review.undo')}
                  </KeyButton>
                  <TextInput
                    ref={noteRef}
                    flex={1}
                    miw={200}
                    placeholder={t('review.notePlaceholder')}
                    aria-label={t('review.note')}
                    value={r.note}
                    onChange={(e) => r.setNote(e.currentTarget.value)}
                    data-testid="review-note"
                  />
                </DecisionBar>
                <ReviewView
                  item={detail}
                  pictures={r.pictures}
                  revealed={r.revealed}
                  paused={r.pause.paused}
                  onHold={(p) => r.reveal(p ? [p] : null)}
                />
              </Stack>
            ) : r.queue.total ? (
              <Text c="dimmed">{t('review.loading')}</Text>
            ) : null}
          </>
        }
      />

      <ShortcutSheet opened={sheet} onClose={() => setSheet(false)} />
      <BreakModals state={r.pause} />
    </Stack>
  );
}
