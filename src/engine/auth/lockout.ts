/**
 * Account lock-out after repeated failed sign-ins: five failures within fifteen minutes, with no
 * successful sign-in since, refuse that account's sign-ins until the oldest of those five is fifteen
 * minutes old. Read from the audit log, which records every failure on a real account already, so
 * the count survives a restart and needs no table of its own; the scan starts at the first entry
 * of the window (entries are in time order), so its cost follows the last fifteen minutes' entries,
 * not the log's length.
 */
import type Database from 'better-sqlite3';
import { all, sql } from '../db/sql';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

/** When the account's sign-ins open again, or null when they are open now. */
export function lockedUntil(db: Database.Database, userId: number, now: Date): Date | null {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS).toISOString();
  const rows = all(
    db,
    sql<{ at: string; action: string }>`SELECT at, action FROM audit_log
      WHERE seq > coalesce((SELECT seq FROM audit_log WHERE at < ${since} ORDER BY seq DESC LIMIT 1), 0)
        AND record_type = 'user' AND record_id = ${String(userId)}
        AND action IN ('auth.signIn', 'auth.signIn.failed')
      ORDER BY seq`,
  );
  const lastSuccess = rows.map((r) => r.action).lastIndexOf('auth.signIn');
  const failures = rows.slice(lastSuccess + 1).map((r) => r.at);
  if (failures.length < LOCKOUT_FAILURES) return null;
  const oldestCounted = failures[failures.length - LOCKOUT_FAILURES]!;
  return new Date(new Date(oldestCounted).getTime() + LOCKOUT_WINDOW_MS);
}
