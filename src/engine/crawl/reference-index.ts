/**
 * The case references a crawl matches against: every reference image of a case that consented to
 * web searches and is not closed, with all its stored hash variants and, when its case key is at
 * hand, its sealed ORB features, loaded from the cases tables into the index's
 * IndexedReferenceSet (the fingerprint engine's ReferenceSet seam). With features, the crawl
 * decides exactly as `jium match` does (bestMatch: hashes propose, verification decides weak
 * agreement); without them (no key, hash-only images registered before features were stored) the
 * hash rule decides for that reference (decision 0017).
 */
import type Database from 'better-sqlite3';
import { backfillFeatures, openFeatures } from '../cases/reference-features';
import { backfillVideoFeatures } from '../cases/video-features-backfill';
import { loadVideoReferences, type VideoReferenceSet } from '../cases/video-references';
import {
  hexToBytes,
  loadVerifier,
  type Dihedral,
  type Fingerprint,
  type HashAlgo,
  type HashVariant,
} from '../fingerprint';
import { loadHashLists, type HashListSet } from '../exchange/list-set';
import { IndexedReferenceSet } from '../similarity/index';

/** The case a reference image belongs to. */
export interface ReferenceOwner {
  caseId: number;
  caseCode: string;
}

/** The index's ReferenceSet, plus which case each reference belongs to. */
export class CaseReferenceSet extends IndexedReferenceSet {
  private readonly owners = new Map<string, ReferenceOwner>();
  /** Imported hash lists, matched when no case reference matches (decision 0075). */
  lists: HashListSet | null = null;
  /**
   * The same cases' reference videos and one index of their frames (cases/video-references.ts):
   * a crawled video is compared with each; a still image can be found as one of their frames.
   */
  videos: VideoReferenceSet | null = null;
  /** How many references carry ORB features (verified like `jium match` does). */
  withFeatures = 0;

  addOwned(id: string, fp: Fingerprint, owner: ReferenceOwner): void {
    this.add(id, fp);
    if (fp.features) this.withFeatures++;
    this.owners.set(id, owner);
  }

  ownerOf(id: string): ReferenceOwner | undefined {
    return this.owners.get(id);
  }
}

/** A reference image's row, as the crawler and retro-matching rebuild its fingerprint from it. */
export interface DbRef {
  id: number;
  case_id: number;
  code: string;
  sha256: string;
  format: string;
  width: number;
  height: number;
  pdq: string | null;
  pdq_quality: number | null;
  blockhash: string | null;
  low_quality: number;
}

/** The reference images the crawler searches for: their case consents to searches and is open. */
export const SEARCHABLE_REFERENCES = `SELECT i.id, i.case_id, c.code, i.sha256, i.format, i.width,
    i.height, i.pdq, i.pdq_quality, i.blockhash, i.low_quality
  FROM reference_images i JOIN cases c ON c.id = i.case_id
  WHERE c.consent_search = 1 AND c.status <> 'closed'`;

/**
 * A reference's fingerprint from its row and its stored variants (orientations, crops, the pixels
 * digest), or undefined when it has no hashes. `variantsOf` may be prepared once for many rows.
 */
export function referenceFingerprint(
  db: Database.Database,
  r: DbRef,
  variantsOf = db.prepare(
    'SELECT algo, region, transform, hash, quality FROM reference_hashes WHERE image_id = ?',
  ),
): Fingerprint | undefined {
  const rows = variantsOf.all(r.id) as {
    algo: string;
    region: string;
    transform: string;
    hash: Buffer;
    quality: number | null;
  }[];
  const pixels = rows.find((v) => v.algo === 'pixels' && v.hash.length === 32);
  const variants = rows
    .filter((v) => (v.algo === 'pdq' || v.algo === 'blockhash') && v.hash.length === 32)
    .map((v): HashVariant => ({
      algo: v.algo as HashAlgo,
      region: v.region as HashVariant['region'],
      transform: v.transform as Dihedral,
      hash: new Uint8Array(v.hash),
      ...(v.quality !== null ? { quality: v.quality } : {}),
    }));
  if (variants.length === 0 || !r.pdq || !r.blockhash) return undefined;
  return {
    sha256: r.sha256,
    format: r.format,
    width: r.width,
    height: r.height,
    pdq: { hash: hexToBytes(r.pdq), hex: r.pdq, quality: r.pdq_quality ?? 0 },
    blockhash: { hash: hexToBytes(r.blockhash), hex: r.blockhash },
    variants,
    lowQuality: r.low_quality === 1,
    ...(pixels ? { pixels: Buffer.from(pixels.hash).toString('hex') } : {}),
  };
}

/**
 * Loads the searchable references of the case file. Reference ids are reference_images ids.
 * `keys` (unwrapped case keys) open the references' sealed features; without a key a reference
 * is matched by its hashes alone.
 */
export function loadReferences(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer> = new Map(),
): CaseReferenceSet {
  const set = new CaseReferenceSet();
  const features = openFeatures(db, keys);
  const refs = db.prepare(SEARCHABLE_REFERENCES).all() as DbRef[];
  const variantsOf = db.prepare(
    'SELECT algo, region, transform, hash, quality FROM reference_hashes WHERE image_id = ?',
  );
  for (const r of refs) {
    const fp = referenceFingerprint(db, r, variantsOf);
    if (!fp) continue;
    const f = features.get(r.id);
    if (f) fp.features = f;
    set.addOwned(String(r.id), fp, { caseId: r.case_id, caseCode: r.code });
  }
  set.lists = loadHashLists(db);
  set.videos = loadVideoReferences(db, keys);
  return set;
}

/**
 * What a crawl run loads before it starts: features computed for references registered before
 * they were stored (from their sealed originals, once), the references, and the verification
 * stage — only when some reference has features to verify with, so a crawl of hash-only cases
 * does not pay OpenCV's load (~1.5 s, ~130 MB; decision 0016).
 */
export async function loadCrawlReferences(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer>,
): Promise<CaseReferenceSet> {
  await backfillFeatures(db, keys);
  await backfillVideoFeatures(db, keys); // reference videos registered before migration 26
  const set = loadReferences(db, keys);
  const videoFeatures = set.videos?.features.size ?? 0;
  if ((set.withFeatures > 0 || videoFeatures > 0) && !(await loadVerifier())) set.withFeatures = 0;
  return set;
}
