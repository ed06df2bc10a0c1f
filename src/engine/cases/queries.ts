/**
 * SQL of cases and reference images, and the mappers from rows to API types. The query module of
 * `cases`, `case_code_counters`, `case_keys`, `case_timeline`, `reference_images`,
 * `reference_hashes` and `reference_originals`: the only code that writes them (decision 0093).
 */
import type Database from 'better-sqlite3';
import type {
  CaseStatus,
  CaseSummary,
  ConsentInput,
  ReferenceImageInfo,
} from '../../shared/cases-types';
import { all, get, run, runEach, sql, sqlId } from '../db/sql';

/** A case row joined with the names the UI shows (never identity: that is sealed). */
export interface DbCaseRow {
  id: number;
  code: string;
  status: CaseStatus;
  assigned_to: number | null;
  assigned_name: string | null;
  consent_search: 0 | 1;
  consent_takedown: 0 | 1;
  consent_storage: 'originals' | 'hashes-only';
  consent_recorded_at: string;
  consent_recorded_by: number;
  recorded_name: string;
  identity: Buffer;
  image_count: number;
  created_at: string;
  updated_at: string;
}

const CASE_SELECT = sql`
  SELECT c.*, a.display_name AS assigned_name, r.display_name AS recorded_name,
    (SELECT count(*) FROM reference_images i WHERE i.case_id = c.id) AS image_count
  FROM cases c
  LEFT JOIN users a ON a.id = c.assigned_to
  JOIN users r ON r.id = c.consent_recorded_by`;

export function getCaseRow(db: Database.Database, caseId: number): DbCaseRow | undefined {
  return get(db, sql<DbCaseRow>`${CASE_SELECT} WHERE c.id = ${caseId}`);
}

/** A case's pseudonymous code, or undefined when there is no such case. */
export function caseCode(db: Database.Database, caseId: number): string | undefined {
  return get(db, sql<{ code: string }>`SELECT code FROM cases WHERE id = ${caseId}`)?.code;
}

export function listCaseRows(
  db: Database.Database,
  filter: { status?: CaseStatus | undefined; assignedTo?: number | undefined },
): DbCaseRow[] {
  const status = filter.status ?? null;
  const assignedTo = filter.assignedTo ?? null;
  return all(
    db,
    sql<DbCaseRow>`${CASE_SELECT}
      WHERE (${status} IS NULL OR c.status = ${status})
        AND (${assignedTo} IS NULL OR c.assigned_to = ${assignedTo})
      ORDER BY c.created_at DESC, c.id DESC`,
  );
}

