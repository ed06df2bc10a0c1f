import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference, pictureJpeg } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { fingerprint } from '../fingerprint';
import { keyedEvidenceStore } from './evidence';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { startTestServer, type Route } from './test-server';
import { insertRun, insertSite, listMatches, readLog } from './sites';
import {
  createTestCaseFile,
  localRun,
  localSite,
  TEST_FETCH_LIMITS,
  type TestCaseFile,
} from './test-case-file';

describe('a crawl of the fixture site (http mode)', () => {
  let site: FixtureSite;
  let cf: TestCaseFile;
  beforeAll(async () => {
    site = await startFixtureSite();
    cf = await createTestCaseFile(await Promise.all([0, 1, 2].map(demoReference)));
  }, 60_000);
  afterAll(async () => {
    await site.close();
    cf.cleanup();
  });

  it('finds the planted copies a static crawl can see, and nothing it may not', async () => {
    const db = cf.file.db;
    // 10.0.0.1 is a configured host here, so that only the address guard stands in the way.
    const config = localSite(site.origin, {
      maxDepth: 6,
      maxPages: 200,
      allowedHosts: ['127.0.0.1', '10.0.0.1'],
    });
    const siteId = insertSite(db, config, new Date());
    const runId = insertRun(db, siteId, config, new Date());
    const progress: number[] = [];
    const runner = new CrawlRunner({
      db,
      runId,
      siteId,
      config,
      references: loadReferences(db),
      evidence: keyedEvidenceStore(new Map([[cf.caseId, randomBytes(32)]])),
      // A body clock long enough that the gzip bomb reaches the 4 MiB cap first even on a loaded
      // machine (with 2 s it sometimes ended as timeout-body under load 30); the drip still times out.
      fetchLimits: { ...TEST_FETCH_LIMITS, bodyTimeoutMs: 6000 },
      onProgress: (p) => progress.push(p.pages),
    });
    expect(await runner.run()).toBe('finished');

    const matches = listMatches(db, runId, 100);
    const found = new Set(matches.map((m) => new URL(m.imageUrl).pathname));
    const expected = PLANTED.filter((p) => p.http && p.allowed).map((p) => `/img/p/${p.id}.jpg`);
    expect([...found].sort()).toEqual(expected.sort());
    // Robots: the disallowed page was never requested.
    expect(site.requests.some((r) => r.startsWith('/private/'))).toBe(false);
    // Evidence: the chain of the image behind a redirect, the peer, the sealed image, the HTML.
    const redirected = matches.find((m) => m.imageUrl.endsWith('/img/p/7.jpg'))!;
    expect(redirected.redirectChain.map((h) => h.status)).toEqual([302, 200]);
    expect(redirected.serverIp).toBe('127.0.0.1');
    expect(redirected.pageUrl).toBe(`${site.origin}/gallery/12`);
    expect(matches.every((m) => m.hasImage && m.snapshotKind === 'html')).toBe(true);

    const log = readLog(db, runId, 0, 5000);
    const codes = (c: string) => log.filter((l) => l.code === c);
    expect(codes('not-an-image').some((l) => l.url?.endsWith('/img/h/html.jpg'))).toBe(true);
    expect(codes('too-large').some((l) => l.url?.endsWith('/img/h/gzip-bomb.jpg'))).toBe(true);
    expect(codes('too-large').some((l) => l.url?.endsWith('/img/h/oversized.jpg'))).toBe(true);
    expect(codes('too-many-pixels').some((l) => l.url?.endsWith('/img/h/pixel-bomb.jpg'))).toBe(
      true,
    );
    expect(codes('blocked-address').some((l) => l.url?.endsWith('/img/h/to-private.jpg'))).toBe(
      true,
    );
    expect(codes('blocked-address').some((l) => l.url === 'http://10.0.0.1/admin')).toBe(true);
    expect(codes('timeout-body').some((l) => l.url?.endsWith('/img/h/drip.jpg'))).toBe(true);
    const truncated = log.find((l) => l.url?.endsWith('/img/h/truncated.jpg'));
    expect(truncated?.code).toMatch(/^(truncated|corrupt)$/);
    expect(codes('host-not-allowed').some((l) => l.url?.endsWith('/away'))).toBe(true);
    expect(codes('trap').length).toBeGreaterThan(0);
    // The calendar stopped at the query-variant limit instead of running forever.
    const months = site.requests.filter((r) => r.startsWith('/calendar')).length;
    expect(months).toBeLessThanOrEqual(41);
    // The repeating-segment trap stops at three repeats: /loop/x … /loop/x/x/x/, six pages.
    expect(site.requests.filter((r) => r.startsWith('/loop/')).length).toBeLessThanOrEqual(6);
    // No request ever left 127.0.0.1 for the private address or the foreign host.
    expect(log.some((l) => l.url?.startsWith('http://10.0.0.1/') && l.code === 'fetched')).toBe(
      false,
    );
    expect(progress.length).toBeGreaterThan(1);

    // One image seen on many pages is hashed once: hashed contents <= distinct image URLs.
    const run = db
      .prepare('SELECT images, hashed, matches FROM crawl_runs WHERE id = ?')
      .get(runId) as {
      images: number;
      hashed: number;
      matches: number;
    };
    expect(run.matches).toBe(expected.length);
    expect(run.hashed).toBeLessThan(run.images);
  }, 120_000);
});

