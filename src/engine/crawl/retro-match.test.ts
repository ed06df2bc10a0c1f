import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { importHashList, textChunks } from '../exchange/import-list';
import { listQueue } from '../review/queries';
import { retroMatchReference } from './retro-match';
import { queueRetroVerification, settleRetroVerification } from './retro-verify';
import { insertRun, insertSite } from './sites';
import {
  addTestReference,
  createTestCaseFile,
  localSite,
  type TestCaseFile,
  runnerFor,
  sealedEvidence,
} from './test-case-file';

/** Crawls the fixture site once with the case file's current references. */
async function crawl(cf: TestCaseFile, site: FixtureSite, siteId: number): Promise<number> {
  const db = cf.file.db;
  const config = localSite(site.origin, { maxDepth: 6, maxPages: 200 });
  const runId = insertRun(db, siteId, config, new Date());
  const state = await runnerFor(db, runId, siteId, { evidence: sealedEvidence(cf) }).run();
  expect(state).toBe('finished');
  return runId;
}

/** Paths of the planted copies of `reference` that a plain HTTP crawl may see. */
const plantedOf = (reference: number) =>
  PLANTED.filter((p) => p.reference === reference && p.http && p.allowed)
    .map((p) => `/img/p/${p.id}.jpg`)
    .sort();

const outcomeOf = (db: Database.Database, runId: number, path: string) =>
  db
    .prepare('SELECT outcome FROM crawl_frontier WHERE run_id = ? AND url LIKE ? ORDER BY id')
    .all(runId, `%${path}`)
    .map((r) => (r as { outcome: string }).outcome);

