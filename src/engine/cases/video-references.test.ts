/**
 * Reference video frames as the crawler loads them: stored by the cases tables in a real case
 * file, loaded beside image references, a still's PDQ found as (video id, timestamp), only for
 * cases that consented to web searches and are open, gone with the case.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadReferences } from '../crawl/reference-index';
import { MIGRATIONS } from '../db/migrations';
import type { VideoFingerprint } from '../video';
import { startTestEngine, withUsers, type TestEngine } from './test-support';
import { insertVideo, listVideos, videoFingerprintOf } from './video-queries';
import { loadVideoReferences } from './video-references';

const identity = { name: 'Test Person', contact: '', notes: '' };
const consent = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };

/** Flips `bits` distinct bits of a copy of `hash`. */
function flip(hash: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(hash);
  for (let b = 0; b < bits; b++) out[b >> 3]! ^= 1 << (b & 7);
  return out;
}

function fakePrint(frames: number): VideoFingerprint {
  return {
    durationS: frames,
    width: 640,
    height: 360,
    sampleEveryS: 1,
    sampled: false,
    frames: Array.from({ length: frames }, (_, i) => ({
      timestampS: i,
      pdq: new Uint8Array(randomBytes(32)),
      quality: i === 2 ? 20 : 90,
    })),
  };
}

let t: TestEngine;
let ids: Awaited<ReturnType<typeof withUsers>>;
beforeEach(async () => {
  t = await startTestEngine();
  ids = await withUsers(t);
});
afterEach(() => t.close());

async function caseWithVideo(print: VideoFingerprint, sha = randomBytes(32).toString('hex')) {
  const c = await t.ok('counsellor', 'cases.create', { identity, consent });
  const videoId = insertVideo(t.engine.db, {
    caseId: c.id,
    sha256: sha,
    sealedFileName: Buffer.from('sealed elsewhere'),
    format: 'mp4',
    byteSize: 1234,
    fingerprint: print,
    addedAt: new Date().toISOString(),
    addedBy: ids.counsellor!,
  });
  return { c, videoId };
}

describe('reference video frames', () => {
  it('are a schema of their own at the latest version', () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(names).toContain('reference-videos');
    const tables = t.engine.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'reference_video%'",
      )
      .all()
      .map((r) => (r as { name: string }).name)
      .sort();
    expect(tables).toEqual([
      'reference_video_features',
      'reference_video_frames',
      'reference_video_keyframes',
      'reference_video_originals',
      'reference_video_variants',
      'reference_videos',
    ]);
  });

  it('round-trip as the fingerprint the video engine matches', async () => {
    const print = fakePrint(6);
    const { c } = await caseWithVideo(print);
    const [row] = listVideos(t.engine.db, c.id);
    const back = videoFingerprintOf(t.engine.db, row!);
    expect(back.frames.map((f) => f.timestampS)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(back.frames.map((f) => Buffer.from(f.pdq).toString('hex'))).toEqual(
      print.frames.map((f) => Buffer.from(f.pdq).toString('hex')),
    );
    expect(back).toMatchObject({ durationS: 6, width: 640, height: 360, sampled: false });
  });

  it("keep each moment's content-box hash beside its frame, and lose it with the case", async () => {
    const print = fakePrint(4);
    print.frames[1]!.variants = [
      { region: 'box', pdq: new Uint8Array(randomBytes(32)), quality: 77 },
    ];
    const { c } = await caseWithVideo(print);
    const [row] = listVideos(t.engine.db, c.id);
    const back = videoFingerprintOf(t.engine.db, row!);
    expect(back.frames.map((f) => f.variants)).toEqual([
      undefined,
      print.frames[1]!.variants,
      undefined,
      undefined,
    ]);
    await t.ok('counsellor', 'cases.delete', { caseId: c.id, confirmCode: c.code });
    const left = t.engine.db
      .prepare('SELECT count(*) AS n FROM reference_video_variants')
      .get() as {
      n: number;
    };
    expect(left.n).toBe(0);
  });

  it('find a still image as (video id, timestamp) and its case', async () => {
    const a = fakePrint(8);
    const b = fakePrint(5);
    const first = await caseWithVideo(a);
    const second = await caseWithVideo(b);
    const set = loadVideoReferences(t.engine.db);
    expect(set.size).toBe(2);
    expect(set.frameCount).toBe(13);

    const hit = set.findFrame(flip(b.frames[3]!.pdq, 12), 80);
    expect(hit).toEqual({
      caseId: second.c.id,
      caseCode: second.c.code,
      videoId: second.videoId,
      timestampS: 3,
      distance: 12,
      transform: 'identity',
    });
    // The mirrored picture: its hash's stand-in (every byte XOR 0x55) is looked up too.
    const mirror = Uint8Array.from(flip(b.frames[3]!.pdq, 5), (x) => x ^ 0x55);
    expect(set.findFrame(mirror, 80)).toMatchObject({
      videoId: second.videoId,
      timestampS: 3,
      distance: 5,
      // The image pipeline's name for it, which review words ("mirrored"); 'flip-h' was shown raw.
      transform: 'flip-horizontal',
    });
    expect(set.findFrame(a.frames[5]!.pdq, 95)).toMatchObject({
      videoId: first.videoId,
      timestampS: 5,
      distance: 0,
    });
    // vPDQ's bounds: more than 31 bits apart, or either quality under 50, is no agreement.
    expect(set.findFrame(flip(a.frames[1]!.pdq, 40), 90)).toBeNull();
    expect(set.findFrame(a.frames[1]!.pdq, 40)).toBeNull();
    expect(set.findFrame(a.frames[2]!.pdq, 90)).toBeNull(); // the frame's own quality is 20
    expect(set.get(first.videoId)?.fingerprint.frames).toHaveLength(8);

    // The crawler's reference loading carries them beside the image references.
    const crawl = loadReferences(t.engine.db);
    expect(crawl.size).toBe(0);
    expect(crawl.videos?.findFrame(b.frames[4]!.pdq, 90)).toMatchObject({
      videoId: second.videoId,
      timestampS: 4,
    });
  });

  it('load only for cases that consented to searches and are not closed, and go with the case', async () => {
    const open = await caseWithVideo(fakePrint(3));
    const closed = await caseWithVideo(fakePrint(3));
    const noSearch = await caseWithVideo(fakePrint(3));
    await t.ok('counsellor', 'cases.setStatus', { caseId: closed.c.id, status: 'closed' });
    await t.ok('counsellor', 'cases.setConsent', {
      caseId: noSearch.c.id,
      consent: { ...consent, searchWeb: false },
    });
    expect(
      loadVideoReferences(t.engine.db)
        .entries()
        .map((e) => e.owner.videoId),
    ).toEqual([open.videoId]);

    await t.ok('counsellor', 'cases.delete', { caseId: open.c.id, confirmCode: open.c.code });
    expect(loadVideoReferences(t.engine.db).size).toBe(0);
    const left = t.engine.db
      .prepare('SELECT count(*) AS n FROM reference_video_frames WHERE video_id = ?')
      .get(open.videoId) as { n: number };
    expect(left.n).toBe(0);
  });
});
