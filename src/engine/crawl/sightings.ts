/**
 * What the case file keeps of every crawled image so that it can be matched again later without
 * fetching it (retro-matching, decision 0045): where it was seen (a sighting: site, page, image
 * URL, when, and the last fetch's HTTP evidence) and every candidate hash the decision rule uses
 * (the upright full, trimmed, embedded and contrast-stretched hashes, packed 34 bytes each), and
 * whether it is gone from there since (decision 0049). Image bytes are never kept here;
 * verification features neither (too large for every image): a retro candidate is fetched again.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  bytesToHex,
  type Fingerprint,
  type HashAlgo,
  type HashVariant,
  type RegionKind,
} from '../fingerprint';
import type { FollowedResponse, Hop } from './follow-redirects';

/** Regions a candidate carries, in their one-byte code order (never reorder: stored). */
const REGIONS: readonly RegionKind[] = ['full', 'trim', 'embedded', 'norm'];
/** Bytes of one packed variant: code (region << 1 | algo), quality (255: none), 32 hash. */
export const PACKED_VARIANT_BYTES = 34;
const NO_QUALITY = 255;

/** Packs a candidate's upright variants (other orientations and regions are references' only). */
export function packVariants(variants: readonly HashVariant[]): Buffer {
  const kept = variants.filter(
    (v) => v.transform === 'identity' && REGIONS.includes(v.region) && v.hash.length === 32,
  );
  const out = Buffer.alloc(kept.length * PACKED_VARIANT_BYTES);
  kept.forEach((v, i) => {
    const at = i * PACKED_VARIANT_BYTES;
    out[at] = (REGIONS.indexOf(v.region) << 1) | (v.algo === 'blockhash' ? 1 : 0);
    out[at + 1] = v.quality === undefined ? NO_QUALITY : Math.max(0, Math.min(100, v.quality));
    out.set(v.hash, at + 2);
  });
  return out;
}

/** The variants packed by {@link packVariants}. */
export function unpackVariants(packed: Uint8Array): HashVariant[] {
  const out: HashVariant[] = [];
  for (let at = 0; at + PACKED_VARIANT_BYTES <= packed.length; at += PACKED_VARIANT_BYTES) {
    const code = packed[at]!;
    const region = REGIONS[code >> 1];
    if (!region) continue;
    const algo: HashAlgo = code & 1 ? 'blockhash' : 'pdq';
    const q = packed[at + 1]!;
    out.push({
      algo,
      region,
      transform: 'identity',
      hash: Uint8Array.from(packed.subarray(at + 2, at + PACKED_VARIANT_BYTES)),
      ...(q === NO_QUALITY ? {} : { quality: q }),
    });
  }
  return out;
}

/** A crawled image's stored hash row. */
export interface DbStoredImage {
  sha256: string;
  pdq: Buffer | null;
  blockhash: Buffer | null;
  low_quality: number;
  pdq_quality: number | null;
  variants: Buffer | null;
  pixels: Buffer | null;
}

/**
 * A candidate fingerprint rebuilt from a stored row: its packed variants, or for rows written
 * before they were kept, the whole-image PDQ and blockhash as the `full` region. Undefined when
 * the row has no perceptual hash at all.
 */
export function storedFingerprint(row: DbStoredImage): Fingerprint | undefined {
  let variants = row.variants ? unpackVariants(row.variants) : [];
  if (variants.length === 0 && row.pdq?.length === 32 && row.blockhash?.length === 32) {
    const quality = row.pdq_quality ?? undefined;
    variants = [
      {
        algo: 'pdq',
        region: 'full',
        transform: 'identity',
        hash: new Uint8Array(row.pdq),
        ...(quality !== undefined ? { quality } : {}),
      },
      {
        algo: 'blockhash',
        region: 'full',
        transform: 'identity',
        hash: new Uint8Array(row.blockhash),
      },
    ];
  }
  const pdq = variants.find((v) => v.algo === 'pdq' && v.region === 'full');
  const block = variants.find((v) => v.algo === 'blockhash' && v.region === 'full');
  if (!pdq || !block) return undefined;
  return {
    sha256: row.sha256,
    format: 'unknown',
    width: 0,
    height: 0,
    pdq: {
      hash: pdq.hash,
      hex: bytesToHex(pdq.hash),
      quality: pdq.quality ?? row.pdq_quality ?? 0,
    },
    blockhash: { hash: block.hash, hex: bytesToHex(block.hash) },
    variants,
    lowQuality: row.low_quality === 1,
    ...(row.pixels ? { pixels: row.pixels.toString('hex') } : {}),
  };
}

const STORED_COLUMNS = 'sha256, pdq, blockhash, low_quality, pdq_quality, variants, pixels';

/** The stored fingerprint of one crawled content, if the case file has it. */
export function loadStoredFingerprint(
  db: Database.Database,
  sha256: string,
): Fingerprint | undefined {
  const row = db
    .prepare(`SELECT ${STORED_COLUMNS} FROM crawl_image_hashes WHERE sha256 = ?`)
    .get(sha256) as DbStoredImage | undefined;
  return row && storedFingerprint(row);
}

/** Where an image was seen, with the evidence of that fetch. */
export interface SightingInput {
  pageUrl: string;
  imageUrl: string;
  sha256: string;
  at: string;
  httpStatus: number;
  httpHeaders: Record<string, string>;
  redirectChain: Hop[];
  serverIp: string;
}

/** The sighting of an image fetched now for a page. */
export function seenAt(pageUrl: string, res: FollowedResponse, sha256: string): SightingInput {
  return {
    pageUrl,
    imageUrl: res.response.url,
    sha256,
    at: new Date().toISOString(),
    httpStatus: res.response.status,
    httpHeaders: res.response.headers,
    redirectChain: res.chain,
    serverIp: res.response.remoteAddress,
  };
}

