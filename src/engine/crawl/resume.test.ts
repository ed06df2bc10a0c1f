import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlProgress } from '../../shared/crawl-types';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { IMAGE_TASK_POINTS } from './task-points';
import { insertRun, insertSite, listMatches } from './sites';
import {
  buildCrashChild,
  createTestCaseFile,
  localSite,
  TEST_FETCH_LIMITS,
  type TestCaseFile,
} from './test-case-file';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = join(ROOT, 'node_modules/.cache/jium-crawl-test/crash-child.mjs');
/**
 * The killed child held the run's lease (decision 0044): its heartbeat is shortened to 100 ms and
 * this process takes the run over once it has been silent for 1 s, as a resume after a real kill
 * does after 30 s.
 */
const CHILD_ENV = { ...process.env, JIUM_LEASE_HEARTBEAT_MS: '100' };
const TAKEOVER = { staleMs: 1_000 };
const holderSilent = () => new Promise((r) => setTimeout(r, 1_100));

/** Pages and images a finished run visited (frontier rows by final state). */
function visited(cf: TestCaseFile, runId: number) {
  return cf.file.db
    .prepare('SELECT kind, url, state FROM crawl_frontier WHERE run_id = ? ORDER BY kind, url')
    .all(runId) as { kind: string; url: string; state: string }[];
}

describe('resuming after kill -9', () => {
  let site: FixtureSite;
  let refs: Buffer[];
  beforeAll(async () => {
    await buildCrashChild(CHILD);
    // A little latency per response keeps requests in flight when the kill lands.
    site = await startFixtureSite({ latencyMs: 15 });
    refs = await Promise.all([0, 1, 2].map(demoReference));
  }, 60_000);
  afterAll(() => site.close());

  const config = () =>
    localSite(site.origin, { maxDepth: 6, maxPages: 200, allowedHosts: ['127.0.0.1'] });

  it('continues a killed run with nothing lost and no match recorded twice', async () => {
    // The uninterrupted run, for comparison.
    const clean = await createTestCaseFile(refs);
    const killed = await createTestCaseFile(refs);
    try {
      const c = config();
      const cleanSite = insertSite(clean.file.db, c, new Date());
      const cleanRun = insertRun(clean.file.db, cleanSite, c, new Date());
      await new CrawlRunner({
        db: clean.file.db,
        runId: cleanRun,
        siteId: cleanSite,
        config: c,
        references: loadReferences(clean.file.db),
        fetchLimits: TEST_FETCH_LIMITS,
      }).run();

      const siteId = insertSite(killed.file.db, c, new Date());
      const runId = insertRun(killed.file.db, siteId, c, new Date());
      const child = spawn(process.execPath, [CHILD, killed.path, String(runId), String(siteId)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: CHILD_ENV,
      });
      // Kill -9 once the child has recorded at least one match and is well into the crawl.
      const atKill = await new Promise<CrawlProgress>((resolveKill, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const line of lines) {
            const p = JSON.parse(line) as CrawlProgress;
            if (p.matches >= 2 && p.pages >= 15) {
              child.kill('SIGKILL');
              resolveKill(p);
            }
          }
        });
        child.on('exit', (code, signal) => {
          if (signal !== 'SIGKILL') reject(new Error(`child ended before the kill (${code})`));
        });
      });
      await new Promise((r) =>
        child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r),
      );
      const db = killed.file.db;
      const inFlight = (
        db
          .prepare(
            "SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND state = 'in-flight'",
          )
          .get(runId) as { n: number }
      ).n;
      const queued = (
        db
          .prepare("SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND state = 'queued'")
          .get(runId) as { n: number }
      ).n;
      expect(queued + inFlight).toBeGreaterThan(0); // the kill really was mid-crawl

      // Resume in this process on the same run.
      await holderSilent();
      const state = await new CrawlRunner({
        db,
        runId,
        siteId,
        config: c,
        references: loadReferences(db),
        fetchLimits: TEST_FETCH_LIMITS,
        lease: TAKEOVER,
      }).run();
      expect(state).toBe('finished');

      const after = visited(killed, runId);
      expect(after.filter((r) => r.state === 'in-flight' || r.state === 'queued')).toEqual([]);
      // Nothing lost: the same pages and images as the uninterrupted run, with the same outcomes.
      const strip = (rows: { kind: string; url: string; state: string }[], origin: string) =>
        rows.map((r) => `${r.kind} ${r.url.replace(origin, '')} ${r.state}`);
      expect(strip(after, site.origin)).toEqual(strip(visited(clean, cleanRun), site.origin));

      // No duplicates: one row per planted copy, and the counter agrees with the rows.
      const matches = listMatches(db, runId, 100);
      const expected = PLANTED.filter((p) => p.http && p.allowed).length;
      expect(matches).toHaveLength(expected);
      expect(new Set(matches.map((m) => m.imageSha256)).size).toBe(expected);
      const run = db.prepare('SELECT matches FROM crawl_runs WHERE id = ?').get(runId) as {
        matches: number;
      };
      expect(run.matches).toBe(expected);
      expect(atKill.matches).toBeLessThanOrEqual(expected);
    } finally {
      clean.cleanup();
      killed.cleanup();
    }
  }, 180_000);
});

