/**
 * The queue's counts and the reviewer's "Today" the moment a decision is written, from what was
 * decided (issue 13 follow-up): the screen showed "Today: 0 reviewed" beside "Confirmed 1" until
 * the counts reloaded. Every item decided was in the filter's state (the queue lists only those),
 * so the move between states is exact, and so is each item's place under the other facets when its
 * row is known (it leaves them all for the new state). Hosts and sites are left to the reload that
 * follows: an item counts under every host of its pages, and a row names one.
 */
import type {
  ReviewCounts,
  ReviewDailyCount,
  ReviewDecision,
  ReviewItemSummary,
  ReviewState,
} from '../../../../shared/review-types';

export const DECIDED_STATE: Record<ReviewDecision, ReviewState> = {
  confirm: 'confirmed',
  reject: 'rejected',
  unsure: 'unsure',
};

type Decided = Pick<ReviewItemSummary, 'source' | 'caseId' | 'listId' | 'algo'>;

/** One less of each decided item's value under a facet; a row at 0 goes, as the engine omits it. */
function less<R extends { count: number }>(
  rows: R[],
  items: readonly Decided[],
  key: (r: R) => unknown,
  of: (d: Decided) => unknown,
): R[] {
  const out = rows.map((r) => ({
    ...r,
    count: r.count - items.filter((d) => of(d) !== null && of(d) === key(r)).length,
  }));
  return out.filter((r) => r.count > 0);
}

/**
 * The counts after `decided` items in state `from` were decided; `items` are their rows when all
 * are known (else the other facets wait for the reload).
 */
export function countsAfterDecision(
  counts: ReviewCounts,
  from: ReviewState,
  decision: ReviewDecision,
  decided: number,
  items: readonly Decided[] | null,
): ReviewCounts {
  const to = DECIDED_STATE[decision];
  if (to === from || decided === 0) return counts;
  const states = { ...counts.states, [from]: counts.states[from] - decided };
  states[to] += decided;
  if (!items || items.length !== decided) return { ...counts, states };
  const sources = { ...counts.sources };
  for (const d of items) sources[d.source] -= 1;
  return {
    ...counts,
    states,
    sources,
    cases: less(
      counts.cases,
      items,
      (r) => r.id,
      (d) => d.caseId,
    ),
    lists: less(
      counts.lists,
      items,
      (r) => r.id,
      (d) => d.listId,
    ),
    algos: less(
      counts.algos,
      items,
      (r) => r.algo,
      (d) => d.algo,
    ),
  };
}

/** The reviewer's decisions today after `decided` more of `decision`. */
export function dailyAfterDecision(
  daily: ReviewDailyCount,
  decision: ReviewDecision,
  decided: number,
): ReviewDailyCount {
  const key = ({ confirm: 'confirmed', reject: 'rejected', unsure: 'unsure' } as const)[decision];
  return { ...daily, [key]: daily[key] + decided, total: daily.total + decided };
}
