import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pdqFromPixels } from '../fingerprint/pdq';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from './fingerprint-video';
import { keyframes } from './keyframes';
import { matchFrameToVideo, matchVideo } from './match';
import { concatVideos, derive, panVideo } from './test-videos';
import type { VideoFingerprint } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-video-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ref: string;
/** The reference as registered: sampled 5 times a second. */
let refFp: VideoFingerprint;
/** The reference sampled once a second, as a candidate would be. */
let ref1: VideoFingerprint;
let other: string;
let otherFp: VideoFingerprint;

beforeAll(async () => {
  // Reference: 12 s, three pictures panned 4 s each. Other: three unrelated pictures.
  ref = await panVideo(dir, 'ref', [910_001, 910_002, 910_003]);
  other = await panVideo(dir, 'other', [500, 501, 502]);
  refFp = await fingerprintVideo(ref, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S });
  ref1 = await fingerprintVideo(ref);
  otherFp = await fingerprintVideo(other, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S });
}, 120_000);

function show(m: { queryPct: number; comparePct: number; segments: unknown[] }) {
  return `query ${m.queryPct.toFixed(0)}% compare ${m.comparePct.toFixed(0)}% ${JSON.stringify(m.segments)}`;
}

describe('fingerprintVideo', () => {
  it('samples about once a second with timestamps, size and duration', () => {
    expect(ref1.durationS).toBeCloseTo(12, 0);
    expect([ref1.width, ref1.height]).toEqual([640, 360]);
    expect(ref1.sampled).toBe(false);
    expect(ref1.frames.length).toBeGreaterThanOrEqual(10);
    expect(ref1.frames.length).toBeLessThanOrEqual(12);
    const ts = ref1.frames.map((f) => f.timestampS);
    expect(ts[0]).toBe(0);
    for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBeGreaterThanOrEqual(1);
    expect(refFp.frames.length).toBeGreaterThan(40);
    for (const f of refFp.frames) {
      expect(f.pdq.length).toBe(32);
      expect(f.quality).toBeGreaterThanOrEqual(50);
    }
  });

  it('reports progress up to the duration and honours sampleEveryS', async () => {
    const seen: number[] = [];
    const fp = await fingerprintVideo(ref, { sampleEveryS: 2, onProgress: (d) => seen.push(d) });
    expect(fp.sampleEveryS).toBe(2);
    expect(fp.frames.length).toBeLessThanOrEqual(6);
    expect(fp.frames[1]!.timestampS).toBe(2);
    expect(seen.at(-1)).toBeCloseTo(12, 0);
  });

  it('prunes a still stretch to one frame', async () => {
    const still = derive(dir, ref, 'still', [
      '-vf',
      'trim=0:0.04,loop=299:1,setpts=N/30/TB',
      '-r',
      '30',
    ]);
    const fp = await fingerprintVideo(still);
    expect(fp.durationS).toBeGreaterThan(9);
    expect(fp.frames.length).toBeLessThanOrEqual(2);
  });

  it('marks a video longer than the duration cap as sampled and reads only the cap', async () => {
    const fp = await fingerprintVideo(ref, { limits: { maxDurationS: 5 } });
    expect(fp.sampled).toBe(true);
    expect(Math.max(...fp.frames.map((f) => f.timestampS))).toBeLessThan(5);
  });
});

