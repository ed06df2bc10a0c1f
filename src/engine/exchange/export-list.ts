/**
 * Exporting the hashes of confirmed content: every distinct image a reviewer confirmed as a copy of
 * a case image, for cases whose victim consented to takedowns, as PDQ (with its quality),
 * blockhash and SHA-256. No image, no URL, no case code, no date: nothing that identifies a victim
 * or links rows to one another (decision 0075). Rows come out in SHA-256 order, so two exports of
 * the same content are byte-identical.
 */
import type Database from 'better-sqlite3';
import { bytesToHex } from '../fingerprint';
import { csvLine, JIUM_COLUMNS } from './format';

/** The export formats: Jium's documented CSV, or one PDQ hex per line (HMA / ThreatExchange). */
export type ExportFormat = 'csv' | 'pdq-lines';

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

/** The confirmed contents, with whichever hashes the crawler kept. */
export function* confirmedHashes(db: Database.Database): Generator<{
  sha256: string;
  pdq: string | null;
  quality: number | null;
  blockhash: string | null;
}> {
  const rows = db
    .prepare(
      `SELECT DISTINCT m.image_sha256 AS sha256, h.pdq, h.blockhash, h.pdq_quality
       FROM crawl_matches m
       JOIN cases c ON c.id = m.case_id
       LEFT JOIN crawl_image_hashes h ON h.sha256 = m.image_sha256
       WHERE m.review_state = 'confirmed' AND c.consent_takedown = 1
       ORDER BY m.image_sha256`,
    )
    .iterate() as Iterable<DbRow>;
  for (const r of rows) {
    yield {
      sha256: r.sha256,
      pdq: r.pdq?.length === 32 ? bytesToHex(new Uint8Array(r.pdq)) : null,
      quality: r.pdq_quality,
      blockhash: r.blockhash?.length === 32 ? bytesToHex(new Uint8Array(r.blockhash)) : null,
    };
  }
}

/** Builds the export file. */
export function exportHashList(
  db: Database.Database,
  format: ExportFormat,
  now: Date,
): ExportedList {
  const day = now.toISOString().slice(0, 10);
  const out: string[] = [];
  if (format === 'csv') out.push(JIUM_COLUMNS.join(','));
  let count = 0;
  for (const r of confirmedHashes(db)) {
    if (format === 'pdq-lines') {
      if (!r.pdq) continue; // a PDQ file has nothing to say about content without one
      out.push(r.pdq);
    } else {
      out.push(csvLine(r));
    }
    count++;
  }
  return {
    fileName: format === 'csv' ? `jium-hashes-${day}.csv` : `jium-pdq-${day}.txt`,
    mediaType: format === 'csv' ? 'text/csv' : 'text/plain',
    text: out.length ? `${out.join('\n')}\n` : '',
    count,
  };
}
