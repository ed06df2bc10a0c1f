/**
 * Test support for takedowns: a real case file with a staff user, a case, a reference image row
 * and crawl matches inserted as the crawler would write them (the crawler's own tests cover that).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile, type CaseFile } from '../db/case-file';

export interface TakedownSeed {
  caseId: number;
  referenceId: number;
  /** Inserts a confirmed match for this page and image; returns its id. */
  match(
    pageUrl: string,
    imageUrl: string,
    opts?: {
      sha?: string;
      referenceId?: number;
      siteId?: number;
      foundAt?: Date;
      /** The image's redirect chain as the crawler records it. */
      chain?: unknown[];
    },
  ): number;
  /** A second reference image of the same case. */
  addReference(): number;
}

export interface TakedownTestFile extends TakedownSeed {
  file: CaseFile;
  db: Database.Database;
  userId: number;
  cleanup(): void;
}

export function sha(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A case with one reference image (rows only) and a way to add matches, in any case file. */
export function seedTakedownData(
  db: Database.Database,
  userId: number,
  now: Date,
  code = 'C-2026-0001',
): TakedownSeed {
  const at = now.toISOString();
  const caseId = Number(
    db
      .prepare(
        `INSERT INTO cases (code, status, consent_search, consent_takedown, consent_storage,
           consent_recorded_at, consent_recorded_by, identity, created_at, created_by, updated_at)
         VALUES (?, 'monitoring', 1, 1, 'originals', ?, ?, x'00', ?, ?, ?)`,
      )
      .run(code, at, userId, at, userId, at).lastInsertRowid,
  );
  let refs = 0;
  const addReference = () =>
    Number(
      db
        .prepare(
          `INSERT INTO reference_images (case_id, sha256, file_name, format, width, height,
             byte_size, low_quality, added_at, added_by)
           VALUES (?, ?, x'00', 'jpeg', 10, 10, 100, 0, ?, ?)`,
        )
        .run(caseId, sha(`${code} reference ${++refs}`), at, userId).lastInsertRowid,
    );
  const referenceId = addReference();
  const match: TakedownSeed['match'] = (pageUrl, imageUrl, opts = {}) =>
    Number(
      db
        .prepare(
          `INSERT INTO crawl_matches (site_id, case_id, reference_image_id, page_url, image_url,
             image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip,
             distance, algo, transform, review_state)
           VALUES (?, ?, ?, ?, ?, ?, ?, 200, '{}', ?, '127.0.0.1', 4, 'pdq', 'identity',
             'confirmed')`,
        )
        .run(
          opts.siteId ?? null,
          caseId,
          opts.referenceId ?? referenceId,
          pageUrl,
          imageUrl,
          opts.sha ?? sha(imageUrl),
          opts.foundAt?.toISOString() ?? at,
          JSON.stringify(opts.chain ?? []),
        ).lastInsertRowid,
    );
  return { caseId, referenceId, match, addReference };
}

export function createTakedownTestFile(now = new Date('2026-11-22T09:00:00Z')): TakedownTestFile {
  const { dir, cleanup } = tempDir('jium-takedown-');
  const file = openCaseFile(join(dir, 'case.jium'), { now: () => now });
  const db = file.db;
  const userId = Number(
    db
      .prepare(
        `INSERT INTO users (username, display_name, role, password_hash, created_at)
         VALUES ('staff1', 'Staff', 'staff', 'x', ?)`,
      )
      .run(now.toISOString()).lastInsertRowid,
  );
  return {
    ...seedTakedownData(db, userId, now),
    file,
    db,
    userId,
    cleanup: () => {
      file.close();
      cleanup();
    },
  };
}
