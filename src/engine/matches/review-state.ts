/**
 * The writes of a match after it was recorded (decision 0093: `crawl_matches` is written by
 * matches/ only): its review state, set by the review queue (review/decide.ts) and by the Hash
 * lists tab's one-match review (exchange), and the replay of held list matches when a quarantine
 * is released (exchange/quarantine.ts).
 */
import type Database from 'better-sqlite3';
import { all, get, run, sql, sqlId, sqlJoin } from '../db/sql';

export type MatchReviewState = 'pending' | 'confirmed' | 'rejected';

/**
 * Sets a match's review state; who and when for a decided state, neither for 'pending'.
 * `listOnly` refuses matches of other sources. Returns whether a row changed.
 */
export function setMatchReviewState(
  db: Database.Database,
  matchId: number,
  state: MatchReviewState,
  userId: number,
  now: Date,
  listOnly = false,
): boolean {
  const decided = state !== 'pending';
  return (
    run(
      db,
      sql`UPDATE crawl_matches SET review_state = ${state}, reviewed_by = ${decided ? userId : null},
         reviewed_at = ${decided ? now.toISOString() : null}
       WHERE id = ${matchId} ${listOnly ? sql`AND source = 'hash-list'` : sql``}`,
    ).changes > 0
  );
}

/** A match's review state, or undefined when there is no such match. */
export function matchReviewState(
  db: Database.Database,
  matchId: number,
): MatchReviewState | undefined {
  return get(
    db,
    sql<{ review_state: MatchReviewState }>`SELECT review_state FROM crawl_matches
       WHERE id = ${matchId}`,
  )?.review_state;
}

/**
 * Writes pending list matches of a list (or of one entry) that are in no queue item and no request
 * again, with their own ids, so the queue's trigger files them as it files every new list match.
 * Returns the rows written.
 */
export function replayHeldListMatches(
  db: Database.Database,
  listId: number,
  entryId: number | null,
): number {
  // The table's own columns (not the generated ones), each checked as a plain SQL name.
  const names = all(
    db,
    sql<{ name: string }>`SELECT name FROM pragma_table_xinfo('crawl_matches')
      WHERE hidden = 0 ORDER BY cid`,
  ).map((c) => c.name);
  const cols = sqlJoin(
    names.map((n) => sql`${sqlId(n, names)}`),
    ', ',
  );
  run(db, sql`DROP TABLE IF EXISTS temp.held_matches`);
  run(
    db,
    sql`CREATE TEMP TABLE held_matches AS SELECT ${cols} FROM crawl_matches
     WHERE source = 'hash-list' AND list_id = ${listId}
       AND (${entryId} IS NULL OR list_entry_id = ${entryId})
       AND review_state = 'pending' AND id NOT IN (SELECT match_id FROM review_pages)
       AND id NOT IN (SELECT match_id FROM takedown_request_items WHERE match_id IS NOT NULL)
     ORDER BY id`,
  );
  run(db, sql`DELETE FROM crawl_matches WHERE id IN (SELECT id FROM temp.held_matches)`);
  const n = run(
    db,
    sql`INSERT INTO crawl_matches (${cols}) SELECT ${cols} FROM temp.held_matches ORDER BY id`,
  ).changes;
  run(db, sql`DROP TABLE temp.held_matches`);
  return n;
}
