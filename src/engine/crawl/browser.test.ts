import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { openBrowserRenderer } from './browser';
import type { PageRenderer } from './crawl-env';
import { listMatches, readLog } from './sites';
import { startTestServer } from './test-server';
import { createTestCaseFile, localSite, type TestCaseFile, localRun } from './test-case-file';

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
      const { runner, runId } = localRun(db, config, { renderer });
      const state = await runner.run();
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

  it('a browser-mode crawl never loads what robots.txt disallows, even as a page resource', async () => {
    const jpeg = await demoReference(0);
    const private_ = await startTestServer({
      '/robots.txt': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/plain' })
          .end('User-agent: *\nDisallow: /private/\n'),
      '/': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            '<!doctype html><title>t</title><img src="/private/secret.jpg">' +
              '<div style="width:10px;height:10px;background:url(/private/bg.jpg)"></div>' +
              '<img src="/public/ok.jpg"><script>fetch("/private/api")</script>',
          ),
      '/private/secret.jpg': (_q, r) =>
        r.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
      '/private/bg.jpg': (_q, r) => r.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
      '/private/api': (_q, r) => r.writeHead(200, { 'content-type': 'text/plain' }).end('x'),
      '/public/ok.jpg': (_q, r) => r.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
    });
    const cf = await createTestCaseFile([jpeg]);
    try {
      const db = cf.file.db;
      const config = localSite(private_.origin, { maxDepth: 1, renderMode: 'browser' });
      const { runner, runId } = localRun(db, config, { renderer });
      const state = await runner.run();
      expect(state).toBe('finished');
      // The page and its allowed image were fetched (and the screenshot for the match)...
      expect(private_.hits).toContain('/public/ok.jpg');
      expect(listMatches(db, runId, 10).map((m) => new URL(m.imageUrl).pathname)).toEqual([
        '/public/ok.jpg',
      ]);
      // ...but nothing under /private/: not by the crawler, not by Chromium for the page.
      expect(private_.hits.filter((h) => h.startsWith('/private/'))).toEqual([]);
    } finally {
      cf.cleanup();
      await private_.close();
    }
  }, 120_000);
});
