import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFfmpeg, hlsPlaylist, syntheticVideo } from '../../test-support/videos';
import { sniffVideo } from '../video';
import { Fetcher } from './fetcher';
import type { HopCheck } from './follow-redirects';
import { parsePlaylist, pickVariant } from './hls';
import { startTestServer, type TestServer } from './test-server';
import { downloadVideo } from './video-download';
import type { DownloadedVideo, VideoDownloadError } from './video-files';
import { serveFile } from './video-test-routes';

// 10.0.0.1 and 169.254.169.254 are configured hosts here, so that only the address guard refuses them.
const HOSTS = new Set(['127.0.0.1', '10.0.0.1', '169.254.169.254']);
const check: HopCheck = async (u) =>
  HOSTS.has(u.hostname) ? null : { code: 'host-not-allowed', reason: `${u.hostname}` };
const CAPS = { maxBytes: 50 * 1024 * 1024, maxDurationS: 600 };

function source() {
  return {
    fetcher: new Fetcher({
      policy: { allowAddresses: ['127.0.0.1'] },
      userAgent: 'JiumBot/0.1 (test)',
      limits: { maxBytes: 1024 * 1024, headerTimeoutMs: 2000, bodyTimeoutMs: 1500 },
    }),
    check,
    maxRedirects: 5,
  };
}

function downloaded(r: Awaited<ReturnType<typeof downloadVideo>>): DownloadedVideo {
  if ('failed' in r) throw new Error(`server answered ${r.failed.status}`);
  return r;
}

