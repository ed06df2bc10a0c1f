/**
 * Retro-matching (issue 18 #1, decision 0048): a reference registered after a crawl is matched at
 * once against every image the case file has crawled before, from their stored hashes
 * (sightings.ts). The stored hashes only propose: every stored PDQ within the crawler's widest
 * proposal bound of one of the reference's PDQ variants (or the same bytes), kept when the
 * crawler would match it or send it to its verification stage. Each place such an image was seen
 * becomes a candidate that retro-verify.ts fetches again through the crawler, which decides it by
 * its own rule and keeps the evidence (decision 0049); what it matches goes to review "found in
 * earlier crawls".
 *
 * Also the crawler's question for a content it has seen before (a 304, a known SHA-256): would it
 * now match a current reference it has no match for on this page? Then it is fetched in full
 * and decided again, so a new victim's picture on an unchanged page is not skipped.
 */
import type Database from 'better-sqlite3';
import { bestMatch, decide, DEFAULT_RULE, type Fingerprint } from '../fingerprint';
import { LOW_QUALITY_PDQ } from '../fingerprint/compare';
import { PROPOSAL, proposeForVerification } from '../fingerprint/reference-set';
import { loadHashLists } from '../exchange/list-set';
import { recordMatch } from '../matches';
import { rejectedBefore } from '../review/rejected';
import type { CrawlEnv } from './crawl-env';
import { loadCrawledHashes, proposeCrawled, type CrawledHashes } from './retro-match-hashes';
import { markRetroMatch } from './retro-marks';
import { referenceFingerprint, SEARCHABLE_REFERENCES, type DbRef } from './reference-index';
import {
  loadStoredFingerprint,
  sightingsOf,
  storedFingerprint,
  type DbSighting,
  type DbStoredImage,
} from './sightings';

/** Re-exported for the retro paths that import it from here (retro-video.ts, retro-verify.ts). */
export { markRetroMatch };

/**
 * The widest PDQ distance at which any clause of the rule can match (the combined clause's PDQ
 * bound; the low-quality rule's is smaller): a stored image farther than this from every PDQ
 * variant of the reference cannot match it, so it is never read.
 */
export const PROPOSAL_RADIUS = Math.max(DEFAULT_RULE.pdq, DEFAULT_RULE.both.pdq, LOW_QUALITY_PDQ);

/** What retro-matching one reference did, for the counsellor's message. */
export interface RetroResult {
  /** Crawled images it was compared with. */
  checked: number;
  /** Images (contents) that went to review for this case at once (none since decision 0049). */
  toReview: number;
  /** Images (contents) queued to be fetched again and decided by the crawler (decision 0049). */
  toVerify: number;
  /** Match rows recorded at once (none since decision 0049: verification records them). */
  matches: number;
}

/**
 * A reference image's fingerprint as the crawler loads it (reference-index.ts), or undefined when
 * its case is not searched (no consent to web searches, or closed) or it has no hashes.
 */
export function searchableReference(
  db: Database.Database,
  referenceImageId: number,
): { fp: Fingerprint; caseId: number } | undefined {
  const r = db.prepare(`${SEARCHABLE_REFERENCES} AND i.id = ?`).get(referenceImageId) as
    DbRef | undefined;
  const fp = r && referenceFingerprint(db, r);
  return fp && r ? { fp, caseId: r.case_id } : undefined;
}

/** The distinct PDQ hashes of a reference's variants (orientations and crops repeat some). */
function pdqQueries(fp: Fingerprint): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const v of fp.variants) {
    if (v.algo === 'pdq') seen.set(Buffer.from(v.hash).toString('hex'), v.hash);
  }
  return [...seen.values()];
}

/** Options of {@link retroMatchReference}. */
export interface RetroOptions {
  now?: Date;
  /** Already loaded hashes (several references registered at once share one load). */
  hashes?: CrawledHashes;
}

/**
 * Whether the crawler would act on this reference and stored image: match it by the hash rule, or
 * (for a reference with verification features) send the pair to its verification stage — the
 * crawler's own proposal test (`proposeForVerification`), so nothing it would verify is left out.
 */
function worthFetching(ref: Fingerprint, cand: Fingerprint, verifiable: boolean): boolean {
  const hashed = decide(ref, cand);
  if (hashed.verdict === 'match') return true;
  return verifiable && proposeForVerification(ref, cand, hashed) !== undefined;
}

