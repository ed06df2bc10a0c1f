/**
 * What the status line says after a decision or an undo: a confirm says how many draft takedown
 * requests it opened or extended (or why none), a reject says what it means for its source (a
 * case remembers it, a list does not), an undo says where the items went back to. A decision on
 * one item names it (its page's address): the line is read over the next item.
 */
import type { TFunction } from 'i18next';
import type {
  ReviewDecideResult,
  ReviewDecision,
  ReviewSource,
  ReviewUndoResult,
} from '../../../../shared/review-types';

export function decidedWords(
  t: TFunction,
  decision: ReviewDecision,
  r: ReviewDecideResult,
  source: ReviewSource,
): string {
  if (decision === 'confirm') {
    const count = r.takedownRequestIds.length;
    return count ? t('review.queue.confirmed', { count }) : t('review.queue.confirmedNoRequest');
  }
  if (decision === 'reject')
    return t(source === 'list' ? 'review.lists.decidedReject' : 'review.decidedReject');
  return t('review.decidedUnsure');
}

export function undoneWords(t: TFunction, r: ReviewUndoResult | null): string {
  if (!r) return t('review.nothingToUndo');
  const [only, ...more] = r.restored;
  return only && !more.length ? t(`review.queue.undoneTo.${only}`) : t('review.undone');
}

/** The outcome prefixed by the item it was about ("127.0.0.1/videos/5: Confirmed. …"), if one. */
export function aboutItem(t: TFunction, item: string | null, words: string): string {
  return item ? t('review.queue.decidedAbout', { item, words }) : words;
}
