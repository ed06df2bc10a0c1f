/**
 * Decisions on review items and their undo, for items of every source (a case, or an imported
 * hash list: decision 0091). Each call is one transaction (the dispatcher's): the batch, one
 * append-only decision row per item, the pages' review_state in crawl_matches, the reject memory
 * (case items), the takedown requests a confirm opens (or an undo withdraws) and the audit entry
 * all commit together, before the caller shows the next item.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import type {
  ReviewDecideResult,
  ReviewDecision,
  ReviewState,
  ReviewUndoResult,
} from '../../shared/review-types';
import { openTakedownForMatch, withdrawTakedownForMatch } from '../takedowns/open-request';
import { forgetRejected, rememberRejected } from './rejected';
import { PRIORITY_SQL } from '../db/migrations/v05-review';

type PageState = 'pending' | 'confirmed' | 'rejected';

const NEW_STATE: Record<ReviewDecision, ReviewState> = {
  confirm: 'confirmed',
  reject: 'rejected',
  unsure: 'unsure',
};
/** What the item's pages become: an unsure item's pages stay undecided. */
const PAGE_STATE: Record<ReviewState, PageState> = {
  pending: 'pending',
  unsure: 'pending',
  confirmed: 'confirmed',
  rejected: 'rejected',
};

interface DbItem {
  id: number;
  /** Null for an item of an imported hash list (decision 0091). */
  case_id: number | null;
  image_sha256: string;
  state: ReviewState;
  /** The case's consent; a list item has no victim to ask (0078), so it is 1. */
  consent_takedown: number;
}

function getItem(db: Database.Database, id: number): DbItem | undefined {
  return db
    .prepare(
      `SELECT i.id, i.case_id, i.image_sha256, i.state,
         CASE WHEN i.case_id IS NULL THEN 1 ELSE c.consent_takedown END AS consent_takedown
       FROM review_items i LEFT JOIN cases c ON c.id = i.case_id WHERE i.id = ?`,
    )
    .get(id) as DbItem | undefined;
}

/**
 * Moves pages to their new states; a page entering 'confirmed' opens or extends a takedown request
 * (when the case consented to takedowns), one leaving it is withdrawn from draft requests.
 */
function movePages(
  db: Database.Database,
  item: DbItem,
  moves: [matchId: number, from: PageState, to: PageState][],
  userId: number,
  now: Date,
  requestIds: Set<number>,
): void {
  const set = db.prepare(
    'UPDATE crawl_matches SET review_state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?',
  );
  for (const [matchId, from, to] of moves) {
    if (from === to) continue;
    const decided = to !== 'pending';
    set.run(to, decided ? userId : null, decided ? now.toISOString() : null, matchId);
    if (from === 'confirmed') withdrawTakedownForMatch(db, matchId, userId, now);
    if (to === 'confirmed' && item.consent_takedown === 1) {
      for (const r of openTakedownForMatch(db, matchId, userId, now).requestIds) requestIds.add(r);
    }
  }
}

/** Keeps the reject memory of a case item (a list has none: the crawler asks it per case). */
function setItemState(db: Database.Database, item: DbItem, state: ReviewState, at: string) {
  if (item.case_id === null) return;
  const caseItem = { ...item, case_id: item.case_id };
  if (state === 'rejected') rememberRejected(db, caseItem, at);
  else if (item.state === 'rejected') forgetRejected(db, caseItem);
}

