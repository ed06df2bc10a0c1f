import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../e2e/fixture-site/site';
import {
  demoReferenceVideo,
  PLANTED_VIDEOS,
  REFERENCE_VIDEO_S,
} from '../../e2e/fixture-site/videos';
import { tempDir } from './temp-dir';
import { probeVideo } from './videos';

let site: FixtureSite;
let plain: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite({ videos: true });
  plain = await startFixtureSite();
}, 600_000);
afterAll(async () => {
  await site?.close();
  await plain?.close();
});

const get = (s: FixtureSite, path: string, headers: Record<string, string> = {}) =>
  fetch(s.origin + path, { headers });

describe('fixture site videos', { timeout: 120_000 }, () => {
  it('links the video pages from the home page only when asked', async () => {
    expect(await (await get(site, '/')).text()).toContain('href="/videos"');
    expect(await (await get(plain, '/')).text()).not.toContain('/videos');
    expect((await get(plain, '/videos/1')).status).toBe(404);
    expect((await get(plain, PLANTED_VIDEOS[0]!.url)).status).toBe(404);
  });

  it('embeds each planted copy as its page says, among unrelated videos', async () => {
    const index = await (await get(site, '/videos')).text();
    for (const p of PLANTED_VIDEOS) {
      expect(index).toContain(`href="${p.page}"`);
      const html = await (await get(site, p.page)).text();
      const pattern = {
        'video src': `<video src="${p.url}"`,
        'video source': `<source src="${p.url}" type="video/mp4">`,
        'og:video': `<meta property="og:video" content="${p.url}">`,
        'direct link': `<a href="${p.url}">`,
        'hls playlist': `<source src="${p.url}" type="application/vnd.apple.mpegurl">`,
      }[p.how];
      expect(html).toContain(pattern);
      expect(html).toMatch(/\/media\/u\/\d+\.mp4/);
    }
  });

  it('serves the videos with their types and byte ranges', async () => {
    const mp4 = await get(site, PLANTED_VIDEOS[0]!.url);
    expect(mp4.status).toBe(200);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(mp4.headers.get('accept-ranges')).toBe('bytes');
    const body = Buffer.from(await mp4.arrayBuffer());
    expect(body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    const part = await get(site, PLANTED_VIDEOS[0]!.url, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(body.subarray(100, 200));
    const past = await get(site, PLANTED_VIDEOS[0]!.url, { range: `bytes=${body.length}-` });
    expect(past.status).toBe(416);
    const webm = await get(site, PLANTED_VIDEOS.find((p) => p.how === 'direct link')!.url);
    expect(webm.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await webm.arrayBuffer()).readUInt32BE(0)).toBe(0x1a45dfa3);
  });

  it('serves an HLS playlist whose segments are MPEG-TS', async () => {
    const hls = PLANTED_VIDEOS.find((p) => p.how === 'hls playlist')!;
    const res = await get(site, hls.url);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const m3u8 = await res.text();
    expect(m3u8).toContain('#EXT-X-ENDLIST');
    const segments = m3u8.split('\n').filter((l) => l.endsWith('.ts'));
    expect(segments.length).toBeGreaterThanOrEqual(3);
    let seconds = 0;
    for (const m of m3u8.matchAll(/#EXTINF:([\d.]+)/g)) seconds += Number(m[1]);
    expect(seconds).toBeCloseTo(REFERENCE_VIDEO_S, 0);
    const base = hls.url.slice(0, hls.url.lastIndexOf('/') + 1);
    for (const s of segments) {
      const seg = Buffer.from(await (await get(site, base + s)).arrayBuffer());
      expect(seg[0]).toBe(0x47);
      expect(seg[188]).toBe(0x47);
    }
  });

  it('makes the reference the copies come from, of the length the copies claim', async () => {
    const ref = await demoReferenceVideo();
    expect(probeVideo(ref).durationS).toBeCloseTo(REFERENCE_VIDEO_S, 0);
    expect(readFileSync(ref).subarray(4, 8).toString('latin1')).toBe('ftyp');
    const clip = PLANTED_VIDEOS.find((p) => p.kind === 'clip')!;
    const res = await get(site, clip.url);
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'clip.mp4');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      expect(probeVideo(file).durationS).toBeCloseTo(clip.refEndS - clip.refStartS, 0);
    } finally {
      tmp.cleanup();
    }
  });
});
