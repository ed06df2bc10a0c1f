/**
 * Batched outcome writes (decision 0056): on a real SQLite file, a batch commits whole at its size
 * or after its delay, and a failing write rolls back its neighbours too; and a crawl child killed
 * with outcomes queued but not committed loses nothing and records nothing twice once resumed.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { OutcomeQueue } from './outcome-queue';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { getRun, insertRun, insertSite, listMatches } from './sites';
import {
  buildCrashChild,
  createTestCaseFile,
  localSite,
  TEST_FETCH_LIMITS,
  type TestCaseFile,
} from './test-case-file';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = join(ROOT, 'node_modules/.cache/jium-crawl-test/batch-crash-child.mjs');

describe('the outcome queue', () => {
  let cf: TestCaseFile;
  beforeAll(async () => {
    cf = await createTestCaseFile([]);
    cf.file.db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY) STRICT');
  });
  afterAll(() => cf.cleanup());
  const rows = () => cf.file.db.prepare('SELECT n FROM t ORDER BY n').pluck().all() as number[];
  const insert = (n: number) => () => void cf.file.db.prepare('INSERT INTO t VALUES (?)').run(n);

  it('commits a batch when it is full, and what is left after its delay', async () => {
    const settled: [number, boolean][] = [];
    const q = new OutcomeQueue(cf.file.db, { maxWrites: 3, maxDelayMs: 30, onFailure: () => {} });
    for (const n of [1, 2, 3, 4])
      q.push({ write: insert(n), settled: (c) => settled.push([n, c]) });
    expect(rows()).toEqual([1, 2, 3]); // the first three, in one transaction
    expect(q.size).toBe(1);
    expect(settled).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    await new Promise((r) => setTimeout(r, 60));
    expect(rows()).toEqual([1, 2, 3, 4]);
    expect(settled.at(-1)).toEqual([4, true]);
    cf.file.db.exec('DELETE FROM t');
  });

  it('rolls a batch back whole when one of its writes fails, and says so', () => {
    const failures: unknown[] = [];
    const settled: boolean[] = [];
    const q = new OutcomeQueue(cf.file.db, {
      maxWrites: 10,
      maxDelayMs: 1_000,
      onFailure: (e) => failures.push(e),
    });
    q.push({ write: insert(7), settled: (c) => settled.push(c) });
    q.push({ write: insert(7), settled: (c) => settled.push(c) }); // UNIQUE: fails
    expect(q.flush()).toBe(false);
    expect(rows()).toEqual([]);
    expect(settled).toEqual([false, false]);
    expect(String(failures[0])).toMatch(/UNIQUE/);
    expect(q.flush()).toBe(true); // nothing left queued
  });
});

describe('a crawl killed with outcomes queued and not committed', () => {
  let site: FixtureSite;
  let refs: Buffer[];
  beforeAll(async () => {
    await buildCrashChild(CHILD);
    site = await startFixtureSite();
    refs = await Promise.all([0, 1, 2].map(demoReference));
  }, 60_000);
  afterAll(() => site.close());

  // Without the fixture's slow traps, whose timeouts would make the counters depend on the load.
  const config = () =>
    localSite(site.origin, {
      maxDepth: 6,
      maxPages: 200,
      allowedHosts: ['127.0.0.1'],
      pathPatterns: ['/$', '/gallery/', '/lazy/', '/styles', '/share', '/moved/'],
    });
  const run = (cf: TestCaseFile, runId: number, siteId: number) =>
    new CrawlRunner({
      db: cf.file.db,
      runId,
      siteId,
      config: config(),
      references: loadReferences(cf.file.db),
      fetchLimits: TEST_FETCH_LIMITS,
      polite: false,
      lease: { staleMs: 1_000 },
    }).run();
  const frontier = (cf: TestCaseFile, runId: number) =>
    (
      cf.file.db
        .prepare('SELECT kind, url, state FROM crawl_frontier WHERE run_id = ? ORDER BY kind, url')
        .all(runId) as { kind: string; url: string; state: string }[]
    ).map((r) => `${r.kind} ${r.url.replace(site.origin, '')} ${r.state}`);
  const inFlightImages = (cf: TestCaseFile, runId: number) =>
    cf.file.db
      .prepare(
        "SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND kind = 'image' AND state = 'in-flight'",
      )
      .pluck()
      .get(runId) as number;

  it('loses nothing and records nothing twice when resumed', async () => {
    const clean = await createTestCaseFile(refs);
    const killed = await createTestCaseFile(refs);
    try {
      const c = config();
      const cleanSite = insertSite(clean.file.db, c, new Date());
      const cleanRun = insertRun(clean.file.db, cleanSite, c, new Date());
      expect(await run(clean, cleanRun, cleanSite)).toBe('finished');

      const db = killed.file.db;
      const siteId = insertSite(db, c, new Date());
      const runId = insertRun(db, siteId, c, new Date());
      // The child kills itself as an image's outcome joins 3 others queued in the same batch.
      const child = spawn(process.execPath, [CHILD, killed.path, String(runId), String(siteId)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          JIUM_LEASE_HEARTBEAT_MS: '100',
          JIUM_CRASH_AT: 'before-outcome',
          JIUM_CRASH_PENDING: '3',
        },
      });
      const signal = await new Promise<string | null>((r) =>
        child.once('exit', (_code, sig) => r(sig)),
      );
      expect(signal).toBe('SIGKILL');
      // Those four images were fetched and decided, but the case file has them in flight.
      expect(inFlightImages(killed, runId)).toBeGreaterThanOrEqual(4);
      const atKill = getRun(db, runId)!;

      await new Promise((r) => setTimeout(r, 1_100)); // the child's lease goes stale
      expect(await run(killed, runId, siteId)).toBe('finished');
      expect(frontier(killed, runId)).toEqual(frontier(clean, cleanRun));
      const expected = PLANTED.filter((p) => p.http && p.allowed).length;
      const matches = listMatches(db, runId, 100);
      expect(matches).toHaveLength(expected);
      expect(new Set(matches.map((m) => `${m.pageUrl} ${m.imageSha256}`)).size).toBe(expected);
      // Every counter as the uninterrupted run's: no outcome counted twice, none lost.
      const counters = (id: number, d = db) => {
        const { pages, images, hashed, matches, errors, skipped } = getRun(d, id)!;
        return { pages, images, hashed, matches, errors, skipped };
      };
      expect(counters(runId)).toEqual(counters(cleanRun, clean.file.db));
      expect(atKill.images).toBeLessThan(getRun(db, runId)!.images);
    } finally {
      clean.cleanup();
      killed.cleanup();
    }
  }, 180_000);
});
