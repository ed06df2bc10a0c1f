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
import { caseCode } from '../cases/queries';
import { matchReviewState, setMatchReviewState } from '../matches/review-state';
import { openTakedownForMatch, withdrawTakedownForMatch } from '../takedowns/open-request';
import { lastRequestId } from '../takedowns/queries';
import {
  type DbItem,
  type PageState,
  decisionsOfBatch,
  getItem,
  insertBatch,
  insertDecision,
  itemOfMatch,
  lastBatchOf,
  markUndone,
  pageStatesOf,
  pagesOfItem,
  setItemState,
} from './decision-queries';
import { forgetRejected, rememberRejected } from './rejected';

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

/** The takedown requests a decision opened or extended, and the drafts it withdrew pages from. */
interface RequestsTouched {
  opened: Set<number>;
  withdrawn: Set<number>;
}

const noRequests = (): RequestsTouched => ({ opened: new Set(), withdrawn: new Set() });

/** Every request a decision changed (or deleted), for the staff desks' event. */
const changedRequests = (r: RequestsTouched): number[] =>
  [...new Set([...r.opened, ...r.withdrawn])].sort((a, b) => a - b);

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
  requests: RequestsTouched,
): void {
  const requestIds = requests.opened;
  for (const [matchId, from, to] of moves) {
    if (from === to) continue;
    setMatchReviewState(db, matchId, to, userId, now);
    if (from === 'confirmed')
      for (const r of withdrawTakedownForMatch(db, matchId, userId, now)) requests.withdrawn.add(r);
    if (to === 'confirmed' && item.consent_takedown === 1) {
      for (const r of openTakedownForMatch(db, matchId, userId, now).requestIds) requestIds.add(r);
    }
  }
}

/** Keeps the reject memory of a case item (a list has none: the crawler asks it per case). */
function keepRejectMemory(db: Database.Database, item: DbItem, state: ReviewState, at: string) {
  if (item.case_id === null) return;
  const caseItem = { ...item, case_id: item.case_id };
  if (state === 'rejected') rememberRejected(db, caseItem, at);
  else if (item.state === 'rejected') forgetRejected(db, caseItem);
}

/** The codes of the cases a decision touched, sorted. */
const codesOf = (db: Database.Database, caseIds: Set<number>): string[] =>
  [...caseIds].map((c) => caseCode(db, c) ?? '').sort();

/** An item by id, or not-found. */
function itemOrThrow(db: Database.Database, id: number): DbItem {
  const item = getItem(db, id);
  if (!item) throw new ApiError('not-found', `There is no review item ${id}.`);
  return item;
}

/** Records one decision on a set of items (a batch). */
export function decide(
  db: Database.Database,
  userId: number,
  itemIds: number[],
  decision: ReviewDecision,
  note: string | undefined,
  now: Date,
): ReviewDecideResult & { cases: string[]; changedRequestIds: number[] } {
  const at = now.toISOString();
  // Requests made from here on are the ones this decision opened (the rest it extended).
  const before = lastRequestId(db);
  const batchId = insertBatch(db, userId, decision, note || null, at);
  const newState = NEW_STATE[decision];
  const requests = noRequests();
  const requestIds = requests.opened;
  const caseIds = new Set<number>();
  for (const id of itemIds) {
    const item = itemOrThrow(db, id);
    if (item.case_id !== null) caseIds.add(item.case_id);
    const target = PAGE_STATE[newState];
    const pages = pagesOfItem(db, id).filter((p) => p.review_state !== target);
    movePages(
      db,
      item,
      pages.map((p) => [p.id, p.review_state, target]),
      userId,
      now,
      requests,
    );
    keepRejectMemory(db, item, newState, at);
    setItemState(db, id, newState, { at, by: userId });
    insertDecision(db, {
      batchId,
      itemId: id,
      userId,
      action: decision,
      prevState: item.state,
      newState,
      pages: JSON.stringify(pages.map((p) => [p.id, p.review_state])),
      note: note || null,
      at,
    });
  }
  return {
    batchId,
    decided: itemIds.length,
    takedownRequestIds: [...requestIds].sort((a, b) => a - b),
    openedRequestIds: [...requestIds].filter((r) => r > before).sort((a, b) => a - b),
    cases: codesOf(db, caseIds),
    changedRequestIds: changedRequests(requests),
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
): (ReviewUndoResult & { cases: string[]; changedRequestIds: number[] }) | null {
  const batch = lastBatchOf(db, userId);
  if (!batch) return null;
  const at = now.toISOString();
  const rows = decisionsOfBatch(db, batch.id);
  const undoId = insertBatch(db, userId, 'undo', null, at);
  const requests = noRequests();
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
        const cur = matchReviewState(db, matchId);
        return cur ? [[matchId, cur, prev]] : [];
      },
    );
    movePages(db, item, moves, userId, now, requests);
    keepRejectMemory(db, item, row.prev_state, at);
    setItemState(db, item.id, row.prev_state, 'restore');
    insertDecision(db, {
      batchId: undoId,
      itemId: item.id,
      userId,
      action: 'undo',
      prevState: row.new_state,
      newState: row.prev_state,
      pages: JSON.stringify(moves.map(([m, cur]) => [m, cur])),
      note: null,
      at,
    });
    itemIds.push(item.id);
    restored.add(row.prev_state);
  }
  markUndone(db, batch.id, undoId);
  return {
    batchId: batch.id,
    decision: batch.decision,
    itemIds,
    restored: [...restored],
    cases: codesOf(db, caseIds),
    changedRequestIds: changedRequests(requests),
  };
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
  const item = itemOfMatch(db, matchId);
  if (!item) return;
  const states = pageStatesOf(db, item.id);
  const agreed = states.length === 1 && states[0] !== 'pending' ? states[0]! : null;
  const state: ReviewState = agreed ?? (item.state === 'unsure' ? 'unsure' : 'pending');
  if (state === item.state) return;
  const decided = agreed !== null;
  setItemState(db, item.id, state, {
    at: decided ? now.toISOString() : null,
    by: decided ? userId : null,
  });
}
