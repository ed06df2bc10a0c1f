/**
 * The query module of the review queue's writes (decision 0093): the only code that writes
 * `review_items` (beyond the triggers that file matches), `review_batches`, `review_decisions` and
 * `review_case_urgency`. decide.ts keeps the use case (which pages move, requests, reject memory);
 * the review state of the matches themselves is written by matches/ (`setMatchReviewState`).
 */
import type Database from 'better-sqlite3';
import type { ReviewDecision, ReviewState } from '../../shared/review-types';
import { all, get, run, sql } from '../db/sql';

export type PageState = 'pending' | 'confirmed' | 'rejected';

export interface DbItem {
  id: number;
  /** Null for an item of an imported hash list (decision 0091). */
  case_id: number | null;
  image_sha256: string;
  state: ReviewState;
  /** The case's consent; a list item has no victim to ask (0078), so it is 1. */
  consent_takedown: number;
}

export function getItem(db: Database.Database, id: number): DbItem | undefined {
  return get(
    db,
    sql<DbItem>`SELECT i.id, i.case_id, i.image_sha256, i.state,
         CASE WHEN i.case_id IS NULL THEN 1 ELSE c.consent_takedown END AS consent_takedown
       FROM review_items i LEFT JOIN cases c ON c.id = i.case_id WHERE i.id = ${id}`,
  );
}

/** The pages (matches) of an item with their review state. */
export function pagesOfItem(
  db: Database.Database,
  itemId: number,
): { id: number; review_state: PageState }[] {
  return all(
    db,
    sql<{ id: number; review_state: PageState }>`SELECT m.id, m.review_state
       FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id WHERE p.item_id = ${itemId}`,
  );
}

/** Starts a batch of decisions (an undo is a batch too); returns its id. */
export function insertBatch(
  db: Database.Database,
  userId: number,
  decision: ReviewDecision | 'undo',
  note: string | null,
  at: string,
): number {
  return Number(
    run(
      db,
      sql`INSERT INTO review_batches (user_id, decision, note, at)
        VALUES (${userId}, ${decision}, ${note}, ${at})`,
    ).lastInsertRowid,
  );
}

/** One append-only decision row: what an item was, what it became, and its pages before. */
export function insertDecision(
  db: Database.Database,
  d: {
    batchId: number;
    itemId: number;
    userId: number;
    action: ReviewDecision | 'undo';
    prevState: ReviewState;
    newState: ReviewState;
    /** JSON of [matchId, state before] per page moved. */
    pages: string;
    note: string | null;
    at: string;
  },
): void {
  run(
    db,
    sql`INSERT INTO review_decisions (batch_id, item_id, user_id, action, prev_state, new_state,
       pages, note, at) VALUES (${d.batchId}, ${d.itemId}, ${d.userId}, ${d.action},
       ${d.prevState}, ${d.newState}, ${d.pages}, ${d.note}, ${d.at})`,
  );
}

/**
 * Sets an item's state. Decided (`by` given): who and when, and its new pages are seen; restored
 * by an undo (`by` undefined): the decider is kept unless the item is pending again.
 */
export function setItemState(
  db: Database.Database,
  itemId: number,
  state: ReviewState,
  decided: { at: string | null; by: number | null } | 'restore',
): void {
  if (decided === 'restore') {
    run(
      db,
      sql`UPDATE review_items SET state = ${state},
         decided_at = CASE WHEN ${state} = 'pending' THEN NULL ELSE decided_at END,
         decided_by = CASE WHEN ${state} = 'pending' THEN NULL ELSE decided_by END
       WHERE id = ${itemId}`,
    );
    return;
  }
  run(
    db,
    sql`UPDATE review_items SET state = ${state}, decided_at = ${decided.at},
       decided_by = ${decided.by}, new_pages = 0 WHERE id = ${itemId}`,
  );
}

/** The user's most recent batch that is not undone (nor an undo). */
export function lastBatchOf(
  db: Database.Database,
  userId: number,
): { id: number; decision: ReviewDecision } | undefined {
  return get(
    db,
    sql<{ id: number; decision: ReviewDecision }>`SELECT id, decision FROM review_batches
       WHERE user_id = ${userId} AND decision != 'undo' AND undone_by_batch IS NULL
       ORDER BY id DESC LIMIT 1`,
  );
}

/** The decision rows of a batch, in order. */
export function decisionsOfBatch(
  db: Database.Database,
  batchId: number,
): { item_id: number; prev_state: ReviewState; new_state: ReviewState; pages: string }[] {
  return all(
    db,
    sql<{
      item_id: number;
      prev_state: ReviewState;
      new_state: ReviewState;
      pages: string;
    }>`SELECT item_id, prev_state, new_state, pages FROM review_decisions
       WHERE batch_id = ${batchId} ORDER BY id`,
  );
}

export function markUndone(db: Database.Database, batchId: number, undoId: number): void {
  run(db, sql`UPDATE review_batches SET undone_by_batch = ${undoId} WHERE id = ${batchId}`);
}

/**
 * Sets a case's urgency and re-ranks its items: the priority formula of the queue's triggers
 * (migration v05), urgency first, then closeness, then pages. Returns the items re-ranked.
 */
export function setUrgency(db: Database.Database, caseId: number, urgency: number): number {
  run(
    db,
    sql`INSERT INTO review_case_urgency (case_id, urgency) VALUES (${caseId}, ${urgency})
     ON CONFLICT (case_id) DO UPDATE SET urgency = excluded.urgency`,
  );
  return run(
    db,
    sql`UPDATE review_items
       SET priority = (${urgency}) * 1000000 + (256 - min(256, best_distance)) * 1000
         + min(999, page_count)
       WHERE case_id = ${caseId}`,
  ).changes;
}

/** The queue item a match is a page of. */
export function itemOfMatch(
  db: Database.Database,
  matchId: number,
): { id: number; state: ReviewState } | undefined {
  return get(
    db,
    sql<{ id: number; state: ReviewState }>`SELECT i.id, i.state
       FROM review_pages p JOIN review_items i ON i.id = p.item_id WHERE p.match_id = ${matchId}`,
  );
}

/** The distinct review states of an item's pages. */
export function pageStatesOf(db: Database.Database, itemId: number): PageState[] {
  return all(
    db,
    sql<{ review_state: PageState }>`SELECT DISTINCT m.review_state
       FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id WHERE p.item_id = ${itemId}`,
  ).map((r) => r.review_state);
}

/**
 * Takes a list's pending items no one has decided on out of the queue (or only those whose every
 * page is a match of one entry): a quarantine holds their matches (exchange/quarantine.ts).
 */
export function removeUndecidedListItems(
  db: Database.Database,
  listId: number,
  entryId: number | null,
): number {
  return run(
    db,
    sql`DELETE FROM review_items WHERE source = 'list' AND list_id = ${listId}
       AND state = 'pending'
       AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = review_items.id)
       AND (${entryId} IS NULL OR NOT EXISTS (SELECT 1 FROM review_pages p
         JOIN crawl_matches m ON m.id = p.match_id
         WHERE p.item_id = review_items.id AND m.list_entry_id IS NOT ${entryId}))`,
  ).changes;
}
