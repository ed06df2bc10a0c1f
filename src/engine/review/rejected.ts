/**
 * The memory of rejects: what a monitor said is not the victim's image is never queued again for
 * that case. The crawler asks `rejectedBefore` before it seals evidence of a match; the same image
 * (SHA-256) or a near-identical one (PDQ within NEAR_IDENTICAL_PDQ bits, e.g. re-encoded or
 * resized) counts. Runs in crawl workers too, so it only needs a database connection.
 */
import type Database from 'better-sqlite3';
import { get, iterate, run, sql } from '../db/sql';
import { hamming256 } from '../fingerprint/hash-bits';

/**
 * PDQ distance under which two images are the same picture re-encoded, far below the match
 * threshold (20 alone): see docs/decisions/0051-reject-memory.md.
 */
export const NEAR_IDENTICAL_PDQ = 16;

/** Whether this image (or a near-identical one) was rejected for this case before. */
export function rejectedBefore(
  db: Database.Database,
  caseId: number,
  sha256: string,
  pdq: Uint8Array | null,
): boolean {
  const exact = get(
    db,
    sql`SELECT 1 FROM review_rejected WHERE case_id = ${caseId} AND image_sha256 = ${sha256}`,
  );
  if (exact) return true;
  if (!pdq || pdq.length !== 32) return false;
  const rows = iterate(
    db,
    sql<{
      pdq: Buffer;
    }>`SELECT pdq FROM review_rejected WHERE case_id = ${caseId} AND pdq IS NOT NULL`,
  );
  for (const r of rows) {
    if (r.pdq.length === 32 && hamming256(r.pdq, pdq) <= NEAR_IDENTICAL_PDQ) return true;
  }
  return false;
}

/** Remembers a rejected item's image for its case (its PDQ too, unless the hash is unreliable). */
export function rememberRejected(
  db: Database.Database,
  item: { id: number; case_id: number; image_sha256: string },
  at: string,
): void {
  const hash = get(
    db,
    sql<{ pdq: Buffer | null; low_quality: number }>`SELECT pdq, low_quality
      FROM crawl_image_hashes WHERE sha256 = ${item.image_sha256}`,
  );
  const pdq = hash && hash.low_quality === 0 ? hash.pdq : null;
  run(
    db,
    sql`INSERT INTO review_rejected (case_id, image_sha256, pdq, item_id, at)
     VALUES (${item.case_id}, ${item.image_sha256}, ${pdq}, ${item.id}, ${at})
     ON CONFLICT (case_id, image_sha256) DO UPDATE SET pdq = excluded.pdq, at = excluded.at`,
  );
}

/** Forgets a reject (undone, or the item was decided otherwise). */
export function forgetRejected(
  db: Database.Database,
  item: { case_id: number; image_sha256: string },
): void {
  run(
    db,
    sql`DELETE FROM review_rejected
      WHERE case_id = ${item.case_id} AND image_sha256 = ${item.image_sha256}`,
  );
}
