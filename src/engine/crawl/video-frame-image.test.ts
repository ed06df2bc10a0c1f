import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureJpeg } from '../../../e2e/fixture-site/images';
import { hasFfmpeg, runFfmpeg } from '../../test-support/videos';
import { open } from '../cases/sealing';
import { fingerprint } from '../fingerprint';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from '../video';
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
import { matchBinding } from './video-evidence';
import { sha256File } from './video-hashes';
import { insertReferenceVideo } from './video-test-routes';

const jpeg = (bytes: Buffer) => (_q: unknown, r: ServerResponse) =>
  r.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes);

/** The moment of the reference grabbed as a still (inside the third shot, a pan down). */
const GRAB_AT_S = 12;

/**
 * Issue 15 item 2, last sentence (decision 0109): one frame of a registered video, found as a
 * still image on a page, is a match against that video, with the reference's time.
 */
describe.skipIf(!hasFfmpeg())('a still image that is one frame of a reference video', () => {
  let srv: TestServer;
  let cf: TestCaseFile;
  let reference: string;
  let dir: string;
  const unrelatedPaths: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jium-frame-still-'));
    // The same benign slideshow as the video crawl test (cached by its spec).
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
    // Re-encoded and resized, as a site's thumbnailer would.
    const resized = await sharp(frame).resize({ width: 300 }).jpeg({ quality: 45 }).toBuffer();
    const routes: Parameters<typeof startTestServer>[0] = {};
    const imgs = ['<img src="/i/frame.jpg">', '<img src="/i/resized.jpg">'];
    routes['/i/frame.jpg'] = jpeg(frame);
    routes['/i/resized.jpg'] = jpeg(resized);
    // Unrelated photographs of the same generator, and a flat grey picture (PDQ quality 0).
    for (const seed of [930_011, 930_012, 930_013, 930_014, 930_015, 930_016]) {
      const path = `/u/${seed}.jpg`;
      routes[path] = jpeg(await pictureJpeg(seed, 640, 360));
      imgs.push(`<img src="${path}">`);
      unrelatedPaths.push(path);
    }
    const flat = await sharp({
      create: { width: 640, height: 360, channels: 3, background: { r: 128, g: 128, b: 128 } },
    })
      .jpeg()
      .toBuffer();
    expect((await fingerprint(flat, { role: 'candidate' })).pdq.quality).toBeLessThan(50);
    routes['/u/flat.jpg'] = jpeg(flat);
    imgs.push('<img src="/u/flat.jpg">');
    unrelatedPaths.push('/u/flat.jpg');
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

  it('matches the grabbed frame and its resized re-encode with the reference time, and nothing unrelated', async () => {
    const db = cf.file.db;
    const videoId = insertReferenceVideo(
      db,
      cf.caseId,
      await fingerprintVideo(reference, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S }),
      await sha256File(reference),
    );
    const references = loadReferences(db);
    expect(references.videos?.frameCount).toBeGreaterThan(20);
    const caseKey = randomBytes(32);
    const evidence = keyedEvidenceStore(new Map([[cf.caseId, caseKey]]));
    const config = localSite(srv.origin);
    const siteId = insertSite(db, config, new Date());
    /** One crawl of the site with these references; its run id. */
    const crawl = async () => {
      const runId = insertRun(db, siteId, config, new Date());
      const fetchLimits = TEST_FETCH_LIMITS;
      const runner = new CrawlRunner({
        db,
        runId,
        siteId,
        config,
        references,
        evidence,
        fetchLimits,
      });
      expect(await runner.run()).toBe('finished');
      return runId;
    };
    const runId = await crawl();
    const log = readLog(db, runId, 0, 5000);
    const codes = (path: string) =>
      log.filter((l) => l.url === `${srv.origin}${path}`).map((l) => l.code);

    const rows = db
      .prepare(
        `SELECT id, source, media_kind, case_id, reference_image_id, reference_video_id, page_url,
           image_url, image_sha256, algo, distance, ref_time_s, segments, evidence_image,
           snapshot_kind, review_state
         FROM crawl_matches WHERE run_id = ? ORDER BY image_url`,
      )
      .all(runId) as Record<string, unknown>[];
    expect(rows.map((r) => new URL(r['image_url'] as string).pathname)).toEqual([
      '/i/frame.jpg',
      '/i/resized.jpg',
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({
        source: 'case-video',
        media_kind: 'image',
        case_id: cf.caseId,
        reference_image_id: null,
        reference_video_id: videoId,
        page_url: `${srv.origin}/`,
        algo: 'vpdq-frame',
        segments: null,
        snapshot_kind: 'html',
        review_state: 'pending',
      });
      expect(r['distance'] as number).toBeLessThanOrEqual(31);
      // The reference's own second: within one sampling step or so of where it was grabbed.
      expect(Math.abs((r['ref_time_s'] as number) - GRAB_AT_S)).toBeLessThanOrEqual(0.5);
      // The found picture is sealed with the case key, bound to this page, content and video.
      const bound = matchBinding({
        page_url: r['page_url'] as string,
        image_sha256: r['image_sha256'] as string,
        reference_image_id: null,
        reference_video_id: videoId,
      });
      const opened = open(
        caseKey,
        r['evidence_image'] as Buffer,
        evidenceAad(cf.caseId, 'image', bound),
      );
      expect((await sharp(opened).metadata()).format).toBe('jpeg');
    }
    expect(codes('/i/frame.jpg')).toEqual(['match']);
    expect(log.find((l) => l.url === `${srv.origin}/i/frame.jpg`)?.message).toMatch(
      /^case C-2026-0001, frame 0:1[12] of reference video \d+, pdq distance \d+$/,
    );
    // Unrelated photographs and the flat picture: fetched and hashed, never matched.
    const outcome = db.prepare<[number, string], { outcome: string }>(
      'SELECT outcome FROM crawl_frontier WHERE run_id = ? AND url = ?',
    );
    for (const p of unrelatedPaths) {
      expect(codes(p)).toEqual([]);
      expect(outcome.get(runId, `${srv.origin}${p}`)?.outcome).toBe('hashed');
    }
    // One review item per found content for the case, waiting.
    const items = db
      .prepare(`SELECT count(*) AS n FROM review_items WHERE case_id = ? AND state = 'pending'`)
      .get(cf.caseId) as { n: number };
    expect(items.n).toBe(2);

    // A second crawl records nothing twice.
    await crawl();
    const total = db.prepare('SELECT count(*) AS n FROM crawl_matches').get() as { n: number };
    expect(total.n).toBe(2);
  }, 300_000);
});