describe('a kill -9 at each commit point of an image task', () => {
  let site: FixtureSite;
  let refs: Buffer[];
  beforeAll(async () => {
    await buildCrashChild(CHILD);
    site = await startFixtureSite();
    refs = await Promise.all([0, 1, 2].map(demoReference));
  }, 60_000);
  afterAll(() => site.close());

  const config = () =>
    localSite(site.origin, { maxDepth: 6, maxPages: 200, allowedHosts: ['127.0.0.1'] });
  const run = (cf: TestCaseFile, runId: number, siteId: number) =>
    new CrawlRunner({
      db: cf.file.db,
      runId,
      siteId,
      config: config(),
      references: loadReferences(cf.file.db),
      fetchLimits: TEST_FETCH_LIMITS,
      polite: false,
      lease: TAKEOVER,
    }).run();
  const outcomes = (cf: TestCaseFile, runId: number, url: string) =>
    (
      cf.file.db
        .prepare('SELECT outcome FROM crawl_frontier WHERE run_id = ? AND url = ?')
        .all(runId, url) as { outcome: string }[]
    ).map((r) => r.outcome);
  const planted = PLANTED[0]!;
  const plantedUrl = `/img/p/${planted.id}.jpg`;
  const expected = PLANTED.filter((p) => p.http && p.allowed).length;

  it.each(IMAGE_TASK_POINTS)(
    'killed at "%s" of a planted image, the resumed run still finds every match',
    async (point) => {
      const cf = await createTestCaseFile(refs);
      try {
        const db = cf.file.db;
        const c = config();
        const siteId = insertSite(db, c, new Date());
        const runId = insertRun(db, siteId, c, new Date());
        const child = spawn(process.execPath, [CHILD, cf.path, String(runId), String(siteId)], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...CHILD_ENV, JIUM_CRASH_AT: point, JIUM_CRASH_URL: plantedUrl },
        });
        const ended = await new Promise<string | null>((r) =>
          child.once('exit', (_code, signal) => r(signal)),
        );
        expect(ended).toBe('SIGKILL'); // the child reached the point and died there
        await holderSilent();

        expect(await run(cf, runId, siteId)).toBe('finished');
        const matches = listMatches(db, runId, 100);
        expect(matches.map((m) => m.imageUrl)).toContain(site.origin + plantedUrl);
        expect(matches).toHaveLength(expected);
        expect(outcomes(cf, runId, site.origin + plantedUrl)).toEqual([
          expect.stringMatching(/^match/),
        ]);
      } finally {
        cf.cleanup();
      }
    },
    120_000,
  );

  it('a second crawl of an unchanged site counts matched images as not modified, not as errors', async () => {
    const cf = await createTestCaseFile(refs);
    try {
      const db = cf.file.db;
      const c = config();
      const siteId = insertSite(db, c, new Date());
      const first = insertRun(db, siteId, c, new Date());
      expect(await run(cf, first, siteId)).toBe('finished');
      expect(listMatches(db, first, 100)).toHaveLength(expected);
      const second = insertRun(db, siteId, c, new Date());
      expect(await run(cf, second, siteId)).toBe('finished');
      const errors = db
        .prepare(
          "SELECT url, outcome FROM crawl_frontier WHERE run_id = ? AND outcome LIKE 'http-3%'",
        )
        .all(second);
      expect(errors).toEqual([]);
      expect(outcomes(cf, second, site.origin + plantedUrl)).toEqual(['not-modified']);

      // A file damaged before the fix: a validator whose content has no hashes and no match. The
      // next crawl fetches the image in full (no conditional request) and finds the match again.
      const lost = listMatches(db, first, 100).find((m) => m.imageUrl.endsWith(plantedUrl))!;
      db.prepare('DELETE FROM crawl_matches WHERE image_sha256 = ?').run(lost.imageSha256);
      db.prepare('DELETE FROM crawl_image_hashes WHERE sha256 = ?').run(lost.imageSha256);
      const third = insertRun(db, siteId, c, new Date());
      expect(await run(cf, third, siteId)).toBe('finished');
      expect(outcomes(cf, third, site.origin + plantedUrl)).toEqual(['match']);
    } finally {
      cf.cleanup();
    }
  }, 120_000);
});
