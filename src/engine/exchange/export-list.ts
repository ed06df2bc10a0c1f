/**
 * Exporting the hashes of confirmed content: every distinct image a reviewer confirmed as a copy of
 * a case image, for cases whose victim consented to takedowns, as PDQ (with its quality),
 * blockhash and SHA-256. No image, no URL, no case code, no date: nothing that identifies a victim
 * or links rows to one another (decision 0075). Rows come out in SHA-256 order, so two exports of
 * the same content are byte-identical.
 *
 * The PDQ exported is the exchange hash (decision 0015): the one python-threatexchange and HMA
 * compute for the same file, from the full-resolution image with alpha dropped. The crawler keeps
 * only its 512 px working-copy hash, so the export re-hashes each confirmed image from its sealed
 * evidence; an image without evidence is exported without a PDQ rather than with a different one.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { caseKey, open } from '../cases/sealing';
import type { HandlerContext } from '../core/context';
import { evidenceAad } from '../crawl/evidence';
import { all, iterate, sql } from '../db/sql';
import { bytesToHex, exchangePdq } from '../fingerprint';
import { knownVideo } from '../crawl/video-hashes';
import { csvLine, JIUM_COLUMNS } from './format';
import { formatVpdq } from './vpdq';

/** A confirmed image's exchange PDQ, by SHA-256 of its bytes. */
export type ExchangeHashes = ReadonlyMap<string, { pdq: string; quality: number }>;

interface DbEvidence {
  sha256: string;
  case_id: number;
  page_url: string;
  reference_image_id: number;
  evidence_image: Buffer;
}

/**
 * Opens the sealed evidence of every confirmed image that the export covers (one match per image)
 * with its case key and computes its exchange PDQ. Evidence that does not open, or whose bytes do
 * not hash to the recorded SHA-256, is left out (and so is its PDQ).
 */
export async function exchangeHashesOfConfirmed(
  ctx: Pick<HandlerContext, 'db' | 'vault'>,
): Promise<ExchangeHashes> {
  const rows = all(
    ctx.db,
    sql<DbEvidence>`SELECT m.image_sha256 AS sha256, m.case_id, m.page_url, m.reference_image_id,
         m.evidence_image
       FROM crawl_matches m JOIN cases c ON c.id = m.case_id
       WHERE m.id IN (
         SELECT min(m2.id) FROM crawl_matches m2 JOIN cases c2 ON c2.id = m2.case_id
         WHERE m2.review_state = 'confirmed' AND c2.consent_takedown = 1
           AND m2.evidence_image IS NOT NULL
         GROUP BY m2.image_sha256)
       ORDER BY m.image_sha256`,
  );
  const keys = new Map<number, Buffer | null>();
  const out = new Map<string, { pdq: string; quality: number }>();
  for (const r of rows) {
    if (!keys.has(r.case_id)) {
      try {
        keys.set(r.case_id, caseKey(ctx, r.case_id));
      } catch {
        keys.set(r.case_id, null); // a locked or shredded key: no evidence to read
      }
    }
    const key = keys.get(r.case_id);
    if (!key) continue;
    let bytes: Buffer;
    try {
      const binding = `${r.page_url}\n${r.sha256}\n${r.reference_image_id}`;
      bytes = open(key, r.evidence_image, evidenceAad(r.case_id, 'image', binding));
    } catch {
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256) continue;
    try {
      const x = await exchangePdq(bytes);
      out.set(r.sha256, { pdq: x.hex, quality: x.quality });
    } catch {
      // Undecodable now (it was decoded when crawled): exported without a PDQ.
    }
  }
  return out;
}

/**
 * The export formats: Jium's documented CSV, one PDQ hex per line (HMA / ThreatExchange), or
 * python-threatexchange's file form with a signal type per line (`pdq <hex>` for images,
 * `vpdq <signal>` for videos, vpdq.ts).
 */
export type ExportFormat = 'csv' | 'pdq-lines' | 'signals';

export interface ExportedList {
  fileName: string;
  mediaType: string;
  text: string;
  /** Rows written. */
  count: number;
}

interface DbRow {
  sha256: string;
  pdq: Buffer | null;
  blockhash: Buffer | null;
  pdq_quality: number | null;
}

/**
 * Which confirmed matches an export covers, in the one match table (decision 0091): those of
 * cases that consented to takedowns, and — only when asked — those found through imported lists
 * and confirmed by our reviewer (re-sharing another centre's content loops provenance, 0075).
 */