describe("a host's concurrency, with politeness on", () => {
  it('fills the host’s slots as its gap allows, not one task per ended task', async () => {
    // Twelve pages that each answer after 400 ms, 200 requests a second allowed (a 5 ms gap),
    // six at once: the loop must come back when the gap ends, not wait for a task to end.
    let now = 0;
    let most = 0;
    const slow: Route = (_req, res) => {
      most = Math.max(most, ++now);
      setTimeout(() => {
        now--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>slow</p>');
      }, 400);
    };
    const routes: Record<string, Route> = {
      '/': (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(Array.from({ length: 12 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('')),
    };
    for (let i = 0; i < 12; i++) routes[`/p/${i}`] = slow;
    const server = await startTestServer(routes);
    const cf = await createTestCaseFile([]);
    try {
      const db = cf.file.db;
      const config = localSite(server.origin, { requestsPerSecond: 200, concurrencyPerHost: 6 });
      const { runner } = localRun(db, config);
      expect(await runner.run()).toBe('finished');
      // Before, the host had one or two requests in flight whatever its concurrency.
      expect(most).toBe(6);
    } finally {
      await server.close();
      cf.cleanup();
    }
  }, 60_000);
});

describe('images waiting for their hashing (decision 0054)', () => {
  it('hold no request slot: the crawl keeps fetching while hashing catches up, never more requests at once than its concurrency', async () => {
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pictureJpeg(8100 + i, 160, 120)),
    );
    let now = 0;
    let most = 0;
    const asked = new Set<number>();
    const routes: Record<string, Route> = {
      '/': (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(images.map((_, i) => `<img src="/i/${i}.jpg">`).join('')),
    };
    images.forEach((body, i) => {
      routes[`/i/${i}.jpg`] = (_req, res) => {
        asked.add(i);
        most = Math.max(most, ++now);
        res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body, () => now--);
      };
    });
    const server = await startTestServer(routes);
    const cf = await createTestCaseFile([]);
    // The hashing is held back until the test lets it go: a stand-in for a busy hash pool.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let waiting = 0;
    let done: Promise<unknown> = Promise.resolve();
    const held: typeof fingerprint = async (bytes, options) => {
      waiting++;
      await gate;
      return fingerprint(bytes, options);
    };
    try {
      const db = cf.file.db;
      const config = localSite(server.origin, { concurrencyPerHost: 4 });
      const { runner, runId } = localRun(db, config, { maxConcurrency: 4, fingerprint: held });
      done = runner.run();
      for (const end = Date.now() + 5000; waiting < 8 && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 20));
      // Before, the four images waiting for their hashing held the four request slots, and
      // nothing more was fetched until one was hashed. Now four more are fetched, and no more:
      // as many bodies wait for hashing as requests may be in flight.
      expect(waiting).toBe(8);
      expect(asked.size).toBe(8);
      open();
      expect(await done).toBe('finished');
      expect(asked.size).toBe(12);
      expect(most).toBeLessThanOrEqual(4);
      const run = db.prepare('SELECT images, hashed FROM crawl_runs WHERE id = ?').get(runId);
      expect(run).toEqual({ images: 12, hashed: 12 });
    } finally {
      open();
      await done.catch(() => undefined); // the run ends before its case file is removed
      await server.close();
      cf.cleanup();
    }
  }, 60_000);
});
