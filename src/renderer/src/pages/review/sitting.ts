/**
 * What a reviewer did in this sitting (since the Review screen opened), told when the queue
 * empties (issue 17 item 11): requests the confirms opened, open requests they extended, items
 * marked not a match or unsure. Kept per batch, so an undo takes its batch back out.
 */
import type { ReviewDecideResult, ReviewDecision } from '../../../../shared/review-types';

export interface SittingBatch {
  decision: ReviewDecision;
  items: number;
  requests: readonly number[];
  opened: readonly number[];
}
export type Sitting = ReadonlyMap<number, SittingBatch>;

export const NEW_SITTING: Sitting = new Map();

/** The sitting after a decision. */
export function withDecision(s: Sitting, decision: ReviewDecision, r: ReviewDecideResult): Sitting {
  const next = new Map(s);
  next.set(r.batchId, {
    decision,
    items: r.decided,
    requests: r.takedownRequestIds,
    opened: r.openedRequestIds,
  });
  return next;
}

/** The sitting after an undo of `batchId` (a batch of an earlier sitting changes nothing). */
export function withUndo(s: Sitting, batchId: number): Sitting {
  if (!s.has(batchId)) return s;
  const next = new Map(s);
  next.delete(batchId);
  return next;
}

export interface SittingSummary {
  /** Requests opened (each once, however many confirms added to it after). */
  opened: number;
  /** Requests that were open already and took pages. */
  extended: number;
  rejected: number;
  unsure: number;
  decided: number;
}

export function summarise(s: Sitting): SittingSummary {
  const opened = new Set<number>();
  const touched = new Set<number>();
  const out = { rejected: 0, unsure: 0, decided: 0 };
  for (const b of s.values()) {
    b.opened.forEach((r) => opened.add(r));
    b.requests.forEach((r) => touched.add(r));
    out.decided += b.items;
    if (b.decision === 'reject') out.rejected += b.items;
    if (b.decision === 'unsure') out.unsure += b.items;
  }
  const extended = [...touched].filter((r) => !opened.has(r)).length;
  return { ...out, opened: opened.size, extended };
}
