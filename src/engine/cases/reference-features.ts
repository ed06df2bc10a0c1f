/**
 * Reference images' ORB features in the case file (decision 0017): sealed with the case key at
 * registration, opened where the crawl decides, and recomputed from the sealed original for
 * images registered before they were stored. Hash-only images registered before then have no
 * original to compute them from: they keep the hash rule.
 */
import type Database from 'better-sqlite3';
import {
  decodeFeatures,
  encodeFeatures,
  FEATURES_KIND,
  READABLE_FEATURE_KINDS,
  referenceFeatures,
  type Features,
} from '../fingerprint';
import { open, seal } from '../crypto/aead';
import { aad } from './sealing';

/** Where sealed features belong: their case and their image's SHA-256. */
export const featuresAad = (caseId: number, sha256: string) =>
  `jium/reference-features/v1/${caseId}/${sha256}`;

/** Seals and stores (or replaces) one reference image's features. */
export function storeFeatures(
  db: Database.Database,
  key: Buffer,
  ref: { imageId: number; caseId: number; sha256: string },
  encoded: Uint8Array,
): void {
  db.prepare(
    `INSERT INTO reference_features (image_id, kind, sealed) VALUES (?, ?, ?)
     ON CONFLICT (image_id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed`,
  ).run(ref.imageId, FEATURES_KIND, seal(key, encoded, featuresAad(ref.caseId, ref.sha256)));
}

/**
 * The features of every reference image of the cases whose key is at hand, by image id. A value
 * that does not open (wrong key, moved row) is left out: that reference keeps the hash rule.
 */
export function openFeatures(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer>,
): Map<number, Features> {
  const out = new Map<number, Features>();
  if (keys.size === 0) return out;
  const rows = db
    .prepare(
      `SELECT f.image_id, f.sealed, i.case_id, i.sha256 FROM reference_features f
       JOIN reference_images i ON i.id = f.image_id
       WHERE f.kind IN (${READABLE_FEATURE_KINDS.map(() => '?').join(', ')})`,
    )
    .all(...READABLE_FEATURE_KINDS) as {
    image_id: number;
    sealed: Buffer;
    case_id: number;
    sha256: string;
  }[];
  for (const r of rows) {
    const key = keys.get(r.case_id);
    if (!key) continue;
    try {
      out.set(r.image_id, decodeFeatures(open(key, r.sealed, featuresAad(r.case_id, r.sha256))));
    } catch {
      // Not openable or not readable: the hash rule decides for this reference.
    }
  }
  return out;
}

/**
 * Computes and stores the features of reference images that have none of the current kind but
 * have a sealed original and a key at hand (images registered before features were stored).
 * Returns how many were computed. Each original is opened, used and wiped one at a time.
 */
export async function backfillFeatures(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer>,
): Promise<number> {
  if (keys.size === 0) return 0;
  const missing = db
    .prepare(
      `SELECT i.id, i.case_id, i.sha256 FROM reference_images i
       JOIN reference_originals o ON o.image_id = i.id
       WHERE NOT EXISTS (SELECT 1 FROM reference_features f WHERE f.image_id = i.id AND f.kind = ?)`,
    )
    .all(FEATURES_KIND) as { id: number; case_id: number; sha256: string }[];
  const sealedOf = db.prepare('SELECT sealed FROM reference_originals WHERE image_id = ?');
  let done = 0;
  for (const m of missing) {
    const key = keys.get(m.case_id);
    if (!key) continue;
    const row = sealedOf.get(m.id) as { sealed: Buffer } | undefined;
    if (!row) continue; // discarded meanwhile (consent withdrawn)
    let original: Buffer | undefined;
    try {
      original = open(key, row.sealed, aad.original(m.case_id, m.sha256));
      const f = await referenceFeatures(original);
      if (!f) return done; // no verification stage here: nothing to compute with
      const ref = { imageId: m.id, caseId: m.case_id, sha256: m.sha256 };
      // The image may have been removed while its features were computed.
      db.transaction(() => {
        if (db.prepare('SELECT 1 FROM reference_images WHERE id = ?').get(m.id))
          storeFeatures(db, key, ref, encodeFeatures(f));
      })();
      done++;
    } catch {
      // An original that does not open or decode keeps the hash rule.
    } finally {
      original?.fill(0);
    }
  }
  return done;
}
