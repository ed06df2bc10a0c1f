import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFfmpeg, photoSlideshow, syntheticVideo } from '../../test-support/videos';
import { pictureJpeg } from '../../../e2e/fixture-site/images';
import { fingerprintVideo, type VideoFingerprint } from '../video';
import { Fetcher } from './fetcher';
import { startTestServer, type TestServer } from './test-server';
import { RECHECK_HEAD_BYTES, recheckVideo } from './video-recheck';
import { serveFile } from './video-test-routes';

describe.skipIf(!hasFfmpeg())('re-checking a reported video', () => {
  let srv: TestServer;
  let recorded: VideoFingerprint;
  let ranges: string[] = [];
  let size = 0;
  beforeAll(async () => {
    const photos = await Promise.all(
      [930_001, 930_002, 930_003].map((s) => pictureJpeg(s, 960, 540)),
    );
    const found = await photoSlideshow(photos.map((image) => ({ image, seconds: 5 })));
    size = readFileSync(found).length;
    const other = await syntheticVideo('life', { seconds: 8, seed: 3 });
    recorded = await fingerprintVideo(found);
    const ranged = serveFile(found, 'video/mp4', true);
    srv = await startTestServer({
      '/still.mp4': (q, r) => {
        ranges.push(q.headers.range ?? '');
        ranged(q, r);
      },
      '/removed.mp4': (_q, r) => r.writeHead(410).end(),
      '/notice.mp4': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            '<!doctype html><html><body>This video has been removed.' +
              ' '.repeat(600) +
              '</body></html>',
          ),
      '/swapped.mp4': serveFile(other, 'video/mp4', true),
      '/moved.mp4': (_q, r) => r.writeHead(302, { location: 'http://169.254.169.254/v.mp4' }).end(),
      '/busy.mp4': (_q, r) => r.writeHead(503).end(),
    });
  }, 180_000);
  afterAll(() => srv.close());

  const src = () => ({
    fetcher: new Fetcher({
      policy: { allowAddresses: ['127.0.0.1'] },
      userAgent: 'JiumBot/0.1 (test)',
      limits: { headerTimeoutMs: 2000, bodyTimeoutMs: 3000 },
    }),
    check: async () => null,
    maxRedirects: 5,
  });

  it('reads only the head (one range request) and finds the same video still there', async () => {
    ranges = [];
    const s = src();
    const head = Math.min(RECHECK_HEAD_BYTES, Math.floor(size / 2));
    const r = await recheckVideo(s, `${srv.origin}/still.mp4`, recorded, { headBytes: head });
    s.fetcher.close();
    expect(r.verdict).toBe('present');
    expect(r.bytesRead).toBe(head);
    expect(ranges).toEqual([`bytes=0-${head - 1}`]);
    expect(r.serverIp).toBe('127.0.0.1');
    expect(r.queryPct).toBeGreaterThan(80);
  }, 60_000);

  it('says gone for 410 and for an HTML page in the video’s place; changed for another video', async () => {
    const s = src();
    const removed = await recheckVideo(s, `${srv.origin}/removed.mp4`, recorded);
    const notice = await recheckVideo(s, `${srv.origin}/notice.mp4`, recorded);
    const swapped = await recheckVideo(s, `${srv.origin}/swapped.mp4`, recorded);
    s.fetcher.close();
    expect(removed).toMatchObject({ verdict: 'gone', status: 410, reason: 'http-410' });
    expect(notice).toMatchObject({ verdict: 'gone', reason: 'HTML served as text/html' });
    expect(swapped.verdict).toBe('changed');
  }, 60_000);

  it('cannot tell behind a redirect to a private address or a 503', async () => {
    const s = src();
    const moved = await recheckVideo(s, `${srv.origin}/moved.mp4`, recorded);
    const busy = await recheckVideo(s, `${srv.origin}/busy.mp4`, recorded);
    s.fetcher.close();
    expect(moved.verdict).toBe('unknown');
    expect(moved.reason).toMatch(/^blocked-address/);
    expect(busy).toMatchObject({ verdict: 'unknown', status: 503 });
  });
});
