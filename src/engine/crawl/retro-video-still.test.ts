/**
 * Decision 0109 in reverse (decision 0103): a still image crawled before a reference video existed
 * — one frame of it, and a resized re-encode — is matched to the video when the video is
 * registered, from the stored hashes, with the reference's second; unrelated stills are not.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureJpeg } from '../../../e2e/fixture-site/images';
import { hasFfmpeg, runFfmpeg } from '../../test-support/videos';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from '../video';
import { retroMatchVideo } from './retro-video';
import { createTestCaseFile, localSite, type TestCaseFile, localRun } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';
import { crawlTestReferenceVideo } from './test-video-reference';
import { sha256File } from './video-hashes';
import { insertReferenceVideo } from './video-test-routes';

const GRAB_AT_S = 12;
const jpeg = (bytes: Buffer) => (_q: unknown, r: ServerResponse) =>
  r.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes);

describe.skipIf(!hasFfmpeg())('a reference video registered after its frame was crawled', () => {
  let srv: TestServer;
  let cf: TestCaseFile;
  let reference: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jium-retro-still-'));
    reference = await crawlTestReferenceVideo();
    const grabbed = join(dir, 'frame.jpg');
    await runFfmpeg([
      '-ss',
      String(GRAB_AT_S),
      '-i',
      reference,
      '-frames:v',
      '1',
      '-q:v',
      '3',
      '-y',
      grabbed,
    ]);
    const frame = readFileSync(grabbed);
    const resized = await sharp(frame).resize({ width: 300 }).jpeg({ quality: 45 }).toBuffer();
    const routes: Parameters<typeof startTestServer>[0] = {
      '/i/frame.jpg': jpeg(frame),
      '/i/resized.jpg': jpeg(resized),
    };
    const imgs = ['<img src="/i/frame.jpg">', '<img src="/i/resized.jpg">'];
    for (const seed of [930_021, 930_022, 930_023, 930_024]) {
      routes[`/u/${seed}.jpg`] = jpeg(await pictureJpeg(seed, 640, 360));
      imgs.push(`<img src="/u/${seed}.jpg">`);
    }
    routes['/'] = (_q, r) =>
      r
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><html><body>${imgs.join(' ')}</body></html>`);
    srv = await startTestServer(routes);
    cf = await createTestCaseFile([]);
  }, 300_000);
  afterAll(async () => {
    await srv?.close();
    cf?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('matches the frame and its re-encode with the reference time, once, and nothing unrelated', async () => {
    const db = cf.file.db;
    const config = localSite(srv.origin);
    const { runner } = localRun(db, config);
    expect(await runner.run()).toBe('finished');
    expect(db.prepare('SELECT count(*) FROM crawl_image_hashes').pluck().get()).toBe(6);
    expect(db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(0);

    const videoId = insertReferenceVideo(
      db,
      cf.caseId,
      await fingerprintVideo(reference, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S }),
      await sha256File(reference),
    );
    const r = retroMatchVideo(db, videoId)!;
    expect(r.images).toBe(2);
    const rows = db
      .prepare(
        `SELECT m.image_url, m.media_kind, m.source, m.algo, m.ref_time_s, m.run_id,
                m.reference_video_id, (x.match_id IS NOT NULL) AS retro, i.state
           FROM crawl_matches m LEFT JOIN crawl_retro_matches x ON x.match_id = m.id
           LEFT JOIN review_items i ON i.best_match_id = m.id ORDER BY m.image_url`,
      )
      .all() as Record<string, unknown>[];
    expect(rows.map((x) => new URL(x.image_url as string).pathname)).toEqual([
      '/i/frame.jpg',
      '/i/resized.jpg',
    ]);
    for (const x of rows) {
      expect(x).toMatchObject({
        media_kind: 'image',
        source: 'case-video',
        algo: 'vpdq-frame',
        run_id: null,
        reference_video_id: videoId,
        retro: 1,
        state: 'pending',
      });
      expect(Math.abs((x.ref_time_s as number) - GRAB_AT_S)).toBeLessThanOrEqual(1.5);
    }
    // A second re-check records nothing twice.
    expect(retroMatchVideo(db, videoId)!.matches).toBe(0);
    expect(db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(2);
  }, 300_000);
});
