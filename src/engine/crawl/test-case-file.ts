/**
 * Test support: a real case file with one user, one case that consented to web searches, and its
 * reference images fingerprinted by the real engine — written straight into the cases tables, as
 * the cases service would (its own tests cover that path).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { SiteConfig, SiteConfigInput } from '../../shared/crawl-types';
import { siteConfigSchema } from '../../shared/crawl-types';
import { openCaseFile, type CaseFile } from '../db/case-file';
import { fingerprint } from '../fingerprint';
import { bundleForNode } from '../../test-support/bundle';
import { keyedEvidenceStore, type EvidenceStore } from './evidence';
import { loadReferences } from './reference-index';
import { CrawlRunner, type RunnerOptions } from './runner';
import { insertRun, insertSite, runConfig } from './sites';

export interface TestCaseFile {
  dir: string;
  path: string;
  file: CaseFile;
  caseId: number;
  referenceIds: number[];
  cleanup(): void;
}

/** Creates a case file under a temp dir with one case and these reference images. */
export async function createTestCaseFile(references: Buffer[]): Promise<TestCaseFile> {
  const dir = mkdtempSync(join(tmpdir(), 'jium-crawl-'));
  const path = join(dir, 'case.jium');
  const file = openCaseFile(path);
  const db = file.db;
  const now = new Date().toISOString();
  const userId = Number(
    db
      .prepare(
        `INSERT INTO users (username, display_name, role, password_hash, created_at)
         VALUES ('monitor1', 'Monitor', 'monitor', 'x', ?)`,
      )
      .run(now).lastInsertRowid,
  );
  const caseId = Number(
    db
      .prepare(
        `INSERT INTO cases (code, status, consent_search, consent_takedown, consent_storage,
           consent_recorded_at, consent_recorded_by, identity, created_at, created_by, updated_at)
         VALUES ('C-2026-0001', 'monitoring', 1, 1, 'originals', ?, ?, x'00', ?, ?, ?)`,
      )
      .run(now, userId, now, userId, now).lastInsertRowid,
  );
  const referenceIds: number[] = [];
  for (const bytes of references) {
    const imageId = await addTestReference(db, caseId, bytes, userId);
    referenceIds.push(imageId);
  }
  return {
    dir,
    path,
    file,
    caseId,
    referenceIds,
    cleanup: () => {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a reference image as the cases service stores it (its row and its hash variants,
 * fingerprinted by the real engine); returns its id.
 */
export async function addTestReference(
  db: CaseFile['db'],
  caseId: number,
  bytes: Buffer,
  addedBy = 1,
): Promise<number> {
  const fp = await fingerprint(bytes, { role: 'reference' });
  const imageId = Number(
    db
      .prepare(
        `INSERT INTO reference_images (case_id, sha256, file_name, format, width, height,
           byte_size, pdq, pdq_quality, blockhash, low_quality, added_at, added_by)
         VALUES (?, ?, x'00', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        caseId,
        fp.sha256,
        fp.format,
        fp.width,
        fp.height,
        bytes.length,
        fp.pdq.hex,
        fp.pdq.quality,
        fp.blockhash.hex,
        fp.lowQuality ? 1 : 0,
        new Date().toISOString(),
        addedBy,
      ).lastInsertRowid,
  );
  const put = db.prepare(
    'INSERT INTO reference_hashes (image_id, algo, region, transform, hash, quality) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const v of fp.variants) {
    put.run(imageId, v.algo, v.region, v.transform, Buffer.from(v.hash), v.quality ?? null);
  }
  return imageId;
}

/** A site configuration for a server on 127.0.0.1 (the only private address tests allow). */
export function localSite(origin: string, overrides: Partial<SiteConfigInput> = {}) {
  return siteConfigSchema.parse({
    name: 'Fixture',
    startUrls: [`${origin}/`],
    allowAddresses: ['127.0.0.1'],
    requestsPerSecond: 1000,
    concurrencyPerHost: 6,
    renderMode: 'http',
    ...overrides,
  });
}

/** Short fetch limits for tests, so the fixture's slow drips time out quickly. */
export const TEST_FETCH_LIMITS = {
  maxBytes: 4 * 1024 * 1024,
  headerTimeoutMs: 3000,
  bodyTimeoutMs: 2000,
};

/**
 * A new site with this configuration, a run of it, and the runner that crawls it: the case
 * file's references and the test fetch limits unless `options` says otherwise.
 */
export function localRun(
  db: Database.Database,
  config: SiteConfig,
  options: Partial<RunnerOptions> = {},
): { runner: CrawlRunner; runId: number; siteId: number } {
  const siteId = insertSite(db, config, new Date());
  const runId = insertRun(db, siteId, config, new Date());
  return { runner: runnerFor(db, runId, siteId, { config, ...options }), runId, siteId };
}

/**
 * The runner of a run that exists already (a second crawl of a site, a verification run): the
 * run's own configuration, the case file's references and the test fetch limits unless `options`
 * says otherwise.
 */
export function runnerFor(
  db: Database.Database,
  runId: number,
  siteId: number,
  options: Partial<RunnerOptions> = {},
): CrawlRunner {
  return new CrawlRunner({
    db,
    runId,
    siteId,
    config: runConfig(db, runId),
    references: loadReferences(db),
    fetchLimits: TEST_FETCH_LIMITS,
    ...options,
  });
}

/** An evidence store sealing with a fresh random key for the test case (matches keep bytes). */
export function sealedEvidence(cf: TestCaseFile): EvidenceStore {
  return keyedEvidenceStore(new Map([[cf.caseId, randomBytes(32)]]));
}

/** Bundles crash-child.ts, the crawl process the kill -9 and lease tests spawn and kill, to outfile. */
export async function buildCrashChild(outfile: string): Promise<void> {
  await bundleForNode(join(import.meta.dirname, 'crash-child.ts'), outfile);
}