const confirmed = (withLists: boolean) => sql`m.review_state = 'confirmed'
  AND ((m.source <> 'hash-list' AND c.consent_takedown = 1)
    OR (${withLists ? 1 : 0} = 1 AND m.source = 'hash-list'))`;

/** The confirmed contents, with whichever hashes the crawler kept. */
export function* confirmedHashes(
  db: Database.Database,
  withLists = false,
): Generator<{
  sha256: string;
  pdq: string | null;
  quality: number | null;
  blockhash: string | null;
}> {
  const rows = iterate(
    db,
    sql<DbRow>`SELECT DISTINCT m.image_sha256 AS sha256, h.pdq, h.blockhash, h.pdq_quality
       FROM crawl_matches m
       LEFT JOIN cases c ON c.id = m.case_id
       LEFT JOIN crawl_image_hashes h ON h.sha256 = m.image_sha256
       WHERE ${confirmed(withLists)}
       ORDER BY m.image_sha256`,
  );
  for (const r of rows) {
    yield {
      sha256: r.sha256,
      pdq: r.pdq?.length === 32 ? bytesToHex(new Uint8Array(r.pdq)) : null,
      quality: r.pdq_quality,
      blockhash: r.blockhash?.length === 32 ? bytesToHex(new Uint8Array(r.blockhash)) : null,
    };
  }
}

/** The confirmed videos (as confirmedHashes chooses content) with their stored vPDQ. */
export function* confirmedVideos(
  db: Database.Database,
  withLists = false,
): Generator<{ sha256: string; vpdq: string }> {
  const rows = all(
    db,
    sql<{ sha256: string }>`SELECT DISTINCT m.image_sha256 AS sha256 FROM crawl_matches m
       LEFT JOIN cases c ON c.id = m.case_id
       WHERE ${confirmed(withLists)} AND m.media_kind = 'video'
       ORDER BY m.image_sha256`,
  );
  for (const r of rows) {
    const v = knownVideo(db, r.sha256);
    if (v && v.fingerprint.frames.length > 0)
      yield { sha256: r.sha256, vpdq: formatVpdq(v.fingerprint) };
  }
}

const FILE_NAMES: Record<ExportFormat, [string, string]> = {
  csv: ['jium-hashes', 'csv'],
  'pdq-lines': ['jium-pdq', 'txt'],
  signals: ['jium-signals', 'txt'],
};

/**
 * Builds the export file. With `exchange` (see {@link exchangeHashesOfConfirmed}) each row's PDQ
 * and quality are the exchange hash, or absent; without it they are the crawler's stored
 * working-copy hash, which differs from other tools' for pictures over 512 px or with alpha.
 */
export function exportHashList(
  db: Database.Database,
  format: ExportFormat,
  now: Date,
  exchange?: ExchangeHashes,
  withLists = false,
): ExportedList {
  const day = now.toISOString().slice(0, 10);
  const out: { sha256: string; line: string }[] = [];

  for (const stored of confirmedHashes(db, withLists)) {
    // A list match keeps no evidence to re-hash (0077): with the exchange hashes it goes without
    // a PDQ, as a case match without evidence does, and its SHA-256 and blockhash still go.
    const x = exchange?.get(stored.sha256);
    const r = exchange ? { ...stored, pdq: x?.pdq ?? null, quality: x?.quality ?? null } : stored;
    // A PDQ file has nothing to say about content without one (videos come as vPDQ).
    if (format !== 'csv' && !r.pdq) continue;
    const line = format === 'csv' ? csvLine(r) : format === 'signals' ? `pdq ${r.pdq}` : r.pdq!;
    out.push({ sha256: r.sha256, line });
  }
  if (format === 'signals') {
    for (const v of confirmedVideos(db, withLists))
      out.push({ sha256: v.sha256, line: `vpdq ${v.vpdq}` });
    out.sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  }
  const lines = out.map((o) => o.line);
  if (format === 'csv') lines.unshift(JIUM_COLUMNS.join(','));
  const [stem, ext] = FILE_NAMES[format];
  return {
    fileName: `${stem}-${day}.${ext}`,
    mediaType: format === 'csv' ? 'text/csv' : 'text/plain',
    text: lines.length ? `${lines.join('\n')}\n` : '',
    count: out.length,
  };
}
