/**
 * The "found in earlier crawls" marks (`crawl_retro_matches`, written only here): a match made
 * from what earlier crawls saw — retro-matching, its verification runs, retro-matched videos.
 * Kept apart from retro-match.ts so the run store can mark a verification run's match as it
 * records it without importing the retro-matcher.
 */
import type Database from 'better-sqlite3';

const retroRow = new WeakMap<Database.Database, Database.Statement>();

/** Marks a match as found from earlier crawls (the review item then says so). */
export function markRetroMatch(db: Database.Database, matchId: number, at: string): void {
  let mark = retroRow.get(db);
  if (!mark) {
    mark = db.prepare(
      'INSERT INTO crawl_retro_matches (match_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    retroRow.set(db, mark);
  }
  mark.run(matchId, at);
}

const verifiedRow = new WeakMap<Database.Database, Database.Statement>();

/**
 * Marks a match that a verification run (retro-verify.ts) has just recorded as found in earlier
 * crawls, in the transaction that records it: when one of the run's waiting candidates is this
 * page, content and reference. The run's settling marks it too, later; marking here means a
 * monitor never sees the item without its label meanwhile. Runs holding no candidates (every
 * ordinary crawl) mark nothing: the lookup uses the candidates' (state, run_id) index.
 */
export function markIfVerifying(db: Database.Database, matchId: number, at: string): void {
  let mark = verifiedRow.get(db);
  if (!mark) {
    mark = db.prepare(
      `INSERT INTO crawl_retro_matches (match_id, at)
       SELECT m.id, @at FROM crawl_matches m
        WHERE m.id = @id AND m.run_id IS NOT NULL AND m.reference_image_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM crawl_retro_candidates c
                JOIN crawl_sightings s ON s.id = c.sighting_id
               WHERE c.state = 'pending' AND c.run_id = m.run_id
                 AND c.reference_image_id = m.reference_image_id
                 AND c.image_sha256 = m.image_sha256 AND s.page_url = m.page_url)
       ON CONFLICT DO NOTHING`,
    );
    verifiedRow.set(db, mark);
  }
  mark.run({ id: matchId, at });
}
