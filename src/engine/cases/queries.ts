/** SQL of cases and reference images, and the mappers from rows to API types. */
import type Database from 'better-sqlite3';
import type {
  CaseStatus,
  CaseSummary,
  ConsentInput,
  ReferenceImageInfo,
} from '../../shared/cases-types';

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

const CASE_SELECT = `
  SELECT c.*, a.display_name AS assigned_name, r.display_name AS recorded_name,
    (SELECT count(*) FROM reference_images i WHERE i.case_id = c.id) AS image_count
  FROM cases c
  LEFT JOIN users a ON a.id = c.assigned_to
  JOIN users r ON r.id = c.consent_recorded_by`;

export function getCaseRow(db: Database.Database, caseId: number): DbCaseRow | undefined {
  return db.prepare(`${CASE_SELECT} WHERE c.id = ?`).get(caseId) as DbCaseRow | undefined;
}

export function listCaseRows(
  db: Database.Database,
  filter: { status?: CaseStatus | undefined; assignedTo?: number | undefined },
): DbCaseRow[] {
  return db
    .prepare(
      `${CASE_SELECT} WHERE (? IS NULL OR c.status = ?) AND (? IS NULL OR c.assigned_to = ?)
       ORDER BY c.created_at DESC, c.id DESC`,
    )
    .all(
      filter.status ?? null,
      filter.status ?? null,
      filter.assignedTo ?? null,
      filter.assignedTo ?? null,
    ) as DbCaseRow[];
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
  db.prepare(
    `INSERT INTO case_code_counters (year, last) VALUES (?, 1)
     ON CONFLICT (year) DO UPDATE SET last = last + 1`,
  ).run(year);
  const { last } = db.prepare('SELECT last FROM case_code_counters WHERE year = ?').get(year) as {
    last: number;
  };
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
  const r = db
    .prepare(
      `INSERT INTO cases (code, status, assigned_to, consent_search, consent_takedown, consent_storage,
         consent_recorded_at, consent_recorded_by, identity, created_at, created_by, updated_at)
       VALUES (?, 'open', ?, ?, ?, ?, ?, ?, x'', ?, ?, ?)`,
    )
    .run(
      c.code,
      c.assignedTo,
      c.consent.searchWeb ? 1 : 0,
      c.consent.fileTakedowns ? 1 : 0,
      c.consent.storage,
      c.at,
      c.by,
      c.at,
      c.by,
      c.at,
    );
  return Number(r.lastInsertRowid);
}

export function setIdentity(db: Database.Database, caseId: number, sealed: Buffer, at: string) {
  db.prepare('UPDATE cases SET identity = ?, updated_at = ? WHERE id = ?').run(sealed, at, caseId);
}

export function setConsent(
  db: Database.Database,
  caseId: number,
  consent: ConsentInput,
  by: number,
  at: string,
): void {
  db.prepare(
    `UPDATE cases SET consent_search = ?, consent_takedown = ?, consent_storage = ?,
       consent_recorded_at = ?, consent_recorded_by = ?, updated_at = ? WHERE id = ?`,
  ).run(
    consent.searchWeb ? 1 : 0,
    consent.fileTakedowns ? 1 : 0,
    consent.storage,
    at,
    by,
    at,
    caseId,
  );
}

export function setStatus(db: Database.Database, caseId: number, status: CaseStatus, at: string) {
  db.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?').run(status, at, caseId);
}

export function setAssigned(db: Database.Database, caseId: number, userId: number, at: string) {
  db.prepare('UPDATE cases SET assigned_to = ?, updated_at = ? WHERE id = ?').run(
    userId,
    at,
    caseId,
  );
}

export function getWrappedKey(db: Database.Database, caseId: number): Buffer | undefined {
  return (
    db.prepare('SELECT wrapped_key FROM case_keys WHERE case_id = ?').get(caseId) as
      { wrapped_key: Buffer } | undefined
  )?.wrapped_key;
}

export function insertWrappedKey(db: Database.Database, caseId: number, wrapped: Buffer): void {
  db.prepare('INSERT INTO case_keys (case_id, wrapped_key) VALUES (?, ?)').run(caseId, wrapped);
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
  added_at: string;
  added_by: number;
  has_original: 0 | 1;
}

const IMAGE_SELECT = `SELECT i.*, EXISTS (SELECT 1 FROM reference_originals o WHERE o.image_id = i.id)
  AS has_original FROM reference_images i`;

export function getImage(db: Database.Database, imageId: number): DbImage | undefined {
  return db.prepare(`${IMAGE_SELECT} WHERE i.id = ?`).get(imageId) as DbImage | undefined;
}

export function listImages(db: Database.Database, caseId: number): DbImage[] {
  return db.prepare(`${IMAGE_SELECT} WHERE i.case_id = ? ORDER BY i.id`).all(caseId) as DbImage[];
}

/** The tables of a case's reference files (images and videos), each with case_id and sha256. */
export type ReferenceTable = 'reference_images' | 'reference_videos';

export function findImageInCase(
  db: Database.Database,
  caseId: number,
  sha256: string,
  table: ReferenceTable = 'reference_images',
): { id: number } | undefined {
  return db
    .prepare(`SELECT id FROM ${table} WHERE case_id = ? AND sha256 = ?`)
    .get(caseId, sha256) as { id: number } | undefined;
}

/** Codes of the other cases that hold an image (or video) with this SHA-256. */
export function otherCasesWith(
  db: Database.Database,
  caseId: number,
  sha256: string,
  table: ReferenceTable = 'reference_images',
): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT c.code FROM ${table} i JOIN cases c ON c.id = i.case_id
         WHERE i.sha256 = ? AND i.case_id <> ? ORDER BY c.code`,
      )
      .all(sha256, caseId) as { code: string }[]
  ).map((r) => r.code);
}

/**
 * Why copies of a low-quality reference may be hard to find, from its stored hashes: a
 * contrast-stretched (`norm`) PDQ of quality >= 50 makes it findable under the stricter rule;
 * without one (or registered before those existed) only exact copies are found.
 */
function hardToFindOf(db: Database.Database, row: DbImage): ReferenceImageInfo['hardToFind'] {
  if (row.low_quality !== 1) return null;
  if (Math.min(row.width, row.height) < 32) return 'small';
  const norm = db
    .prepare(
      `SELECT max(quality) AS q FROM reference_hashes
       WHERE image_id = ? AND algo = 'pdq' AND region = 'norm'`,
    )
    .get(row.id) as { q: number | null };
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
