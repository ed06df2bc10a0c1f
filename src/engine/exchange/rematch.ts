/**
 * A match list against everything crawled before it (at import, or when its distance widens):
 * every stored crawled image it now matches becomes a list match for each place it was seen
 * (crawl/retro-match's retroMatchList, decision 0048), stored non-matching contents near it are
 * flagged so the crawler fingerprints them again on their next visit, and the quarantine rule
 * judges the share of crawled images it matched (decision 0053).
 */
import type Database from 'better-sqlite3';
import { retroMatchList } from '../crawl/retro-match';
import { all, get, runEach, sql } from '../db/sql';
import { loadHashLists } from './list-set';
import { checkImportRate } from './quarantine';

/** Matches one list against the stored crawled images, in the caller's transaction. */
export function rematchList(
  db: Database.Database,
  listId: number,
  now = new Date(),
): { images: number; flagged: number } {
  const flagged = flagSeenImages(db, listId);
  const images = retroMatchList(db, listId);
  checkImportRate(db, listId, now);
  return { images, flagged };
}

/**
 * Crawled contents judged "no match" before the list existed are skipped by SHA-256 on later
 * visits; those equal to an entry, or within the PDQ radius of one (full picture only: region
 * hashes of crawled images are not kept), are marked to be fingerprinted and matched again.
 */
function flagSeenImages(db: Database.Database, listId: number): number {
  if (!get(db, sql`SELECT 1 FROM crawl_image_hashes WHERE matched = 0 LIMIT 1`)) return 0;
  const set = loadHashLists(db, [listId]);
  if (set.size === 0) return 0;
  const near: string[] = [];
  for (let after = 0; ;) {
    const rows = all(
      db,
      sql<{ rowid: number; sha256: string; pdq: Buffer | null }>`SELECT rowid, sha256, pdq
        FROM crawl_image_hashes WHERE matched = 0 AND rowid > ${after} ORDER BY rowid LIMIT 10000`,
    );
    if (rows.length === 0) break;
    for (const r of rows) if (set.nearSeen(r.sha256, r.pdq)) near.push(r.sha256);
    after = rows[rows.length - 1]!.rowid;
  }
  return runEach(
    db,
    near,
    (sha) => sql`UPDATE crawl_image_hashes SET matched = 1 WHERE sha256 = ${sha}`,
  );
}
