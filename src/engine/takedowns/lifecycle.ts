/**
 * The request lifecycle: draft → sent → acknowledged → removed | refused | expired. Every change
 * is one row in the append-only history with who made it. Callers wrap these in a transaction
 * (handlers run in one).
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { TRANSITIONS, type RequestEdit, type TakedownState } from '../../shared/takedown-types';
import { addEvent } from './open-request';
import { getSettings } from './queries';

const HOUR = 3_600_000;

interface StateRow {
  state: TakedownState;
  first_sent_at: string | null;
}

function current(db: Database.Database, id: number): StateRow {
  const row = db
    .prepare<[number], StateRow>('SELECT state, first_sent_at FROM takedown_requests WHERE id = ?')
    .get(id);
  if (!row) throw new ApiError('not-found', 'There is no such takedown request.');
  return row;
}

/** Whether staff may move a request from one state to another by hand. */
export function canTransition(from: TakedownState, to: TakedownState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Moves a request to `to`, stamping the times that belong to it: the first sending starts the
 * service level (deadline = first sending + service level hours) and the re-send clock; a sending
 * after a refusal or expiry re-opens the request with a fresh deadline; removed, refused and
 * expired close it. `actorId` null is the scheduler (re-check).
 */
export function transition(
  db: Database.Database,
  id: number,
  to: TakedownState,
  actorId: number | null,
  now: Date,
  detail: Record<string, unknown> = {},
): void {
  const row = current(db, id);
  if (!canTransition(row.state, to) && !(actorId === null && to === 'removed')) {
    throw new ApiError('conflict', `A ${row.state} request cannot become ${to}.`);
  }
  const at = now.toISOString();
  const sets: string[] = ['state = ?', 'updated_at = ?'];
  const params: (string | null)[] = [to, at];
  if (to === 'sent') {
    const hours = getSettings(db).serviceLevelHours;
    const deadline = new Date(now.getTime() + hours * HOUR).toISOString();
    sets.push('last_sent_at = ?', 'deadline_at = ?', 'closed_at = NULL', 'flagged_at = NULL');
    params.push(at, deadline);
    if (!row.first_sent_at) {
      sets.push('first_sent_at = ?');
      params.push(at);
    }
  }
  if (to === 'removed') {
    sets.push('removed_at = ?', 'closed_at = ?');
    params.push(at, at);
  }
  if (to === 'refused' || to === 'expired') {
    sets.push('closed_at = ?');
    params.push(at);
  }
  db.prepare(`UPDATE takedown_requests SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  addEvent(db, id, now, actorId, 'state', detail, row.state, to);
}

/** Records a re-send of a request being chased: the next reminder counts from now. */
export function resend(
  db: Database.Database,
  id: number,
  actorId: number,
  now: Date,
  note: string,
): void {
  const row = current(db, id);
  if (row.state !== 'sent' && row.state !== 'acknowledged') {
    throw new ApiError(
      'conflict',
      `Only sent or acknowledged requests are re-sent, not ${row.state}.`,
    );
  }
  const at = now.toISOString();
  db.prepare('UPDATE takedown_requests SET last_sent_at = ?, updated_at = ? WHERE id = ?').run(
    at,
    at,
    id,
  );
  addEvent(db, id, now, actorId, 'resent', note ? { note } : {});
}

const COLUMNS: Record<keyof RequestEdit, string> = {
  channel: 'channel',
  route: 'route',
  contact: 'contact',
  language: 'language',
  referenceNumber: 'reference_number',
  notes: 'notes',
};

/**
 * Edits the request's fields; only values that differ are written, and the history records which
 * fields changed (not the notes' text). Returns the changed field names.
 */
export function editRequest(
  db: Database.Database,
  id: number,
  edit: RequestEdit,
  actorId: number,
  now: Date,
): (keyof RequestEdit)[] {
  current(db, id);
  const row = db
    .prepare<[number], Record<string, string>>(
      `SELECT channel, route, contact, language, reference_number, notes
         FROM takedown_requests WHERE id = ?`,
    )
    .get(id)!;
  const keys = (Object.keys(edit) as (keyof RequestEdit)[]).filter(
    (k) => edit[k] !== undefined && edit[k] !== row[COLUMNS[k]],
  );
  if (keys.length === 0) return [];
  const at = now.toISOString();
  db.prepare(
    `UPDATE takedown_requests SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')},
       updated_at = ? WHERE id = ?`,
  ).run(...keys.map((k) => edit[k] as string), at, id);
  const changed: Record<string, unknown> = { fields: keys };
  for (const k of keys) if (k !== 'notes') changed[k] = edit[k];
  addEvent(db, id, now, actorId, 'edited', changed);
  return keys;
}
