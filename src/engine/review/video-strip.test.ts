import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { caseKey } from '../cases/sealing';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { keyedEvidenceStore } from '../crawl/evidence';
import { matchBinding, storeMatchFrames, type MatchFrame } from '../crawl/video-evidence';
import { insertReferenceVideo } from '../crawl/video-test-routes';
import type { KeyVault } from '../crypto/key-vault';
import { recordMatch } from '../matches';
import { seedMatches } from './test-support';

let t: TestEngine;
let caseId: number;
let videoId: number;
const vault = () => (t.engine as unknown as { vault: KeyVault }).vault;
const segments = [
  { queryStartS: 12, queryEndS: 31, refStartS: 62, refEndS: 81 },
  { queryStartS: 40, queryEndS: 44, refStartS: 3, refEndS: 7 },
];

/** Records a found video matched to the case's reference video, as the crawler does. */
async function seedVideoMatch(
  pageUrl: string,
  frames: MatchFrame[],
  name = 'clip',
): Promise<number> {
  const db = t.engine.db;
  const sha = createHash('sha256').update(`${pageUrl} ${name}`).digest('hex');
  const evidence = keyedEvidenceStore(new Map([[caseId, caseKey({ db, vault: vault() }, caseId)]]));
  const binding = matchBinding({
    page_url: pageUrl,
    image_sha256: sha,
    reference_image_id: null,
    reference_video_id: videoId,
  });
  return db.transaction(() => {
    const id = recordMatch(db, {
      found: {
        kind: 'video',
        runId: null,
        siteId: null,
        pageUrl,
        url: `${new URL(pageUrl).origin}/v/${name}.mp4`,
        sha256: sha,
        foundAt: new Date().toISOString(),
        httpStatus: 200,
        httpHeaders: {},
        redirectChain: [],
        serverIp: '127.0.0.1',
      },
      target: { source: 'case-video', caseId, referenceVideoId: videoId },
      evidence: {
        algo: 'vpdq',
        distance: 0,
        transform: 'identity',
        segments,
        queryPct: 100,
        comparePct: 38,
        sampled: false,
      },
      sealed: {
        image: evidence.seal(caseId, 'image', frames[0]!.jpeg, binding),
        snapshot: null,
        snapshotKind: null,
      },
    })!;
    storeMatchFrames(db, evidence, { id, caseId, binding }, frames);
    return id;
  })();
}

const itemOf = (matchId: number) =>
  (
    t.engine.db.prepare('SELECT id FROM review_items WHERE best_match_id = ?').get(matchId) as {
      id: number;
    }
  ).id;

beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  const c = await t.ok('counsellor', 'cases.create', {
    identity: { name: 'Fictional', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  caseId = c.id;
  videoId = insertReferenceVideo(
    t.engine.db,
    caseId,
    { durationS: 90, width: 640, height: 360, sampleEveryS: 0.2, frames: [], sampled: false },
    'ab'.repeat(32),
  );
});
afterEach(() => t.close());

describe('a crawled video match in review', () => {
  it('shows its segments with blurred keyframes, reveals one frame at a time, audited', async () => {
    const jpegs = await Promise.all([1, 2, 3].map((s) => noiseJpeg(s, 320, 180)));
    const frames: MatchFrame[] = [
      { segment: 0, timeS: 12, jpeg: jpegs[0]! },
      { segment: 0, timeS: 21, jpeg: jpegs[1]! },
      { segment: 1, timeS: 41, jpeg: jpegs[2]! },
    ];
    const itemId = itemOf(await seedVideoMatch('https://v.example/watch/1', frames));

    for (const role of ['staff', 'counsellor']) {
      expect(await t.err(role, 'videos.matchStrip', { itemId })).toBe('forbidden');
      expect(await t.err(role, 'videos.revealMatchFrame', { itemId, index: 0 })).toBe('forbidden');
    }
    const strip = (await t.ok('monitor', 'videos.matchStrip', { itemId }))!;
    expect(strip).toMatchObject({
      videoUrl: 'https://v.example/v/clip.mp4',
      sampled: false,
      queryPct: 100,
      comparePct: 38,
      framesKept: true,
    });
    expect(strip.segments.map((s) => [s.queryStartS, s.queryEndS, s.refStartS, s.refEndS])).toEqual(
      [
        [12, 31, 62, 81],
        [40, 44, 3, 7],
      ],
    );
    expect(strip.segments.map((s) => s.frames.map((f) => [f.index, f.timestampS]))).toEqual([
      [
        [0, 12],
        [1, 21],
      ],
      [[2, 41]],
    ]);
    // Blurred greyscale, no larger than 240 px: the engine did it, not CSS.
    const blurred = Buffer.from(strip.segments[0]!.frames[0]!.dataUrl.split(',')[1]!, 'base64');
    const meta = await sharp(blurred).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(240);
    const stats = await sharp(blurred).stats();
    expect(stats.isOpaque).toBe(true);
    const [r, g, b] = stats.channels;
    expect(Math.abs(r!.mean - g!.mean) + Math.abs(g!.mean - b!.mean)).toBeLessThan(1);
    expect(
      listAudit(t.engine.db, { limit: 100 }).filter((e) => e.action === 'review.reveal'),
    ).toEqual([]);

    const shown = (await t.ok('monitor', 'videos.revealMatchFrame', { itemId, index: 1 }))!;
    expect(shown.revealed).toBe(true);
    const revealed = Buffer.from(shown.dataUrl.split(',')[1]!, 'base64');
    expect((await sharp(revealed).metadata()).width).toBe(320);
    const audits = listAudit(t.engine.db, { limit: 100 }).filter(
      (e) => e.action === 'review.reveal',
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ picture: 'video-frame', frame: 1 });
    expect(await t.ok('monitor', 'videos.revealMatchFrame', { itemId, index: 9 })).toBeNull();
    // The item says what it is: a found video, its shares, the reference video it matched.
    expect(await t.ok('monitor', 'review.item', { itemId })).toMatchObject({
      foundKind: 'video',
      referenceImageId: null,
      referenceVideoId: videoId,
      queryPct: 100,
      comparePct: 38,
      refTimeS: null,
    });
    // The crawled frame kept as the match's picture opens with the video match's binding.
    const candidate = await t.ok('monitor', 'review.image', { itemId, picture: 'candidate' });
    expect(candidate?.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
  });

  it('says so when no frame was kept, and is null for an image item', async () => {
    const itemId = itemOf(
      await seedVideoMatch('https://v.example/watch/2', [
        { segment: 0, timeS: 12, jpeg: await noiseJpeg(4) },
      ]),
    );
    t.engine.db.prepare('DELETE FROM crawl_match_frames').run();
    const strip = (await t.ok('admin', 'videos.matchStrip', { itemId }))!;
    expect(strip.framesKept).toBe(false);
    expect(strip.segments).toHaveLength(2);
    expect(strip.segments.every((s) => s.frames.length === 0)).toBe(true);

    const added = await t.ok('counsellor', 'images.add', {
      caseId,
      fileName: 'ref.jpg',
      data: (await noiseJpeg(5)).toString('base64'),
    });
    if (added.status !== 'added') throw new Error('reference not added');
    const [imageMatch] = seedMatches(t.engine.db, vault(), [
      {
        caseId,
        referenceImageId: added.image.id,
        pageUrl: 'https://i.example/p',
        image: await noiseJpeg(6),
      },
    ]);
    expect(await t.ok('monitor', 'videos.matchStrip', { itemId: itemOf(imageMatch!) })).toBeNull();
  });

  it('confirming opens a takedown request naming the video, and another video on the page joins it', async () => {
    const frame = [{ segment: 0, timeS: 12, jpeg: await noiseJpeg(7) }];
    const first = itemOf(await seedVideoMatch('https://v.example/watch/3', frame));
    const r = await t.ok('monitor', 'review.decide', { itemIds: [first], decision: 'confirm' });
    expect(r.takedownRequestIds).toHaveLength(1);
    const items = () =>
      t.engine.db
        .prepare('SELECT request_id, image_url FROM takedown_request_items ORDER BY id')
        .all() as { request_id: number; image_url: string }[];
    expect(items()).toEqual([
      { request_id: r.takedownRequestIds[0], image_url: 'https://v.example/v/clip.mp4' },
    ]);
    const request = await t.ok('staff', 'takedowns.get', { id: r.takedownRequestIds[0]! });
    expect(request.url).toBe('https://v.example/watch/3');
    // Another video on the same page joins the same request.
    const second = itemOf(await seedVideoMatch('https://v.example/watch/3', frame, 'other'));
    const r2 = await t.ok('monitor', 'review.decide', { itemIds: [second], decision: 'confirm' });
    expect(r2.takedownRequestIds).toEqual(r.takedownRequestIds);
    expect(items().map((i) => i.image_url)).toEqual([
      'https://v.example/v/clip.mp4',
      'https://v.example/v/other.mp4',
    ]);
  });
});
