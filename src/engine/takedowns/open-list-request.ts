/**
 * Takedown requests from confirmed hash-list matches (decision 0078): the same draft-per-URL rule
 * as a confirmed crawl match (open-request.ts), for a match that has no case. The content was
 * confirmed by the hotline that shared the list and again by our reviewer, so there is no victim
 * consent to ask here; the item names the list instead of a case. Called inside the exchange
 * handler's transaction, so these only write.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { addEvent, createDraftRequest, openRequestFor, withdrawFromDrafts } from './open-request';

interface ListMatchRow {
  id: number;
  list_name: string;
  page_url: string;
  image_url: string;
  image_sha256: string;
  found_at: string;
}

const countItems = (db: Database.Database, requestId: number): number =>
  db
    .prepare<[number], { n: number }>(
      'SELECT COUNT(*) AS n FROM takedown_request_items WHERE request_id = ?',
    )
    .get(requestId)!.n;

/**
 * Opens a draft request for the page of a confirmed list match, or extends the open request
 * (draft, sent or acknowledged) for that URL. Idempotent. Returns the id of the request that now
 * covers the match.
 */
export function openTakedownForListMatch(
  db: Database.Database,
  listMatchId: number,
  actorUserId: number,
  now: Date,
): { requestIds: number[] } {
  const m = db
    .prepare<[number], ListMatchRow>(
      `SELECT m.id, l.name AS list_name, m.page_url, m.image_url, m.image_sha256, m.found_at
         FROM hash_list_matches m JOIN hash_lists l ON l.id = m.list_id WHERE m.id = ?`,
    )
    .get(listMatchId);
  if (!m) throw new ApiError('not-found', `List match ${listMatchId} does not exist.`);
  const at = now.toISOString();
  const url = m.page_url;
  let request = openRequestFor(db, url);
  if (request) {
    const has = db
      .prepare('SELECT 1 FROM takedown_request_items WHERE request_id = ? AND list_match_id = ?')
      .get(request.id, listMatchId);
    if (has) return { requestIds: [request.id] };
  } else {
    // The same content (same image SHA-256) already asked down at another URL: a re-upload.
    const earlier = db
      .prepare<[string, string, string], { id: number }>(
        `SELECT r.id FROM takedown_requests r JOIN takedown_request_items i ON i.request_id = r.id
          WHERE i.image_sha256 = ? AND r.url <> ? AND r.created_at <= ?
          ORDER BY r.id DESC LIMIT 1`,
      )
      .get(m.image_sha256, url, m.found_at);
    const reuploadOf = earlier?.id ?? null;
    request = {
      id: createDraftRequest(db, url, reuploadOf, now, actorUserId, { listMatchId, reuploadOf }),
    };
  }
  db.prepare(
    `INSERT INTO takedown_request_items (request_id, list_match_id, list_name, image_url,
       image_sha256, found_at, added_at, added_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    request.id,
    listMatchId,
    m.list_name,
    m.image_url,
    m.image_sha256,
    m.found_at,
    at,
    actorUserId,
  );
  db.prepare('UPDATE takedown_requests SET updated_at = ? WHERE id = ?').run(at, request.id);
  if (countItems(db, request.id) > 1) {
    addEvent(db, request.id, now, actorUserId, 'extended', { listMatchId });
  }
  return { requestIds: [request.id] };
}

/**
 * Undo of a list-match confirm: takes the match off every draft request and deletes a draft left
 * without items. Sent requests stay on record, as for case matches.
 */
export function withdrawTakedownForListMatch(
  db: Database.Database,
  listMatchId: number,
  actorUserId: number,
  now: Date,
): void {
  withdrawFromDrafts(db, 'list_match_id', listMatchId, actorUserId, now, { listMatchId });
}
