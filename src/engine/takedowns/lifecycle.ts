/**
 * The request lifecycle: draft → sent → acknowledged → removed | refused | expired. Every change
 * is one row in the append-only history with who made it. Callers wrap these in a transaction
 * (handlers run in one).
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { TRANSITIONS, type RequestEdit, type TakedownState } from '../../shared/takedown-types';
import { get, sql } from '../db/sql';
import { addEvent } from './open-request';
import { getSettings } from './queries';
import { updateRequest, type RequestColumn } from './request-store';

const HOUR = 3_600_000;

interface StateRow {
  state: TakedownState;
  first_sent_at: string | null;
}

function current(db: Database.Database, id: number): StateRow {
  const row = get(
    db,
    sql<StateRow>`SELECT state, first_sent_at FROM takedown_requests WHERE id = ${id}`,
  );
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
  const values: Partial<Record<RequestColumn, string | null>> = { state: to, updated_at: at };
  if (to === 'sent') {
    const hours = getSettings(db).serviceLevelHours;
    const deadline = new Date(now.getTime() + hours * HOUR).toISOString();
    Object.assign(values, { last_sent_at: at, deadline_at: deadline, closed_at: null });
    values.flagged_at = null;
    if (!row.first_sent_at) values.first_sent_at = at;
  }
  if (to === 'removed') Object.assign(values, { removed_at: at, closed_at: at });
  if (to === 'refused' || to === 'expired') values.closed_at = at;
  updateRequest(db, id, values);
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
  updateRequest(db, id, { last_sent_at: at, updated_at: at });
  addEvent(db, id, now, actorId, 'resent', note ? { note } : {});
}

const COLUMNS = {
  channel: 'channel',
  route: 'route',
  contact: 'contact',
  language: 'language',
  referenceNumber: 'reference_number',
  notes: 'notes',
} as const satisfies Record<keyof RequestEdit, RequestColumn>;

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
  const row = get(
    db,
    sql<Record<string, string>>`SELECT channel, route, contact, language, reference_number, notes
         FROM takedown_requests WHERE id = ${id}`,
  )!;
  const keys = (Object.keys(edit) as (keyof RequestEdit)[]).filter(
    (k) => edit[k] !== undefined && edit[k] !== row[COLUMNS[k]],
  );
  if (keys.length === 0) return [];
  const at = now.toISOString();
  const values: Partial<Record<RequestColumn, string>> = { updated_at: at };
  for (const k of keys) values[COLUMNS[k]] = edit[k] as string;
  updateRequest(db, id, values);
  const changed: Record<string, unknown> = { fields: keys };
  for (const k of keys) if (k !== 'notes') changed[k] = edit[k];
  addEvent(db, id, now, actorId, 'edited', changed);
  return keys;
}