/** Header values longer than this are cut (evidence, not content): bounds a sighting's size. */
const MAX_HEADER_VALUE = 512;
/** Never kept: a site's cookies say nothing about where the image was and may be sessions. */
const DROPPED_HEADERS = new Set(['set-cookie']);

/** The response headers a sighting keeps. */
export function evidenceHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (DROPPED_HEADERS.has(k.toLowerCase())) continue;
    out[k] = v.length > MAX_HEADER_VALUE ? v.slice(0, MAX_HEADER_VALUE) : v;
  }
  return out;
}

/** 16 bytes naming (site, page, image URL): the unique key, without repeating the URLs. */
export function sightingKey(siteId: number, pageUrl: string, imageUrl: string): Buffer {
  return createHash('sha256').update(`${siteId}\n${pageUrl}\n${imageUrl}`).digest().subarray(0, 16);
}

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(db: Database.Database) {
  return {
    sighting: db.prepare(
      `INSERT INTO crawl_sightings (key, site_id, run_id, page_url, image_url, image_sha256,
         first_seen_at, last_seen_at, http_status, http_headers, redirect_chain, server_ip)
       VALUES (@key, @siteId, @runId, @pageUrl, @imageUrl, @sha256, @at, @at, @httpStatus,
         @httpHeaders, @redirectChain, @serverIp)
       ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, image_sha256 = excluded.image_sha256,
         last_seen_at = excluded.last_seen_at, http_status = excluded.http_status,
         http_headers = excluded.http_headers, redirect_chain = excluded.redirect_chain,
         server_ip = excluded.server_ip, gone_at = NULL, gone_reason = NULL`,
    ),
    // A 304 confirms the image is still there: only the time and run move.
    seen: db.prepare(
      'UPDATE crawl_sightings SET last_seen_at = ?, run_id = ?, gone_at = NULL, gone_reason = NULL WHERE key = ?',
    ),
    variants: db.prepare(
      `UPDATE crawl_image_hashes SET variants = ?, pixels = ?
       WHERE sha256 = ? AND variants IS NULL`,
    ),
  };
}

function stmts(db: Database.Database) {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = prepare(db)));
  return s;
}

/** The run a sighting is written by. */
export interface SightingScope {
  db: Database.Database;
  runId: number;
  siteId: number;
}

/**
 * Records where an image was seen and, given its fingerprint, the candidate hashes it was
 * decided on (kept once per content: the first fingerprint of a SHA-256 is the one kept). Runs
 * inside the image task's outcome transaction, after the content's hash row is written.
 */
export function recordSighting(scope: SightingScope, s: SightingInput, fp?: Fingerprint): void {
  const q = stmts(scope.db);
  q.sighting.run({
    key: sightingKey(scope.siteId, s.pageUrl, s.imageUrl),
    siteId: scope.siteId,
    runId: scope.runId,
    pageUrl: s.pageUrl,
    imageUrl: s.imageUrl,
    sha256: s.sha256,
    at: s.at,
    httpStatus: s.httpStatus,
    httpHeaders: JSON.stringify(evidenceHeaders(s.httpHeaders)),
    redirectChain: JSON.stringify(s.redirectChain),
    serverIp: s.serverIp,
  });
  if (fp) {
    const pixels = fp.pixels ? Buffer.from(fp.pixels, 'hex') : null;
    q.variants.run(packVariants(fp.variants), pixels, fp.sha256);
  }
}

/** An unchanged (304) image was seen again where it was: moves its last-seen time. */
export function touchSighting(
  scope: SightingScope,
  pageUrl: string,
  imageUrl: string,
  at: string,
): void {
  stmts(scope.db).seen.run(at, scope.runId, sightingKey(scope.siteId, pageUrl, imageUrl));
}

/** A stored sighting, as a match is recorded from it. */
export interface DbSighting {
  id: number;
  site_id: number;
  run_id: number | null;
  page_url: string;
  image_url: string;
  image_sha256: string;
  last_seen_at: string;
  http_status: number;
  http_headers: string;
  redirect_chain: string;
  server_ip: string;
}

const SIGHTING_COLUMNS = `id, site_id, run_id, page_url, image_url, image_sha256, last_seen_at,
  http_status, http_headers, redirect_chain, server_ip`;

/** Every place a content was seen and is not known to be gone since. */
export function sightingsOf(db: Database.Database, sha256: string): DbSighting[] {
  return db
    .prepare(
      `SELECT ${SIGHTING_COLUMNS} FROM crawl_sightings
        WHERE image_sha256 = ? AND gone_at IS NULL ORDER BY id`,
    )
    .all(sha256) as DbSighting[];
}

/** One stored sighting by its id. */
export function sightingById(db: Database.Database, id: number): DbSighting | undefined {
  return db.prepare(`SELECT ${SIGHTING_COLUMNS} FROM crawl_sightings WHERE id = ?`).get(id) as
    DbSighting | undefined;
}

/**
 * The image is no longer where it was seen (404, 410 or 451 for its URL, or other bytes now
 * served there; decision 0049): the sighting stays as the record of what was, marked gone, and
 * proposes nothing any more. Seen there again, a crawl clears the mark.
 */
export function markSightingGone(
  db: Database.Database,
  id: number,
  at: string,
  reason: string,
): void {
  db.prepare('UPDATE crawl_sightings SET gone_at = ?, gone_reason = ? WHERE id = ?').run(
    at,
    reason,
    id,
  );
}
