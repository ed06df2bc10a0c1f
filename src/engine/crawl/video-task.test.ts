import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clipVideo,
  hasFfmpeg,
  hlsPlaylist,
  reencodeVideo,
  syntheticVideo,
} from '../../test-support/videos';
import { fingerprintVideo } from '../video';
import { open } from '../cases/sealing';
import { evidenceAad, keyedEvidenceStore } from './evidence';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { insertRun, insertSite, readLog } from './sites';
import {
  createTestCaseFile,
  localSite,
  TEST_FETCH_LIMITS,
  type TestCaseFile,
} from './test-case-file';
import { startTestServer, type TestServer } from './test-server';
import { crawlTestReferenceVideo } from './test-video-reference';
import { frameBinding, MATCH_FRAMES, matchBinding, matchFrames } from './video-evidence';
import { sha256File } from './video-hashes';
import { insertReferenceVideo, serveFile } from './video-test-routes';

const html = (body: string) => (_q: unknown, r: ServerResponse) =>
  r
    .writeHead(200, { 'content-type': 'text/html' })
    .end(`<!doctype html><html><body>${body}</body></html>`);

const tempFilesLeft = () =>
  readdirSync(tmpdir()).filter((f) => f.startsWith('jium-crawl-video-')).length;

describe.skipIf(!hasFfmpeg())('a crawl that finds videos (http mode)', () => {
  let srv: TestServer;
  let cf: TestCaseFile;
  let reference: string;
  let tempBefore: number;
  beforeAll(async () => {
    tempBefore = tempFilesLeft();
    reference = await crawlTestReferenceVideo();
    const clip = await clipVideo(reference, { startS: 6, durationS: 8 });
    const reencoded = await reencodeVideo(reference, { codec: 'vp9', crf: 40, height: 240 });
    const unrelated = await syntheticVideo('mandelbrot', { seconds: 10 });
    const hls = await hlsPlaylist(clip, { segmentS: 2 });
    const truncated = readFileSync(unrelated).subarray(0, 6000); // moov kept, media cut short
    // Over the 1 MiB cap (a high-bitrate encoding of the reference): read as far as the cap.
    const cut = readFileSync(await reencodeVideo(reference, { codec: 'h264', crf: 8 }));
    const routes: Parameters<typeof startTestServer>[0] = {
      '/': html(
        `<a href="/watch/1">1</a> <a href="/watch/2">2</a> <a href="/watch/3">3</a> <a href="/hostile">h</a>`,
      ),
      '/watch/1': html(`<video src="/v/clip.mp4" controls></video>`),
      '/watch/2': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<html><head><meta property="og:video" content="/v/reencoded.webm"></head><body><video><source src="/v/unrelated.mp4" type="video/mp4"></video></body></html>`,
          ),
      '/watch/3': html(`<a href="/hls/index.m3u8">stream</a> <a href="/v/big.mp4">big file</a>`),
      '/hostile': html(
        [
          '<video src="/v/page.mp4"></video>',
          '<video src="/v/truncated.mp4"></video>',
          '<video src="/v/endless.mp4"></video>',
          '<video src="/v/to-private.mp4"></video>',
          '<a href="/evil.m3u8">evil</a>',
          '<a href="/hls404/index.m3u8">missing segment</a>',
        ].join(''),
      ),
      '/v/clip.mp4': serveFile(clip, 'video/mp4', true),
      '/v/reencoded.webm': serveFile(reencoded, 'video/webm', false),
      '/v/unrelated.mp4': serveFile(unrelated, 'video/mp4', true),
      '/v/big.mp4': serveFile(cut, 'video/mp4', true),
      '/v/page.mp4': html('<p>' + 'not a video '.repeat(100) + '</p>'),
      '/v/truncated.mp4': (_q, r) =>
        r
          .writeHead(200, {
            'content-type': 'video/mp4',
            'content-length': truncated.length + 500_000,
          })
          .end(truncated),
      '/v/endless.mp4': (_q, res) => {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        res.write(readFileSync(unrelated).subarray(0, 1000));
        const filler = Buffer.alloc(64 * 1024);
        const tick = () => !res.destroyed && res.write(filler, () => setImmediate(tick));
        tick();
      },
      '/v/to-private.mp4': (_q, r) => r.writeHead(302, { location: 'http://10.0.0.1/v.mp4' }).end(),
      '/evil.m3u8': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'application/x-mpegurl' })
          .end(
            '#EXTM3U\n#EXTINF:2,\nhttp://169.254.169.254/latest/a.ts\n#EXTINF:2,\nhttp://10.0.0.1/b.ts\n#EXT-X-ENDLIST\n',
          ),
      '/hls/index.m3u8': serveFile(hls.playlist, 'application/vnd.apple.mpegurl', false),
      '/hls404/index.m3u8': serveFile(hls.playlist, 'application/vnd.apple.mpegurl', false),
    };
    for (const s of hls.segments) {
      routes[`/hls/${s}`] = serveFile(join(hls.dir, s), 'video/mp2t', false);
      if (s !== hls.segments[0])
        routes[`/hls404/${s}`] = serveFile(join(hls.dir, s), 'video/mp2t', false);
    }
    srv = await startTestServer(routes);
    cf = await createTestCaseFile([]);
  }, 300_000);
  afterAll(async () => {
    await srv?.close();
    cf?.cleanup();
  });

  it('downloads through the guards, fingerprints, matches copies with their segments, and logs each hostile video', async () => {
    const db = cf.file.db;
    const config = localSite(srv.origin, {
      allowedHosts: ['127.0.0.1', '10.0.0.1', '169.254.169.254'],
      maxVideoMiB: 1,
      maxVideoMinutes: 5,
    });
    const siteId = insertSite(db, config, new Date());
    const runId = insertRun(db, siteId, config, new Date());
    const videoId = insertReferenceVideo(
      db,
      cf.caseId,
      await fingerprintVideo(reference),
      await sha256File(reference),
    );
    const references = loadReferences(db);
    expect(references.videos?.size).toBe(1);
    const caseKey = randomBytes(32);
    const runner = new CrawlRunner({
      db,
      runId,
      siteId,
      config,
      references,
      evidence: keyedEvidenceStore(new Map([[cf.caseId, caseKey]])),
      fetchLimits: TEST_FETCH_LIMITS,
    });
    expect(await runner.run()).toBe('finished');
    const log = readLog(db, runId, 0, 5000);
    const at = (path: string) => log.filter((l) => l.url === `${srv.origin}${path}`);
    const code = (path: string) => at(path).map((l) => l.code);

    // Copies: the clip (segments in the reference's seconds 6-14), the re-encode, the HLS clip.
    const clip = at('/v/clip.mp4').find((l) => l.code === 'video-match');
    expect(clip?.message).toMatch(/^case C-2026-0001, 100% of the video's frames/);
    expect(clip?.message).toMatch(/0:00-0:0\d = ref 0:0[5-7]-0:1[3-5]/);
    expect(code('/v/reencoded.webm')).toContain('video-match');
    const hls = at('/hls/index.m3u8').find((l) => l.code === 'video-match');
    expect(hls).toBeDefined();
    // Over the 1 MiB cap: sampled (the fast-start file's read part decoded), and it says so.
    const big = at('/v/big.mp4')[0];
    expect(big?.code).toBe('video-match');
    expect(big?.message).toMatch(/sampled \(size\)/);
    expect(big?.message).toMatch(/= ref 0:0[01]-/);
    // Unrelated footage is fingerprinted and not matched.
    expect(code('/v/unrelated.mp4')).toEqual(['video-hashed']);

    // Each copy is one match row through the one match model, with the evidence of why.
    const rows = db
      .prepare(
        `SELECT source, media_kind, case_id, reference_video_id, page_url, image_url, server_ip,
           http_status, redirect_chain, segments, query_pct, compare_pct, sampled, algo,
           evidence_image IS NOT NULL AS sealed_frame, snapshot_kind, review_state
         FROM crawl_matches WHERE run_id = ? ORDER BY image_url`,
      )
      .all(runId) as Record<string, unknown>[];
    expect(rows.map((r) => new URL(r['image_url'] as string).pathname)).toEqual([
      '/hls/index.m3u8',
      '/hls404/index.m3u8',
      '/v/big.mp4',
      '/v/clip.mp4',
      '/v/reencoded.webm',
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({
        source: 'case-video',
        media_kind: 'video',
        case_id: cf.caseId,
        reference_video_id: videoId,
        server_ip: '127.0.0.1',
        http_status: expect.any(Number),
        algo: 'vpdq',
        sealed_frame: 1,
        snapshot_kind: 'html',
        review_state: 'pending',
      });
      expect(JSON.parse(r['segments'] as string).length).toBeGreaterThan(0);
    }
    const byPath = (p: string) => rows.find((r) => (r['image_url'] as string).endsWith(p))!;
    expect(byPath('/v/clip.mp4')).toMatchObject({ page_url: `${srv.origin}/watch/1`, sampled: 0 });
    expect(byPath('/v/reencoded.webm')['page_url']).toBe(`${srv.origin}/watch/2`);
    expect(byPath('/v/big.mp4')['sampled']).toBe(1);
    expect(byPath('/hls404/index.m3u8')['sampled']).toBe(1);
    const seg = JSON.parse(byPath('/v/clip.mp4')['segments'] as string)[0];
    expect(seg.refStartS).toBeGreaterThanOrEqual(5);
    expect(seg.refStartS).toBeLessThanOrEqual(7);

    // Review's strip: a few small sealed keyframes per matched segment, inside its seconds, each
    // bound to its match and place (decision 0107).
    for (const r of rows) {
      const m = db
        .prepare('SELECT id, segments FROM crawl_matches WHERE image_url = ?')
        .get(r['image_url']) as { id: number; segments: string };
      const segs = JSON.parse(m.segments) as { queryStartS: number; queryEndS: number }[];
      const frames = matchFrames(db, m.id);
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.length).toBeLessThanOrEqual(MATCH_FRAMES.maxSegments * MATCH_FRAMES.perSegment);
      for (const f of frames) {
        const s = segs[f.segment]!;
        expect(f.timeS).toBeGreaterThanOrEqual(s.queryStartS);
        expect(f.timeS).toBeLessThanOrEqual(s.queryEndS);
        const bound = frameBinding(
          matchBinding({
            page_url: r['page_url'] as string,
            image_sha256: (
              db.prepare('SELECT image_sha256 AS h FROM crawl_matches WHERE id = ?').get(m.id) as {
                h: string;
              }
            ).h,
            reference_image_id: null,
            reference_video_id: videoId,
          }),
          f.seq,
          f.timeS,
        );
        const jpeg = open(caseKey, f.sealed, evidenceAad(cf.caseId, 'image', bound));
        const meta = await sharp(jpeg).metadata();
        expect(meta.format).toBe('jpeg');
        expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(MATCH_FRAMES.maxSide);
        // Sealed under another frame's place, it does not open.
        expect(() =>
          open(caseKey, f.sealed, evidenceAad(cf.caseId, 'image', `${bound}x`)),
        ).toThrow();
      }
    }

    // Hostile: each a specific code, and the crawl went on.
    expect(code('/v/page.mp4')).toEqual(['not-a-video']);
    expect(code('/v/to-private.mp4')).toEqual(['blocked-address']);
    expect(code('/evil.m3u8')).toEqual(['hls-no-segments']);
    expect(at('/evil.m3u8')[0]?.message).toMatch(/blocked-address, blocked-address/);
    expect(code('/v/truncated.mp4')[0]).toMatch(
      /^video-(truncated|decoder-failed|no-frames)$|^video-not-sampleable$/,
    );
    // The endless stream stopped at the cap (1 MiB): its head is a real mp4 start, the rest zeros.
    expect(code('/v/endless.mp4')).toHaveLength(1);
    expect(code('/v/endless.mp4')[0]).not.toBe('video-match');
    // The playlist with a missing first segment still matched on the rest, and said what was left out.
    const partial = at('/hls404/index.m3u8').find((l) => l.code === 'video-match');
    expect(partial?.message).toMatch(/1 of \d+ segments left out \(http-404\)/);
    expect(log.some((l) => l.code === 'hls-segment-http-404')).toBe(true);
    // Nothing was requested from the private addresses, and no temp file was left behind.
    expect(tempFilesLeft()).toBe(tempBefore);
    // A video seen on a second crawl is not decoded again.
    const n = (db.prepare('SELECT count(*) AS n FROM crawl_video_hashes').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(5);
    const run2 = insertRun(db, siteId, config, new Date());
    const again = new CrawlRunner({
      db,
      runId: run2,
      siteId,
      config,
      references,
      fetchLimits: TEST_FETCH_LIMITS,
    });
    expect(await again.run()).toBe('finished');
    const log2 = readLog(db, run2, 0, 5000);
    expect(log2.find((l) => l.url === `${srv.origin}/v/unrelated.mp4`)?.code).toBe('video-known');
    // Already recorded: the same match is not a second row.
    expect(log2.find((l) => l.url === `${srv.origin}/v/clip.mp4`)?.code).toBe('video-match-known');
    expect((db.prepare('SELECT count(*) AS n FROM crawl_matches').get() as { n: number }).n).toBe(
      rows.length,
    );
  }, 300_000);
});