describe('retro-matching against the stored crawl', () => {
  let site: FixtureSite;
  beforeAll(async () => {
    site = await startFixtureSite();
  });
  afterAll(() => site.close());

  it('proposes a new reference from images crawled before, fetches only those again, and puts them in review', async () => {
    const cf = await createTestCaseFile(await Promise.all([0, 1].map(demoReference)));
    try {
      const db = cf.file.db;
      const config = localSite(site.origin, { maxDepth: 6, maxPages: 200 });
      const siteId = insertSite(db, config, new Date());
      await crawl(cf, site, siteId);
      const stored = db.prepare('SELECT count(*) AS n FROM crawl_image_hashes').get() as {
        n: number;
      };
      // Every crawled content keeps its candidate hashes, and where it was seen.
      const unpacked = db
        .prepare('SELECT count(*) AS n FROM crawl_image_hashes WHERE variants IS NULL')
        .get() as { n: number };
      expect(unpacked.n).toBe(0);
      const sightings = db
        .prepare(
          `SELECT page_url, image_url, http_status, server_ip FROM crawl_sightings
           WHERE image_url LIKE '%/img/p/2.jpg'`,
        )
        .all() as { page_url: string; http_status: number; server_ip: string }[];
      expect(sightings.map((s) => new URL(s.page_url).pathname)).toContain('/gallery/9');
      expect(sightings[0]).toMatchObject({ http_status: 200, server_ip: '127.0.0.1' });

      const requestsBefore = site.requests.length;
      const refId = await addTestReference(db, cf.caseId, await demoReference(2));
      const result = retroMatchReference(db, refId)!;
      expect(site.requests.length).toBe(requestsBefore); // nothing fetched
      expect(result.checked).toBe(stored.n);
      // Proposed from the stored hashes, to be fetched again and decided by the crawler.
      expect(result).toMatchObject({ toReview: 0, toVerify: plantedOf(2).length, matches: 0 });

      const queued = queueRetroVerification(db, siteId, new Date())!;
      const evidence = sealedEvidence(cf);
      const state = await runnerFor(db, queued.runId, siteId, { evidence }).run();
      expect(state).toBe('finished');
      settleRetroVerification(db, queued.runId, new Date());
      // Only the candidates' images (and their pages, for the snapshots) were fetched: no crawl.
      const fetched = site.requests
        .slice(requestsBefore)
        .map((r) => new URL(r, site.origin).pathname);
      const images = fetched.filter((p) => p.startsWith('/img/'));
      expect([...new Set(images)].sort()).toEqual(plantedOf(2));
      expect(images).toHaveLength(plantedOf(2).length);

      const found = db
        .prepare(
          `SELECT m.image_url, m.run_id, m.evidence_image IS NOT NULL AS sealed,
             r.match_id IS NOT NULL AS retro
           FROM crawl_matches m LEFT JOIN crawl_retro_matches r ON r.match_id = m.id
           WHERE m.reference_image_id = ?`,
        )
        .all(refId) as {
        image_url: string;
        run_id: number | null;
        sealed: number;
        retro: number;
      }[];
      expect([...new Set(found.map((m) => new URL(m.image_url).pathname))].sort()).toEqual(
        plantedOf(2),
      );
      expect(found.every((m) => m.retro === 1 && m.run_id === queued.runId && m.sealed === 1)).toBe(
        true,
      );
      // In the review queue, as any crawl match.
      const toReview = new Set(found.map((m) => m.image_url)).size;
      const items = db
        .prepare(
          `SELECT count(*) AS n FROM review_items WHERE case_id = ? AND state = 'pending'
             AND image_sha256 IN (SELECT image_sha256 FROM crawl_matches WHERE reference_image_id = ?)`,
        )
        .get(cf.caseId, refId) as { n: number };
      expect(items.n).toBe(toReview);
      // The review item says where it came from; the crawl's own finds do not.
      const queue = listQueue(db, { state: 'pending' }, 0, 100).items;
      const earlier = queue.filter((i) => i.foundEarlier);
      expect(earlier).toHaveLength(toReview);
      expect(queue.length).toBeGreaterThan(earlier.length);

      // Registering it again finds nothing new: the matches exist.
      expect(retroMatchReference(db, refId)).toMatchObject({ toVerify: 0, matches: 0 });
    } finally {
      cf.cleanup();
    }
  }, 120_000);

  it('matches a newly imported hash list against the stored crawl, from its sightings', async () => {
    const cf = await createTestCaseFile(await Promise.all([0, 1].map(demoReference)));
    try {
      const db = cf.file.db;
      const config = localSite(site.origin, { maxDepth: 6, maxPages: 200 });
      await crawl(cf, site, insertSite(db, config, new Date()));
      const seen = db
        .prepare(
          `SELECT h.sha256, hex(h.pdq) AS pdq FROM crawl_sightings s
           JOIN crawl_image_hashes h ON h.sha256 = s.image_sha256
           WHERE s.image_url LIKE '%/img/p/2.jpg'`,
        )
        .get() as { sha256: string; pdq: string };
      const requestsBefore = site.requests.length;
      importHashList(db, {
        name: 'partner list',
        source: 'test',
        chunks: textChunks(`${seen.pdq.toLowerCase()},90\n`),
        userId: null,
        now: new Date(),
      });
      expect(site.requests.length).toBe(requestsBefore);
      const found = db
        .prepare(
          `SELECT page_url, run_id, algo, distance FROM crawl_matches
           WHERE source = 'hash-list' AND image_sha256 = ?`,
        )
        .all(seen.sha256) as { page_url: string; run_id: number | null; distance: number }[];
      expect(found.map((m) => new URL(m.page_url).pathname)).toContain('/gallery/9');
      expect(found.every((m) => m.run_id === null && m.distance === 0)).toBe(true);
    } finally {
      cf.cleanup();
    }
  }, 120_000);

  it("matches a re-crawl's unchanged (304) image against references registered since", async () => {
    const cf = await createTestCaseFile(await Promise.all([0, 1].map(demoReference)));
    try {
      const db = cf.file.db;
      const config = localSite(site.origin, { maxDepth: 6, maxPages: 200 });
      const siteId = insertSite(db, config, new Date());
      const first = await crawl(cf, site, siteId);
      const planted = plantedOf(2);
      expect(outcomeOf(db, first, planted[0]!)).toEqual(['hashed']);
      // Registered straight into the tables: no retro-matching, only the crawler can find it.
      await addTestReference(db, cf.caseId, await demoReference(2));
      const second = await crawl(cf, site, siteId);
      for (const path of planted) expect(outcomeOf(db, second, path)).toEqual(['match']);
      // Already-matched images stay quiet: not-modified, never an http-304 error.
      const third = await crawl(cf, site, siteId);
      for (const path of [...planted, ...plantedOf(0)]) {
        expect(outcomeOf(db, third, path)).toEqual(['not-modified']);
      }
      const errors = db
        .prepare("SELECT count(*) AS n FROM crawl_log WHERE run_id = ? AND code = 'http-304'")
        .get(third) as { n: number };
      expect(errors.n).toBe(0);
    } finally {
      cf.cleanup();
    }
  }, 120_000);
});
