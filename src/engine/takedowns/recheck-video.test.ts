/**
 * The takedown re-check of a reported video (issue 15 item 6) against the fixture site's video
 * pages: the crawl's recorded fingerprint is matched by the head of the video still served
 * (present), and once the site takes it down the request is marked removed with the evidence.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { PLANTED_VIDEOS } from '../../../e2e/fixture-site/videos';
import { siteConfigSchema } from '../../shared/crawl-types';
import { insertSite } from '../crawl/sites';
import { putVideoHash } from '../crawl/video-hashes';
import { insertReferenceVideo, insertVideoMatch } from '../crawl/video-test-routes';
import { hasFfmpeg } from '../../test-support/videos';
import { fingerprintVideo } from '../video';
import { transition } from './lifecycle';
import { openTakedownForMatch } from './open-request';
import { recheckRequest } from './recheck';
import { createTakedownTestFile, sha, type TakedownTestFile } from './test-support';

describe.skipIf(!hasFfmpeg())('re-checking a reported video on the fixture site', () => {
  let site: FixtureSite;
  let t: TakedownTestFile;
  beforeAll(async () => {
    site = await startFixtureSite({ videos: true });
  }, 300_000);
  afterAll(() => site?.close());
  beforeEach(() => {
    t = createTakedownTestFile(new Date());
  });
  afterEach(() => t.cleanup());

  it('finds the clip still there, then removed once the site takes it down', async () => {
    const clip = PLANTED_VIDEOS.find((v) => v.kind === 'clip')!;
    const body = Buffer.from(await (await fetch(site.origin + clip.url)).arrayBuffer());
    const dir = mkdtempSync(join(tmpdir(), 'jium-recheck-video-test-'));
    let fp;
    try {
      writeFileSync(join(dir, 'clip.mp4'), body);
      fp = await fingerprintVideo(join(dir, 'clip.mp4'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // What the crawl recorded: the video's fingerprint by its SHA-256, and the match.
    const videoSha = sha(body);
    putVideoHash(t.db, videoSha, fp, true);
    const siteId = insertSite(
      t.db,
      siteConfigSchema.parse({
        name: 'Fixture',
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
      }),
      new Date(),
    );
    const videoId = insertReferenceVideo(t.db, t.caseId, fp, sha('reference'));
    const matchId = insertVideoMatch(t.db, {
      caseId: t.caseId,
      referenceVideoId: videoId,
      pageUrl: site.origin + clip.page,
      videoUrl: site.origin + clip.url,
      sha256: videoSha,
      segments: [{ queryStartS: 0, queryEndS: 5, refStartS: 4, refEndS: 9 }],
      siteId,
    });
    const [id] = openTakedownForMatch(t.db, matchId, t.userId, new Date()).requestIds as [number];
    transition(t.db, id, 'sent', t.userId, new Date());

    const still = await recheckRequest(t.db, id, null, () => new Date());
    expect(still.outcome).toBe('present');
    expect(still.images).toEqual([
      expect.objectContaining({ url: site.origin + clip.url, gone: false, onPage: true }),
    ]);
    expect(still.images[0]!.error).toBeUndefined();

    site.remove(clip.url, 410);
    const gone = await recheckRequest(t.db, id, null, () => new Date());
    expect(gone.outcome).toBe('removed');
    expect(gone.images[0]).toMatchObject({ gone: true, reason: 'video-410', status: 410 });
    const state = t.db.prepare('SELECT state FROM takedown_requests WHERE id = ?').get(id) as {
      state: string;
    };
    expect(state.state).toBe('removed');
  }, 300_000);
});
