/**
 * The decision bar over the item under review: confirm, not a match, unsure and undo, each with
 * its key, the batch hint while items are selected, and the note. The same bar for every source.
 */
import { Badge, TextInput } from '@mantine/core';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionBar, KeyButton } from '../../components/decision-bar';
import type { useReview } from './use-review';

export function ReviewDecisions({
  r,
  noteRef,
}: {
  r: ReturnType<typeof useReview>;
  noteRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const { busy, selected } = r;
  return (
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
  );
}
