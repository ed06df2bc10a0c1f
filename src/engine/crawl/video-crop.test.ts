/**
 * Cropped re-uploads of a reference video (issue 15, decision 0104), end to end on one code path:
 * a counsellor registers the video through the contract (videos.begin/chunk/add), which seals its
 * crop-stage keyframes with the case key; the crawl's loader opens them with the case keys; a
 * crawl of a 127.0.0.1 page finds an 80% crop that the frame hashes miss, and a mirrored one
 * (recorded as mirrored), and not an unrelated video; removing the video removes its keyframes. Real case file, FFmpeg, OpenCV and HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { openVideoFeatures } from '../cases/video-features';
import { addVideoFile } from '../cases/video-test-support';
import type { HandlerContext } from '../core/context';
import { hasFfmpeg, syntheticVideo } from '../../test-support/videos';
import { evidenceKeys } from './crawl-manager';
import { keyedEvidenceStore } from './evidence';
import { loadCrawlReferences, loadReferences } from './reference-index';
import { readLog } from './sites';
import { localRun, localSite } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';
import { crawlTestReferenceVideo, crop80Copy } from './test-video-reference';
import { serveFile } from './video-test-routes';

const identity = { name: 'Test Person', contact: '', notes: '' };
const consent = { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' as const };

describe.skipIf(!hasFfmpeg())(
  'cropped re-uploads of a reference video',
  { timeout: 300_000 },
  () => {
    let t: TestEngine;
    let srv: TestServer;
    let keys: () => Map<number, Buffer>;
    let reference: string;
    beforeAll(async () => {
      reference = await crawlTestReferenceVideo();
      const cropped = await crop80Copy(reference, 0.16, 0.05);
      const mirrored = await crop80Copy(reference, 0.04, 0.12, true);
      const unrelated = await syntheticVideo('mandelbrot', { seconds: 10 });
      srv = await startTestServer({
        '/': (_q, r) =>
          r
            .writeHead(200, { 'content-type': 'text/html' })
            .end(
              `<video src="/v/cropped.mp4"></video><video src="/v/mirrored.mp4"></video>` +
                `<video src="/v/unrelated.mp4"></video>`,
            ),
        '/v/cropped.mp4': serveFile(cropped, 'video/mp4', true),
        '/v/mirrored.mp4': serveFile(mirrored, 'video/mp4', true),
        '/v/unrelated.mp4': serveFile(unrelated, 'video/mp4', true),
      });
      t = await startTestEngine();
      await withUsers(t);
      const vault = (t.engine as unknown as { vault: HandlerContext['vault'] }).vault;
      keys = () => evidenceKeys({ db: t.engine.db, vault });
    }, 300_000);
    afterAll(async () => {
      await srv?.close();
      t?.close();
    });

    it('registers keyframes sealed, finds the crop in a crawl, and forgets them with the video', async () => {
      const db = t.engine.db;
      const c = await t.ok('counsellor', 'cases.create', { identity, consent });
      const added = await addVideoFile(t, 'counsellor', c.id, reference, 'reference.mp4');
      if (added.status !== 'added') throw new Error(`not added: ${added.status}`);
      const videoId = added.video.id;

      // Sealed, even under hash-only consent (as reference images' features): what the loader
      // opens with the case key is not in the stored bytes.
      const rows = db
        .prepare('SELECT video_id, kind, sealed FROM reference_video_features')
        .all() as {
        video_id: number;
        kind: string;
        sealed: Buffer;
      }[];
      expect(rows.map((r) => [r.video_id, r.kind])).toEqual([[videoId, 'orb512-1s-v1']]);
      const opened = openVideoFeatures(db, keys()).get(videoId)!;
      // 18.5 s, a keyframe about once a second (fades without keypoints left out).
      expect(opened.length).toBeGreaterThanOrEqual(14);
      expect(opened.length).toBeLessThanOrEqual(19);
      const plain = Buffer.from(opened[5]!.features.descriptors.subarray(0, 64));
      expect(rows[0]!.sealed.includes(plain)).toBe(false);
      // Without the case key the crawl has the hashes only.
      expect(loadReferences(db).videos!.features.size).toBe(0);

      const references = await loadCrawlReferences(db, keys());
      expect(references.videos!.features.keyframes(String(videoId))).toBe(opened.length);
      const config = localSite(srv.origin, { maxVideoMiB: 20, maxVideoMinutes: 5 });
      const { runner, runId } = localRun(db, config, {
        references,
        evidence: keyedEvidenceStore(keys()),
      });
      expect(await runner.run()).toBe('finished');
      const log = readLog(db, runId, 0, 1000);
      const codes = (p: string) =>
        log.filter((l) => l.url === `${srv.origin}${p}`).map((l) => l.code);
      expect(codes('/v/cropped.mp4')).toContain('video-match');
      const found = log.find(
        (l) => l.url === `${srv.origin}/v/cropped.mp4` && l.code === 'video-match',
      );
      // 2 to 8 of the frames looked at (8 for 18.5 s, fewer when one has too few keypoints)
      // verified; the log says so rather than a share of the video's frames (decision 0122).
      expect(found!.message).toMatch(/local features: [2-8] of [2-8] frames looked at verified/);
      expect(found!.message).not.toMatch(/of the video's frames/);
      expect(codes('/v/unrelated.mp4')).toEqual(['video-hashed']);
      // The mirrored crop is found by the mirrored look, and recorded as mirrored (it was
      // recorded 'identity', so review said nothing of the mirroring).
      const mirroredLine = log.find(
        (l) => l.url === `${srv.origin}/v/mirrored.mp4` && l.code === 'video-match',
      );
      expect(mirroredLine!.message).toMatch(/frames looked at verified mirrored/);
      const match = db
        .prepare(
          'SELECT reference_video_id, image_url, algo, transform FROM crawl_matches ORDER BY image_url',
        )
        .all();
      expect(match).toEqual([
        {
          reference_video_id: videoId,
          image_url: `${srv.origin}/v/cropped.mp4`,
          algo: 'vpdq-local',
          transform: 'identity',
        },
        {
          reference_video_id: videoId,
          image_url: `${srv.origin}/v/mirrored.mp4`,
          algo: 'vpdq-local',
          transform: 'flip-horizontal',
        },
      ]);

      await t.ok('counsellor', 'videos.remove', { videoId });
      expect(db.prepare('SELECT count(*) FROM reference_video_features').pluck().get()).toBe(0);
    });
  },
);
