import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { openBrowserRenderer } from './browser';
import type { PageRenderer } from './crawl-env';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { insertRun, insertSite, listMatches, readLog } from './sites';
import {
  createTestCaseFile,
  localSite,
  TEST_FETCH_LIMITS,
  type TestCaseFile,
} from './test-case-file';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('browser mode (Debian Chromium)', () => {
  let site: FixtureSite;
  let renderer: PageRenderer;
  beforeAll(async () => {
    site = await startFixtureSite();
    renderer = await openBrowserRenderer({
      allowAddresses: ['127.0.0.1'],
      allowedHosts: new Set(['127.0.0.1', '10.0.0.1']),
    });
  }, 60_000);
  afterAll(async () => {
    await renderer.close();
    await site.close();
  });

  it('sees script-rendered lazy images after scrolling', async () => {
    const page = await renderer.render(`${site.origin}/lazy/2`);
    const paths = page.images.map((u) => new URL(u).pathname);
    expect(paths).toContain('/img/p/3.jpg');
    expect(paths.length).toBeGreaterThanOrEqual(17); // all 16 + the planted one, not only the first 6
  });

  it('routes every browser request through the guard: a redirect to a private address fails', async () => {
    const before = site.requests.length;
    const err = await renderer.render(`${site.origin}/img/h/to-private.jpg`).catch((e: Error) => e);
    expect(String(err)).toMatch(/ERR_BLOCKED_BY_CLIENT/);
    expect(site.requests.length).toBe(before + 1); // the first hop only
  });

  it('a crawl in auto mode uses the browser where scripts render images, and finds every allowed copy', async () => {
    const cf: TestCaseFile = await createTestCaseFile(
      await Promise.all([0, 1, 2].map(demoReference)),
    );
    try {
      const db = cf.file.db;
      const config = localSite(site.origin, { maxDepth: 6, maxPages: 200, renderMode: 'auto' });
      const siteId = insertSite(db, config, new Date());
      const runId = insertRun(db, siteId, config, new Date());
      const state = await new CrawlRunner({
        db,
        runId,
        siteId,
        config,
        references: loadReferences(db),
        renderer,
        fetchLimits: TEST_FETCH_LIMITS,
      }).run();
      expect(state).toBe('finished');
      const found = listMatches(db, runId, 100).map((m) => new URL(m.imageUrl).pathname);
      const expected = PLANTED.filter((p) => p.allowed).map((p) => `/img/p/${p.id}.jpg`);
      expect(found.sort()).toEqual(expected.sort());
      const rendered = readLog(db, runId, 0, 5000).filter((l) => l.code === 'rendered');
      expect(rendered.map((l) => new URL(l.url!).pathname).sort()).toEqual([
        '/lazy/1',
        '/lazy/2',
        '/lazy/3',
      ]);
      // With a browser at hand the page evidence is a screenshot.
      expect(listMatches(db, runId, 100).every((m) => m.snapshotKind === 'png')).toBe(true);
    } finally {
      cf.cleanup();
    }
  }, 180_000);
});
