/**
 * The memory of rejects: what a monitor said is not the victim's image is never queued again for
 * that case. The crawler asks `rejectedBefore` before it seals evidence of a match; the same image
 * (SHA-256) or a near-identical one (PDQ within NEAR_IDENTICAL_PDQ bits, e.g. re-encoded or
 * resized) counts. Runs in crawl workers too, so it only needs a database connection.
 */
import type Database from 'better-sqlite3';
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
  const exact = db
    .prepare('SELECT 1 FROM review_rejected WHERE case_id = ? AND image_sha256 = ?')
    .get(caseId, sha256);
  if (exact) return true;
  if (!pdq || pdq.length !== 32) return false;
  const rows = db
    .prepare('SELECT pdq FROM review_rejected WHERE case_id = ? AND pdq IS NOT NULL')
    .iterate(caseId) as IterableIterator<{ pdq: Buffer }>;
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
  const hash = db
    .prepare('SELECT pdq, low_quality FROM crawl_image_hashes WHERE sha256 = ?')
    .get(item.image_sha256) as { pdq: Buffer | null; low_quality: number } | undefined;
  const pdq = hash && hash.low_quality === 0 ? hash.pdq : null;
  db.prepare(
    `INSERT INTO review_rejected (case_id, image_sha256, pdq, item_id, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (case_id, image_sha256) DO UPDATE SET pdq = excluded.pdq, at = excluded.at`,
  ).run(item.case_id, item.image_sha256, pdq, item.id, at);
}

/** Forgets a reject (undone, or the item was decided otherwise). */
export function forgetRejected(
  db: Database.Database,
  item: { case_id: number; image_sha256: string },
): void {
  db.prepare('DELETE FROM review_rejected WHERE case_id = ? AND image_sha256 = ?').run(
    item.case_id,
    item.image_sha256,
  );
}
