/**
 * The query module of `takedown_requests` (decision 0093): the only code that writes it. The use
 * cases — opening and withdrawing (open-request.ts), state changes, re-sends and edits
 * (lifecycle.ts), re-checks (recheck.ts) — decide what changes and record the event; this module
 * writes the row.
 */
import type Database from 'better-sqlite3';
import { run, sql, sqlId, sqlJoin, type SqlValue } from '../db/sql';

/** The columns a change of a request may set. */
const COLUMNS = [
  'state',
  'updated_at',
  'first_sent_at',
  'last_sent_at',
  'deadline_at',
  'closed_at',
  'removed_at',
  'flagged_at',
  'last_checked_at',
  'channel',
  'route',
  'contact',
  'language',
  'reference_number',
  'notes',
] as const;
export type RequestColumn = (typeof COLUMNS)[number];

/** A new draft request; returns its id. */
export function insertDraftRequest(
  db: Database.Database,
  r: {
    url: string;
    host: string;
    platformId: number | null;
    channel: string;
    contact: string;
    language: string;
    reuploadOf: number | null;
    at: string;
    by: number;
  },
): number {
  return Number(
    run(
      db,
      sql`INSERT INTO takedown_requests (url, host, platform_id, state, channel, contact,
            language, reupload_of, created_at, created_by, updated_at)
          VALUES (${r.url}, ${r.host}, ${r.platformId}, 'draft', ${r.channel}, ${r.contact},
            ${r.language}, ${r.reuploadOf}, ${r.at}, ${r.by}, ${r.at})`,
    ).lastInsertRowid,
  );
}

/** Sets the given columns of a request (names from the list above, values bound). */
export function updateRequest(
  db: Database.Database,
  id: number,
  values: Partial<Record<RequestColumn, SqlValue>>,
): void {
  const sets = Object.entries(values).map(
    ([column, value]) => sql`${sqlId(column as RequestColumn, COLUMNS)} = ${value ?? null}`,
  );
  if (sets.length === 0) return;
  run(db, sql`UPDATE takedown_requests SET ${sqlJoin(sets, ', ')} WHERE id = ${id}`);
}

/** Deletes a request that is still a draft (its last item was withdrawn). */
export function deleteDraftRequest(db: Database.Database, id: number): void {
  run(db, sql`DELETE FROM takedown_requests WHERE id = ${id} AND state = 'draft'`);
}