export function summaryOf(row: DbCaseRow): CaseSummary {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    assignedTo:
      row.assigned_to === null
        ? null
        : { id: row.assigned_to, displayName: row.assigned_name ?? '' },
    consent: {
      searchWeb: row.consent_search === 1,
      fileTakedowns: row.consent_takedown === 1,
      storage: row.consent_storage,
      recordedAt: row.consent_recorded_at,
      recordedBy: { id: row.consent_recorded_by, displayName: row.recorded_name },
    },
    imageCount: row.image_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The next case code of a year, `C-YYYY-NNNN`. A counter table (not max(code)) so that a deleted
 * case's code is never given to another case: the audit log still names it.
 */
export function nextCaseCode(db: Database.Database, year: number): string {
  run(
    db,
    sql`INSERT INTO case_code_counters (year, last) VALUES (${year}, 1)
        ON CONFLICT (year) DO UPDATE SET last = last + 1`,
  );
  const { last } = get(
    db,
    sql<{ last: number }>`SELECT last FROM case_code_counters WHERE year = ${year}`,
  )!;
  return `C-${year}-${String(last).padStart(4, '0')}`;
}

export function insertCase(
  db: Database.Database,
  c: {
    code: string;
    assignedTo: number | null;
    consent: ConsentInput;
    by: number;
    at: string;
  },
): number {
  const r = run(
    db,
    sql`INSERT INTO cases (code, status, assigned_to, consent_search, consent_takedown,
          consent_storage, consent_recorded_at, consent_recorded_by, identity, created_at,
          created_by, updated_at)
        VALUES (${c.code}, 'open', ${c.assignedTo}, ${c.consent.searchWeb ? 1 : 0},
          ${c.consent.fileTakedowns ? 1 : 0}, ${c.consent.storage}, ${c.at}, ${c.by}, x'',
          ${c.at}, ${c.by}, ${c.at})`,
  );
  return Number(r.lastInsertRowid);
}

export function setIdentity(db: Database.Database, caseId: number, sealed: Buffer, at: string) {
  run(db, sql`UPDATE cases SET identity = ${sealed}, updated_at = ${at} WHERE id = ${caseId}`);
}

export function setConsent(
  db: Database.Database,
  caseId: number,
  consent: ConsentInput,
  by: number,
  at: string,
): void {
  run(
    db,
    sql`UPDATE cases SET consent_search = ${consent.searchWeb ? 1 : 0},
          consent_takedown = ${consent.fileTakedowns ? 1 : 0}, consent_storage = ${consent.storage},
          consent_recorded_at = ${at}, consent_recorded_by = ${by}, updated_at = ${at}
        WHERE id = ${caseId}`,
  );
}

export function setStatus(db: Database.Database, caseId: number, status: CaseStatus, at: string) {
  run(db, sql`UPDATE cases SET status = ${status}, updated_at = ${at} WHERE id = ${caseId}`);
}

export function setAssigned(db: Database.Database, caseId: number, userId: number, at: string) {
  run(db, sql`UPDATE cases SET assigned_to = ${userId}, updated_at = ${at} WHERE id = ${caseId}`);
}

export function getWrappedKey(db: Database.Database, caseId: number): Buffer | undefined {
  return get(
    db,
    sql<{ wrapped_key: Buffer }>`SELECT wrapped_key FROM case_keys WHERE case_id = ${caseId}`,
  )?.wrapped_key;
}

export function insertWrappedKey(db: Database.Database, caseId: number, wrapped: Buffer): void {
  run(db, sql`INSERT INTO case_keys (case_id, wrapped_key) VALUES (${caseId}, ${wrapped})`);
}

/** A reference image row. */
export interface DbImage {
  id: number;
  case_id: number;
  sha256: string;
  file_name: Buffer;
  format: string;
  width: number;
  height: number;
  byte_size: number;
  pdq: string | null;
  pdq_quality: number | null;
  blockhash: string | null;
  low_quality: 0 | 1;
  inner_picture: 0 | 1;
  added_at: string;
  added_by: number;
  has_original: 0 | 1;
}

const IMAGE_SELECT = sql`SELECT i.*,
  EXISTS (SELECT 1 FROM reference_originals o WHERE o.image_id = i.id) AS has_original
  FROM reference_images i`;

export function getImage(db: Database.Database, imageId: number): DbImage | undefined {
  return get(db, sql<DbImage>`${IMAGE_SELECT} WHERE i.id = ${imageId}`);
}

export function listImages(db: Database.Database, caseId: number): DbImage[] {
  return all(db, sql<DbImage>`${IMAGE_SELECT} WHERE i.case_id = ${caseId} ORDER BY i.id`);
}

/** The tables of a case's reference files (images and videos), each with case_id and sha256. */
export type ReferenceTable = 'reference_images' | 'reference_videos';
const REFERENCE_TABLES: readonly ReferenceTable[] = ['reference_images', 'reference_videos'];

export function findImageInCase(
  db: Database.Database,
  caseId: number,
  sha256: string,
  table: ReferenceTable = 'reference_images',
): { id: number } | undefined {
  const t = sqlId(table, REFERENCE_TABLES);
  return get(
    db,
    sql<{ id: number }>`SELECT id FROM ${t} WHERE case_id = ${caseId} AND sha256 = ${sha256}`,
  );
}

/** Codes of the other cases that hold an image (or video) with this SHA-256. */
export function otherCasesWith(
  db: Database.Database,
  caseId: number,
  sha256: string,
  table: ReferenceTable = 'reference_images',
): string[] {
  const t = sqlId(table, REFERENCE_TABLES);
  return all(
    db,
    sql<{ code: string }>`SELECT DISTINCT c.code FROM ${t} i JOIN cases c ON c.id = i.case_id
                          WHERE i.sha256 = ${sha256} AND i.case_id <> ${caseId} ORDER BY c.code`,
  ).map((r) => r.code);
}

/**
 * Why copies of a reference may be hard to find. A low-quality one, from its stored hashes: a
 * contrast-stretched (`norm`) PDQ of quality >= 50 makes it findable under the stricter rule;
 * without one (or registered before those existed) only exact copies are found. Otherwise a page
 * with a picture inside it: that picture on its own may be missed.
 */
function hardToFindOf(db: Database.Database, row: DbImage): ReferenceImageInfo['hardToFind'] {
  if (row.low_quality !== 1) return row.inner_picture === 1 ? 'inner-picture' : null;
  if (Math.min(row.width, row.height) < 32) return 'small';
  const norm = get(
    db,
    sql<{ q: number | null }>`SELECT max(quality) AS q FROM reference_hashes
                              WHERE image_id = ${row.id} AND algo = 'pdq' AND region = 'norm'`,
  )!;
  return (norm.q ?? 0) >= 50 ? 'low-contrast' : 'flat';
}

/** `fileName` is given only when the caller may read it (counsellors): otherwise null. */
export function imageInfoOf(
  db: Database.Database,
  row: DbImage,
  fileName: string | null = null,
): ReferenceImageInfo {
  return {
    id: row.id,
    sha256: row.sha256,
    format: row.format,
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    pdq: row.pdq,
    pdqQuality: row.pdq_quality,
    lowQuality: row.low_quality === 1,
    hardToFind: hardToFindOf(db, row),
    hasOriginal: row.has_original === 1,
    fileName,
    addedAt: row.added_at,
    alsoIn: otherCasesWith(db, row.case_id, row.sha256),
  };
}

/** A case's timeline, oldest first, with each author's name (bodies still sealed). */
export function timelineRows(
  db: Database.Database,
  caseId: number,
): { id: number; at: string; author: string; body: Buffer }[] {
  return all(
    db,
    sql<{ id: number; at: string; author: string; body: Buffer }>`
      SELECT t.id, t.at, u.display_name AS author, t.body FROM case_timeline t
      JOIN users u ON u.id = t.author_id WHERE t.case_id = ${caseId} ORDER BY t.at, t.id`,
  );
}

/** Adds a sealed timeline entry and marks the case updated. */
export function insertTimelineEntry(
  db: Database.Database,
  entry: { caseId: number; at: string; authorId: number; sealed: Buffer },
): void {
  run(
    db,
    sql`INSERT INTO case_timeline (case_id, at, author_id, body)
        VALUES (${entry.caseId}, ${entry.at}, ${entry.authorId}, ${entry.sealed})`,
  );
  run(db, sql`UPDATE cases SET updated_at = ${entry.at} WHERE id = ${entry.caseId}`);
}

/** Deletes the sealed originals of a case's reference images; returns how many went. */
export function deleteImageOriginals(db: Database.Database, caseId: number): number {
  return run(
    db,
    sql`DELETE FROM reference_originals WHERE image_id IN
          (SELECT id FROM reference_images WHERE case_id = ${caseId})`,
  ).changes;
}

/**
 * Deletes a case; ON DELETE CASCADE takes case_keys, case_timeline, reference images and their
 * hashes and originals, reference videos and their frames, sealed original parts and keyframes.
 */
export function deleteCaseRow(db: Database.Database, caseId: number): void {
  run(db, sql`DELETE FROM cases WHERE id = ${caseId}`);
}

/** A reference image as registered: its fingerprint's summary and its sealed file name. */
export interface NewImage {
  caseId: number;
  sha256: string;
  sealedFileName: Buffer;
  format: string;
  width: number;
  height: number;
  byteSize: number;
  pdq: string | null;
  pdqQuality: number | null;
  blockhash: string | null;
  lowQuality: boolean;
  innerPicture: boolean;
  addedAt: string;
  addedBy: number;
  /** Every hash variant the decision rule searches. */
  hashes: readonly {
    algo: string;
    region: string;
    transform: string;
    hash: Uint8Array;
    quality?: number | null | undefined;
  }[];
}

/** Inserts a reference image and its hashes; returns its id. */
export function insertImageRow(db: Database.Database, i: NewImage): number {
  const r = run(
    db,
    sql`INSERT INTO reference_images (case_id, sha256, file_name, format, width, height,
          byte_size, pdq, pdq_quality, blockhash, low_quality, inner_picture, added_at, added_by)
        VALUES (${i.caseId}, ${i.sha256}, ${i.sealedFileName}, ${i.format}, ${i.width},
          ${i.height}, ${i.byteSize}, ${i.pdq}, ${i.pdqQuality}, ${i.blockhash},
          ${i.lowQuality ? 1 : 0}, ${i.innerPicture ? 1 : 0}, ${i.addedAt}, ${i.addedBy})`,
  );
  const imageId = Number(r.lastInsertRowid);
  runEach(
    db,
    i.hashes,
    (v) =>
      sql`INSERT INTO reference_hashes (image_id, algo, region, transform, hash, quality)
          VALUES (${imageId}, ${v.algo}, ${v.region}, ${v.transform}, ${Buffer.from(v.hash)},
            ${v.quality ?? null})`,
  );
  return imageId;
}

/** Keeps a reference image's original, sealed with the case key. */
export function insertImageOriginal(db: Database.Database, imageId: number, sealed: Buffer): void {
  run(db, sql`INSERT INTO reference_originals (image_id, sealed) VALUES (${imageId}, ${sealed})`);
}

/** A reference image's sealed original, or undefined when only its hashes were kept. */
export function imageOriginal(db: Database.Database, imageId: number): Buffer | undefined {
  return get(
    db,
    sql<{ sealed: Buffer }>`SELECT sealed FROM reference_originals WHERE image_id = ${imageId}`,
  )?.sealed;
}

/** Deletes a reference image (its hashes, original and matches go with it); says what went. */
export function deleteImageRow(
  db: Database.Database,
  imageId: number,
): { originals: number; matches: number } {
  const counts = get(
    db,
    sql<{ originals: number; matches: number }>`SELECT
      (SELECT COUNT(*) FROM reference_originals WHERE image_id = ${imageId}) AS originals,
      (SELECT COUNT(*) FROM crawl_matches WHERE reference_image_id = ${imageId}) AS matches`,
  )!;
  run(db, sql`DELETE FROM reference_images WHERE id = ${imageId}`);
  return counts;
}