describe.skipIf(!hasFfmpeg())('downloading a crawled video through the guarded fetcher', () => {
  let srv: TestServer;
  let mp4: string;
  let mp4Bytes: Buffer;
  let hls: { dir: string; playlist: string; segments: string[] };
  beforeAll(async () => {
    mp4 = await syntheticVideo('testsrc2', { seconds: 8 });
    mp4Bytes = readFileSync(mp4);
    hls = await hlsPlaylist(mp4, { segmentS: 2 });
    const playlist = readFileSync(hls.playlist, 'utf8');
    const routes: Parameters<typeof startTestServer>[0] = {
      '/ranged.mp4': serveFile(mp4, 'video/mp4', true),
      '/plain.mp4': serveFile(mp4, 'video/mp4', false),
      '/page.mp4': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'video/mp4' })
          .end('<!doctype html><html><body>' + 'x'.repeat(2000) + '</body></html>'),
      '/endless.mp4': (_q, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.write(mp4Bytes.subarray(0, 4096));
        const filler = Buffer.alloc(64 * 1024);
        const tick = () => !res.destroyed && res.write(filler, () => setImmediate(tick));
        tick();
      },
      '/to-private': (_q, r) => r.writeHead(302, { location: 'http://10.0.0.1/x.mp4' }).end(),
      '/hls/index.m3u8': (_q, r) =>
        r.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(playlist),
      '/hls404/index.m3u8': (_q, r) =>
        r.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(playlist),
      '/evil.m3u8': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'application/x-mpegurl' })
          .end(
            '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://169.254.169.254/latest/meta-data/seg.ts\n' +
              '#EXTINF:2,\nhttp://10.0.0.1/seg.ts\n#EXT-X-ENDLIST\n',
          ),
      '/master.m3u8': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'application/x-mpegurl' })
          .end(
            '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=90000,CODECS="mp4a.40.2"\naudio.m3u8\n' +
              '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nhls/index.m3u8\n' +
              '#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080\nbig.m3u8\n',
          ),
    };
    for (const s of hls.segments) {
      routes[`/hls/${s}`] = serveFile(join(hls.dir, s), 'video/mp2t', false);
      // The second segment of /hls404 is missing.
      if (s !== hls.segments[1])
        routes[`/hls404/${s}`] = serveFile(join(hls.dir, s), 'video/mp2t', false);
    }
    srv = await startTestServer(routes);
  }, 120_000);
  afterAll(() => srv.close());

  it('reads a whole video under the cap with one range request, into a 0600 temp file', async () => {
    const src = source();
    const v = downloaded(await downloadVideo(src, new URL(`${srv.origin}/ranged.mp4`), CAPS));
    try {
      expect(v.container).toBe('mp4');
      expect(v.rangeSupported).toBe(true);
      expect(v.capped).toBe(false);
      expect(v.totalBytes).toBe(mp4Bytes.length);
      expect(readFileSync(v.path).equals(mp4Bytes)).toBe(true);
      expect(statSync(v.path).mode & 0o777).toBe(0o600);
      expect(v.response.remoteAddress).toBe('127.0.0.1');
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
    expect(() => statSync(v.path)).toThrow();
  });

  it('asks a range-capable server for no more than the cap, and marks the video sampled', async () => {
    const src = source();
    const cap = 20_000;
    const v = downloaded(
      await downloadVideo(src, new URL(`${srv.origin}/ranged.mp4`), { ...CAPS, maxBytes: cap }),
    );
    try {
      expect(v.bytes).toBe(cap);
      expect(v.capped).toBe(true);
      expect(v.stoppedBy).toBe('size');
      expect(v.totalBytes).toBe(mp4Bytes.length);
      expect(v.response.status).toBe(206);
      expect(readFileSync(v.path).equals(mp4Bytes.subarray(0, cap))).toBe(true);
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('cuts off a server without ranges at the cap', async () => {
    const src = source();
    const v = downloaded(
      await downloadVideo(src, new URL(`${srv.origin}/plain.mp4`), { ...CAPS, maxBytes: 30_000 }),
    );
    try {
      expect(v.rangeSupported).toBe(false);
      expect(v.bytes).toBe(30_000);
      expect(v.capped).toBe(true);
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('stops an endless stream at the size cap', async () => {
    const src = source();
    const v = downloaded(
      await downloadVideo(src, new URL(`${srv.origin}/endless.mp4`), {
        ...CAPS,
        maxBytes: 2 * 1024 * 1024,
      }),
    );
    try {
      expect(v.bytes).toBe(2 * 1024 * 1024);
      expect(v.capped).toBe(true);
      expect(v.stoppedBy).toBe('size');
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('refuses a "video" that is an HTML page after its first bytes, keeping nothing', async () => {
    const src = source();
    await expect(downloadVideo(src, new URL(`${srv.origin}/page.mp4`), CAPS)).rejects.toMatchObject(
      {
        code: 'not-a-video',
        message: 'HTML served as video/mp4',
      } satisfies Partial<VideoDownloadError>,
    );
    src.fetcher.close();
  });

  it('refuses a redirect to a private address', async () => {
    const src = source();
    await expect(
      downloadVideo(src, new URL(`${srv.origin}/to-private`), CAPS),
    ).rejects.toMatchObject({ code: 'blocked-address' });
    src.fetcher.close();
  });

  it('returns a 404 as the failed response', async () => {
    const src = source();
    const r = await downloadVideo(src, new URL(`${srv.origin}/nothing.mp4`), CAPS);
    expect('failed' in r && r.failed.status).toBe(404);
    src.fetcher.close();
  });

  it('concatenates HLS segments and remuxes MPEG-TS into Matroska the video engine sniffs', async () => {
    const src = source();
    const v = downloaded(await downloadVideo(src, new URL(`${srv.origin}/hls/index.m3u8`), CAPS));
    try {
      expect(v.container).toBe('mkv');
      expect(sniffVideo(readFileSync(v.path).subarray(0, 64))).toBe('mkv');
      expect(v.hls).toEqual({
        listed: hls.segments.length,
        fetched: hls.segments.length,
        failed: [],
      });
      expect(v.capped).toBe(false);
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('stops fetching HLS segments at the duration cap', async () => {
    const src = source();
    const v = downloaded(
      await downloadVideo(src, new URL(`${srv.origin}/hls/index.m3u8`), {
        ...CAPS,
        maxDurationS: 3,
      }),
    );
    try {
      expect(v.hls!.fetched).toBe(2);
      expect(v.capped).toBe(true);
      expect(v.stoppedBy).toBe('duration');
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('follows a master playlist to its smallest video variant', async () => {
    const src = source();
    const v = downloaded(await downloadVideo(src, new URL(`${srv.origin}/master.m3u8`), CAPS));
    try {
      expect(v.hls!.fetched).toBe(hls.segments.length);
      expect(srv.hits).not.toContain('/big.m3u8');
      expect(srv.hits).not.toContain('/audio.m3u8');
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('leaves out a 404 segment and says so; the other segments still make a video', async () => {
    const src = source();
    const v = downloaded(
      await downloadVideo(src, new URL(`${srv.origin}/hls404/index.m3u8`), CAPS),
    );
    try {
      expect(v.hls!.fetched).toBe(hls.segments.length - 1);
      expect(v.hls!.failed).toEqual([
        { url: `${srv.origin}/hls404/${hls.segments[1]}`, code: 'http-404' },
      ]);
      expect(v.capped).toBe(true);
    } finally {
      v.cleanup();
      src.fetcher.close();
    }
  });

  it('refuses segments at 169.254.169.254 and 10.0.0.1 with the address guard', async () => {
    const src = source();
    await expect(
      downloadVideo(src, new URL(`${srv.origin}/evil.m3u8`), CAPS),
    ).rejects.toMatchObject({
      code: 'hls-no-segments',
      message: 'none of 2 segments could be fetched (blocked-address, blocked-address)',
    });
    src.fetcher.close();
  });
});

describe('HLS playlists', () => {
  it('parses segments, byte ranges, the init map and encryption', () => {
    const p = parsePlaylist(
      '\uFEFF#EXTM3U\n#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\n#EXT-X-KEY:METHOD=AES-128,URI="k"\n' +
        '#EXTINF:4.5,\n#EXT-X-BYTERANGE:1000@720\nmain.mp4\n#EXTINF:2,title\nb.m4s\n',
    );
    expect(p.map).toEqual({ uri: 'init.mp4', byteRange: { length: 720, offset: 0 } });
    expect(p.encryption).toBe('AES-128');
    expect(p.segments).toEqual([
      { uri: 'main.mp4', durationS: 4.5, byteRange: { length: 1000, offset: 720 } },
      { uri: 'b.m4s', durationS: 2, byteRange: null },
    ]);
  });

  it('picks the lowest-bandwidth variant that has video', () => {
    const p = parsePlaylist(
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\na.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=854x480,CODECS="avc1.4d401e,mp4a.40.2"\nb.m3u8\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240\nc.m3u8\n',
    );
    expect(pickVariant(p.variants)?.uri).toBe('c.m3u8');
  });
});