/** Records one decision on a set of items (a batch). */
export function decide(
  db: Database.Database,
  userId: number,
  itemIds: number[],
  decision: ReviewDecision,
  note: string | undefined,
  now: Date,
): ReviewDecideResult & { cases: string[] } {
  const at = now.toISOString();
  // Requests made from here on are the ones this decision opened (the rest it extended).
  const lastRequest = db.prepare('SELECT coalesce(max(id), 0) FROM takedown_requests').pluck();
  const before = lastRequest.get() as number;
  const batchId = Number(
    db
      .prepare('INSERT INTO review_batches (user_id, decision, note, at) VALUES (?, ?, ?, ?)')
      .run(userId, decision, note || null, at).lastInsertRowid,
  );
  const newState = NEW_STATE[decision];
  const pagesOf = db.prepare(
    `SELECT m.id, m.review_state FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id
     WHERE p.item_id = ?`,
  );
  const updateItem = db.prepare(
    `UPDATE review_items SET state = ?, decided_at = ?, decided_by = ?, new_pages = 0 WHERE id = ?`,
  );
  const insertDecision = db.prepare(
    `INSERT INTO review_decisions (batch_id, item_id, user_id, action, prev_state, new_state,
       pages, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const requestIds = new Set<number>();
  const caseIds = new Set<number>();
  for (const id of itemIds) {
    const item = getItem(db, id);
    if (!item) throw new ApiError('not-found', `There is no review item ${id}.`);
    if (item.case_id !== null) caseIds.add(item.case_id);
    const target = PAGE_STATE[newState];
    const pages = (pagesOf.all(id) as { id: number; review_state: PageState }[]).filter(
      (p) => p.review_state !== target,
    );
    movePages(
      db,
      item,
      pages.map((p) => [p.id, p.review_state, target]),
      userId,
      now,
      requestIds,
    );
    setItemState(db, item, newState, at);
    updateItem.run(newState, at, userId, id);
    insertDecision.run(
      batchId,
      id,
      userId,
      decision,
      item.state,
      newState,
      JSON.stringify(pages.map((p) => [p.id, p.review_state])),
      note || null,
      at,
    );
  }
  const codes = db.prepare('SELECT code FROM cases WHERE id = ?');
  return {
    batchId,
    decided: itemIds.length,
    takedownRequestIds: [...requestIds].sort((a, b) => a - b),
    openedRequestIds: [...requestIds].filter((r) => r > before).sort((a, b) => a - b),
    cases: [...caseIds].map((c) => (codes.get(c) as { code: string }).code).sort(),
  };
}

/**
 * Undoes the user's most recent batch that is not undone yet: items and pages go back to what
 * they were, takedowns opened by a confirm are withdrawn from drafts. Refused when an item was
 * decided again since (by anyone), so an undo never overwrites someone else's decision.
 */
export function undoLast(
  db: Database.Database,
  userId: number,
  now: Date,
): (ReviewUndoResult & { cases: string[] }) | null {
  const batch = db
    .prepare(
      `SELECT id, decision FROM review_batches
       WHERE user_id = ? AND decision != 'undo' AND undone_by_batch IS NULL
       ORDER BY id DESC LIMIT 1`,
    )
    .get(userId) as { id: number; decision: ReviewDecision } | undefined;
  if (!batch) return null;
  const at = now.toISOString();
  const rows = db
    .prepare(
      'SELECT item_id, prev_state, new_state, pages FROM review_decisions WHERE batch_id = ? ORDER BY id',
    )
    .all(batch.id) as {
    item_id: number;
    prev_state: ReviewState;
    new_state: ReviewState;
    pages: string;
  }[];
  const undoId = Number(
    db
      .prepare(`INSERT INTO review_batches (user_id, decision, at) VALUES (?, 'undo', ?)`)
      .run(userId, at).lastInsertRowid,
  );
  const current = db.prepare('SELECT review_state FROM crawl_matches WHERE id = ?');
  const requestIds = new Set<number>();
  const caseIds = new Set<number>();
  const itemIds: number[] = [];
  const restored = new Set<ReviewState>();
  for (const row of rows) {
    const item = getItem(db, row.item_id);
    if (!item) continue; // its case was deleted meanwhile: nothing left to restore
    if (item.state !== row.new_state) {
      throw new ApiError(
        'conflict',
        `Review item ${item.id} was decided again since (now ${item.state}); the undo was not applied.`,
      );
    }
    if (item.case_id !== null) caseIds.add(item.case_id);
    const moves = (JSON.parse(row.pages) as [number, PageState][]).flatMap(
      ([matchId, prev]): [number, PageState, PageState][] => {
        const cur = current.get(matchId) as { review_state: PageState } | undefined;
        return cur ? [[matchId, cur.review_state, prev]] : [];
      },
    );
    movePages(db, item, moves, userId, now, requestIds);
    setItemState(db, item, row.prev_state, at);
    db.prepare(
      `UPDATE review_items SET state = ?,
         decided_at = CASE WHEN ? = 'pending' THEN NULL ELSE decided_at END,
         decided_by = CASE WHEN ? = 'pending' THEN NULL ELSE decided_by END WHERE id = ?`,
    ).run(row.prev_state, row.prev_state, row.prev_state, item.id);
    db.prepare(
      `INSERT INTO review_decisions (batch_id, item_id, user_id, action, prev_state, new_state,
         pages, note, at) VALUES (?, ?, ?, 'undo', ?, ?, ?, NULL, ?)`,
    ).run(
      undoId,
      item.id,
      userId,
      row.new_state,
      row.prev_state,
      JSON.stringify(moves.map(([m, cur]) => [m, cur])),
      at,
    );
    itemIds.push(item.id);
    restored.add(row.prev_state);
  }
  db.prepare('UPDATE review_batches SET undone_by_batch = ? WHERE id = ?').run(undoId, batch.id);
  const codes = db.prepare('SELECT code FROM cases WHERE id = ?');
  return {
    batchId: batch.id,
    decision: batch.decision,
    itemIds,
    restored: [...restored],
    cases: [...caseIds].map((c) => (codes.get(c) as { code: string }).code).sort(),
  };
}

/** Sets a case's urgency and re-ranks its items. Returns the number of items re-ranked. */
export function setUrgency(db: Database.Database, caseId: number, urgency: number): number {
  db.prepare(
    `INSERT INTO review_case_urgency (case_id, urgency) VALUES (?, ?)
     ON CONFLICT (case_id) DO UPDATE SET urgency = excluded.urgency`,
  ).run(caseId, urgency);
  return db
    .prepare(
      `UPDATE review_items SET priority = ${PRIORITY_SQL('?', 'best_distance', 'page_count')}
       WHERE case_id = ?`,
    )
    .run(urgency, caseId).changes;
}

/**
 * Brings a queue item in line with its pages after one page (match) was reviewed on its own —
 * the Hash lists tab reviews list matches one by one (`exchange.reviewMatch`). The item takes
 * the pages' state when they all agree and are decided; otherwise it waits in the queue (an
 * unsure item stays unsure).
 */
export function syncItemOfMatch(
  db: Database.Database,
  matchId: number,
  userId: number,
  now: Date,
): void {
  const item = db
    .prepare(
      `SELECT i.id, i.state FROM review_pages p JOIN review_items i ON i.id = p.item_id
       WHERE p.match_id = ?`,
    )
    .get(matchId) as { id: number; state: ReviewState } | undefined;
  if (!item) return;
  const states = db
    .prepare(
      `SELECT DISTINCT m.review_state FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id
       WHERE p.item_id = ?`,
    )
    .pluck()
    .all(item.id) as PageState[];
  const agreed = states.length === 1 && states[0] !== 'pending' ? states[0]! : null;
  const state: ReviewState = agreed ?? (item.state === 'unsure' ? 'unsure' : 'pending');
  if (state === item.state) return;
  const decided = agreed !== null;
  db.prepare(
    'UPDATE review_items SET state = ?, decided_at = ?, decided_by = ?, new_pages = 0 WHERE id = ?',
  ).run(state, decided ? now.toISOString() : null, decided ? userId : null, item.id);
}