describe('matchVideo', () => {
  it('a video matches itself fully, in one segment, and not an unrelated video', async () => {
    const self = matchVideo(refFp, refFp);
    expect(self.queryPct).toBe(100);
    expect(self.comparePct).toBe(100);
    expect(self.segments).toHaveLength(1);
    const none = matchVideo(await fingerprintVideo(other), refFp);
    expect(none.queryPct, show(none)).toBe(0);
    expect(none.comparePct).toBe(0);
    expect(none.segments).toEqual([]);
  });

  it('finds a clip (4.5 s to 10.5 s, off the sampling grid) and says which seconds it is', async () => {
    const clip = await fingerprintVideo(
      derive(dir, ref, 'clip', ['-ss', '4.5', '-t', '6', '-c:v', 'libx264']),
    );
    const m = matchVideo(clip, refFp);
    expect(m.queryPct, show(m)).toBeGreaterThanOrEqual(80);
    // The reference has 5 frames a second, the clip 1: a share of the reference's frames, not time.
    expect(m.comparePct).toBeGreaterThan(5);
    expect(m.comparePct).toBeLessThan(40);
    expect(m.segments, show(m)).toHaveLength(1);
    const s = m.segments[0]!;
    expect(s.queryStartS).toBeLessThanOrEqual(0.5);
    expect(s.refStartS).toBeGreaterThanOrEqual(4);
    expect(s.refStartS).toBeLessThanOrEqual(5.5);
    expect(s.refEndS).toBeGreaterThanOrEqual(10);
    expect(s.refEndS).toBeLessThanOrEqual(12);
  });

  it('finds a low-quality re-encode at another size', async () => {
    const re = await fingerprintVideo(
      derive(dir, ref, 're', ['-vf', 'scale=426:240', '-c:v', 'libx264', '-crf', '38']),
    );
    const m = matchVideo(re, ref1);
    expect(m.queryPct, show(m)).toBeGreaterThanOrEqual(90);
    expect(m.comparePct).toBeGreaterThanOrEqual(90);
    expect(matchVideo(re, refFp).queryPct).toBeGreaterThanOrEqual(90);
  });

  it('finds a mirrored copy (the hash with the horizontal-mirror bits flipped)', async () => {
    const mirrored = await fingerprintVideo(
      derive(dir, ref, 'mirror', ['-vf', 'hflip', '-c:v', 'libx264']),
    );
    const m = matchVideo(mirrored, refFp);
    expect(m.queryPct, show(m)).toBeGreaterThanOrEqual(80);
    expect(m.segments.length).toBeGreaterThanOrEqual(1);
  });

  it('finds a copy sped up 1.5x with the reference seconds advancing faster', async () => {
    const fast = await fingerprintVideo(
      derive(dir, ref, 'fast', ['-vf', 'setpts=PTS/1.5', '-r', '30', '-c:v', 'libx264']),
    );
    const m = matchVideo(fast, refFp);
    expect(m.queryPct, show(m)).toBeGreaterThanOrEqual(80);
    const longest = m.segments.reduce((a, b) =>
      b.queryEndS - b.queryStartS > a.queryEndS - a.queryStartS ? b : a,
    );
    const rate = (longest.refEndS - longest.refStartS) / (longest.queryEndS - longest.queryStartS);
    expect(rate, show(m)).toBeGreaterThan(1.2);
    expect(rate).toBeLessThan(1.8);
  });

  it('finds the reference inside a compilation, with its place in the compilation', async () => {
    const part = derive(dir, ref, 'part', ['-ss', '2', '-t', '6', '-c:v', 'libx264']);
    const comp = await fingerprintVideo(concatVideos(dir, 'comp', [other, part]));
    const m = matchVideo(comp, refFp);
    expect(m.queryPct, show(m)).toBeGreaterThan(25);
    expect(m.queryPct).toBeLessThan(60);
    expect(m.segments, show(m)).toHaveLength(1);
    const s = m.segments[0]!;
    expect(s.queryStartS).toBeGreaterThanOrEqual(11);
    expect(s.queryStartS).toBeLessThan(13.5);
    expect(s.refStartS).toBeGreaterThan(1);
    expect(s.refStartS).toBeLessThan(3.5);
    // The other video in the compilation matches its own reference too, in the first 12 s.
    const o = matchVideo(comp, otherFp);
    expect(o.segments[0]!.queryStartS).toBeLessThan(1);
    expect(o.segments[0]!.queryEndS).toBeLessThanOrEqual(13);
  });
});

describe('matchFrameToVideo and keyframes', () => {
  it('a keyframe saved as a JPEG is found at its time; an unrelated still is not', async () => {
    const [jpeg] = await keyframes(ref, [6.5], { maxSide: 640 });
    expect(jpeg!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const meta = await sharp(jpeg!).metadata();
    expect([meta.width, meta.height]).toEqual([640, 360]);
    const { data, info } = await sharp(jpeg!).raw().toBuffer({ resolveWithObject: true });
    const still = pdqFromPixels(new Uint8Array(data), info.width, info.height, info.channels);
    const hit = matchFrameToVideo(still.hash, still.quality, refFp);
    expect(hit).not.toBeNull();
    expect(Math.abs(hit!.timestampS - 6.5)).toBeLessThanOrEqual(1);
    const [o] = await keyframes(other, [6], { maxSide: 320 });
    const od = await sharp(o!).raw().toBuffer({ resolveWithObject: true });
    const op = pdqFromPixels(
      new Uint8Array(od.data),
      od.info.width,
      od.info.height,
      od.info.channels,
    );
    expect(matchFrameToVideo(op.hash, op.quality, refFp)).toBeNull();
  });

  it('keyframes scales to maxSide and clamps times past the end', async () => {
    const frames = await keyframes(ref, [0, 100], { maxSide: 160 });
    expect(frames).toHaveLength(2);
    const meta = await sharp(frames[1]!).metadata();
    expect([meta.width, meta.height]).toEqual([160, 90]);
  });
});