/**
 * Retro-matches one registered reference against every crawled image stored in the case file: the
 * stored hashes propose, and each place a proposed image was seen (still there when last fetched,
 * not matched to this reference on that page, not rejected for the case) is queued in one
 * transaction as a candidate for the crawler to fetch again and decide (retro-verify.ts).
 * Nothing is fetched here. Undefined when the reference's case is not searched.
 */
export function retroMatchReference(
  db: Database.Database,
  referenceImageId: number,
  options: RetroOptions = {},
): RetroResult | undefined {
  const ref = searchableReference(db, referenceImageId);
  if (!ref) return undefined;
  const verifiable = !!db
    .prepare('SELECT 1 FROM reference_features WHERE image_id = ?')
    .get(referenceImageId);
  const hashes = options.hashes ?? loadCrawledHashes(db);
  const { n: checked } = db.prepare('SELECT count(*) AS n FROM crawl_image_hashes').get() as {
    n: number;
  };
  const radius = verifiable ? Math.max(PROPOSAL_RADIUS, PROPOSAL.pdq) : PROPOSAL_RADIUS;
  const proposed = proposeCrawled(hashes, pdqQueries(ref.fp), radius);
  const same = db
    .prepare('SELECT rowid FROM crawl_image_hashes WHERE sha256 = ?')
    .get(ref.fp.sha256) as { rowid: number } | undefined;
  if (same) proposed.add(same.rowid);
  const byRow = db.prepare(
    `SELECT sha256, pdq, blockhash, low_quality, pdq_quality, variants, pixels
     FROM crawl_image_hashes WHERE rowid = ?`,
  );
  const worth: Fingerprint[] = [];
  for (const rowid of proposed) {
    const row = byRow.get(rowid) as DbStoredImage | undefined;
    const cand = row && storedFingerprint(row);
    if (cand && worthFetching(ref.fp, cand, verifiable)) worth.push(cand);
  }
  const at = (options.now ?? new Date()).toISOString();
  return db.transaction((): RetroResult => {
    let toVerify = 0;
    for (const fp of worth) {
      const pdq = fp.lowQuality ? null : fp.pdq.hash;
      if (rejectedBefore(db, ref.caseId, fp.sha256, pdq)) continue;
      if (queueCandidates(db, referenceImageId, fp.sha256, at) > 0) toVerify++;
    }
    return { checked, toReview: 0, toVerify, matches: 0 };
  })();
}

/**
 * Queues a candidate for every place a content was seen and is not known to be gone, unless this
 * reference already has a match for it on that page. Returns the candidates added.
 */
function queueCandidates(
  db: Database.Database,
  referenceImageId: number,
  sha256: string,
  at: string,
): number {
  return db
    .prepare(
      `INSERT INTO crawl_retro_candidates (sighting_id, reference_image_id, image_sha256,
         queued_at, state)
       SELECT s.id, @ref, s.image_sha256, @at, 'pending' FROM crawl_sightings s
        WHERE s.image_sha256 = @sha AND s.gone_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM crawl_matches m WHERE m.page_url = s.page_url
                AND m.image_sha256 = s.image_sha256 AND m.reference_image_id = @ref)
       ON CONFLICT (sighting_id, reference_image_id) DO UPDATE SET state = 'pending',
         run_id = NULL, queued_at = excluded.queued_at, outcome = NULL, decided_at = NULL
         WHERE state = 'unreachable'`,
    )
    .run({ ref: referenceImageId, sha: sha256, at }).changes;
}

/**
 * Where and how a sighting saw its content, as a match records it: the site, page, when, and how
 * the server answered. No run: a match made from a sighting was found outside one.
 */
export function sightingFound(s: DbSighting) {
  return {
    runId: null,
    siteId: s.site_id,
    pageUrl: s.page_url,
    foundAt: s.last_seen_at,
    httpStatus: s.http_status,
    httpHeaders: JSON.parse(s.http_headers) as Record<string, string>,
    redirectChain: JSON.parse(s.redirect_chain) as unknown[],
    serverIp: s.server_ip,
  };
}

/**
 * A match recorded from a sighting's stored evidence alone (URLs, status, headers, chain, peer; no
 * bytes): what a candidate that could not be fetched again becomes when its stored hashes match
 * by the hash rule (retro-verify.ts). Returns the match id, or null when it existed.
 */
