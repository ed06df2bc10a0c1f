/**
 * Whether a crawl that ran to its end achieved anything (issue 17 #2). A run that fetched no page
 * at all — every start address refused by the address guards, or every start page failing — is
 * not an all-clear: it ends `failed`, and the reason is logged as an error line whose code the
 * screens put in words ('start-refused', 'nothing-fetched'). A page answered 304 (unchanged since
 * the last crawl) counts as fetched.
 */
import type Database from 'better-sqlite3';

/** The codes of a failed run's reason, logged as its last error line. */
export const RUN_FAILURE_CODES = ['start-refused', 'nothing-fetched'] as const;
export type RunFailureCode = (typeof RUN_FAILURE_CODES)[number];

export interface RunFailure {
  code: RunFailureCode;
  /** English, for the log and the CLI; the screens word the code in the person's language. */
  message: string;
}

/** Null when the run fetched at least one page; else why it could fetch nothing. */
export function runFailure(db: Database.Database, runId: number): RunFailure | null {
  const done = db
    .prepare<[number], { n: number }>(
      `SELECT COUNT(*) AS n FROM crawl_frontier
        WHERE run_id = ? AND kind = 'page' AND state = 'done'`,
    )
    .get(runId)!.n;
  if (done > 0) return null;
  const starts = db
    .prepare<[number], { url: string; outcome: string | null }>(
      `SELECT url, outcome FROM crawl_frontier WHERE run_id = ? AND kind = 'page' AND depth = 0`,
    )
    .all(runId);
  if (starts.length > 0 && starts.every((s) => s.outcome === 'blocked-address')) {
    const reason = db
      .prepare<[number], { message: string }>(
        `SELECT message FROM crawl_log WHERE run_id = ? AND code = 'blocked-address'
          ORDER BY id LIMIT 1`,
      )
      .get(runId)?.message;
    return {
      code: 'start-refused',
      message:
        `No start address could be crawled: the address guards refused every one` +
        `${reason ? ` (${reason})` : ''}. A site on this computer or the local network needs ` +
        `its address allowed in the site's settings; other private addresses are never crawled.`,
    };
  }
  const causes = [...new Set(starts.map((s) => s.outcome ?? 'not-fetched'))].join(', ');
  return {
    code: 'nothing-fetched',
    message: `No page could be fetched${causes ? ` (start pages: ${causes})` : ''}.`,
  };
}
