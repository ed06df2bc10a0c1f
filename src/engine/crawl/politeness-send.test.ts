/**
 * Politeness counts from when a request leaves, not from when its task started: a task waits for
 * robots.txt, a DNS answer or a busy event loop before it sends, so gaps stamped at task start let
 * two requests reach a host closer together than its rate allows (found by the polite-hosts bench:
 * 399 ms apart at 1 request per second). A real server on 127.0.0.1 whose robots.txt answers late.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCaseFile, localRun, localSite } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

describe('a polite crawl of one host', () => {
  let server: TestServer;
  const arrivals: { path: string; at: number }[] = [];
  beforeAll(async () => {
    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    const seen =
      (then: (res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => {
        arrivals.push({ path: req.url ?? '', at: Date.now() });
        then(res);
      };
    const image = seen((res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg));
    server = await startTestServer({
      // robots.txt answers after 700 ms: the first page's request leaves only then.
      '/robots.txt': seen((res) =>
        setTimeout(
          () => res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\n'),
          700,
        ),
      ),
      '/': seen((res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<img src="/a.jpg"><img src="/b.jpg"><img src="/c.jpg">'),
      ),
      '/a.jpg': image,
      '/b.jpg': image,
      '/c.jpg': image,
    });
  });
  afterAll(() => server.close());

  it('leaves at least the gap its rate sets between the requests a host receives', async () => {
    const cf = await createTestCaseFile([]);
    try {
      const config = localSite(server.origin, { requestsPerSecond: 1, concurrencyPerHost: 2 });
      const { runner } = localRun(cf.file.db, config);
      expect(await runner.run()).toBe('finished');
      const paths = arrivals.map((a) => a.path);
      expect(paths).toEqual(expect.arrayContaining(['/', '/a.jpg', '/b.jpg', '/c.jpg']));
      // Each request after robots.txt at least ~1 s after the one before (200 ms of slack for a
      // loaded machine: a gap only grows when the event loop is late).
      const after = arrivals.filter((a) => a.path !== '/robots.txt');
      const gaps = after.slice(1).map((a, i) => a.at - after[i]!.at);
      expect(gaps).toHaveLength(3);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(800);
    } finally {
      cf.cleanup();
    }
  }, 60_000);
});