export function recordFromSighting(
  db: Database.Database,
  target: { caseId: number; referenceImageId: number },
  comparison: ReturnType<typeof decide>,
  s: DbSighting,
  at: string,
): number | null {
  // Through the one door (matches/recordMatch). The match belongs to no run (it was not found
  // while one crawled).
  const id = recordMatch(db, {
    found: { kind: 'image', ...sightingFound(s), url: s.image_url, sha256: s.image_sha256 },
    target: { source: 'case-image', ...target },
    evidence: {
      algo: comparison.algo,
      distance: comparison.distance,
      transform: comparison.transform,
    },
  });
  if (id === null) return null;
  markRetroMatch(db, id, at);
  db.prepare('UPDATE crawl_image_hashes SET matched = 1 WHERE sha256 = ?').run(s.image_sha256);
  return id;
}

/**
 * Whether a content seen before (a 304 for its URL, or a known SHA-256) would now match a current
 * reference that it has no match for on this page, and was not rejected for that case: the image
 * task then fetches it in full and decides again rather than skipping it.
 */
export function matchesAnew(env: CrawlEnv, sha256: string, pageUrl: string): boolean {
  const db = env.store.db;
  if (pendingCandidate(db, sha256, pageUrl)) return true;
  const fp = loadStoredFingerprint(db, sha256);
  if (!fp || env.references.lists?.benign(fp)) return false; // benign: never again (0053)
  const best = bestMatch(env.references, fp);
  if (best.comparison.verdict !== 'match' || best.referenceId === undefined) return false;
  const owner = env.references.ownerOf(best.referenceId);
  if (!owner) return false;
  const recorded = db
    .prepare(
      'SELECT 1 FROM crawl_matches WHERE page_url = ? AND image_sha256 = ? AND reference_image_id = ?',
    )
    .get(pageUrl, sha256, Number(best.referenceId));
  if (recorded) return false;
  return !rejectedBefore(db, owner.caseId, sha256, fp.lowQuality ? null : fp.pdq.hash);
}

/**
 * Whether retro-matching queued this content on this page for the crawler to decide again
 * (decision 0049): the verification run, or any crawl of the site that meets it first, then
 * fetches it whole instead of revalidating it.
 */
function pendingCandidate(db: Database.Database, sha256: string, pageUrl: string): boolean {
  return !!db
    .prepare(
      `SELECT 1 FROM crawl_retro_candidates c JOIN crawl_sightings s ON s.id = c.sighting_id
        WHERE c.state = 'pending' AND c.image_sha256 = ? AND s.page_url = ? LIMIT 1`,
    )
    .get(sha256, pageUrl);
}

/**
 * After a hash list is imported: every stored crawled image the new list matches (its rule: same
 * SHA-256, or a PDQ variant within the list's own distance, never a low-quality image, never one
 * a benign list covers) gets a list
 * match for each place it was seen, through the list set's one door — no run, the sighting's
 * evidence (list matches keep no sealed bytes anyway, decision 0077). Runs in the import's
 * transaction. Returns the number of images matched.
 */
export function retroMatchList(db: Database.Database, listId: number): number {
  const set = loadHashLists(db, [listId]);
  const benign = loadHashLists(db, undefined, 'benign'); // never queued from any source (0053)
  const page = db.prepare<[number], DbStoredImage & { rowid: number }>(
    `SELECT rowid, sha256, pdq, blockhash, low_quality, pdq_quality, variants, pixels
     FROM crawl_image_hashes WHERE rowid > ? ORDER BY rowid LIMIT 10000`,
  );
  let images = 0;
  for (let after = 0; ;) {
    const rows = page.all(after);
    if (rows.length === 0) break;
    for (const row of rows) {
      const fp = storedFingerprint(row);
      const hit = fp && !benign.benign(fp) && set.match(fp);
      if (!hit) continue;
      let added = 0;
      for (const s of sightingsOf(db, row.sha256)) {
        const id = set.record(hit, {
          ...sightingFound(s),
          imageUrl: s.image_url,
          imageSha256: row.sha256,
        });
        if (id !== null) added++;
      }
      if (added > 0) images++;
    }
    after = rows[rows.length - 1]!.rowid;
  }
  return images;
}
