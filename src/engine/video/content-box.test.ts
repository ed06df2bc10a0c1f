import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contentBox } from './content-box';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S } from './fingerprint-video';
import { matchVideo, videoVerdict } from './match';
import { derive, ffmpeg, panVideo } from './test-videos';
import type { VideoFingerprint } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-video-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let ref: VideoFingerprint;

/** The fingerprint as it was before content boxes: whole frames only. */
const wholeFrames = (fp: VideoFingerprint): VideoFingerprint => ({
  ...fp,
  frames: fp.frames.map(({ timestampS, pdq, quality }) => ({ timestampS, pdq, quality })),
});

/** A static light page with a header, text lines and a side list, as a PNG of 1280 x 720. */
async function page(file: string): Promise<void> {
  const lines = Array.from(
    { length: 8 },
    (_, i) => `<rect x="880" y="${90 + i * 70}" width="340" height="14" rx="7" fill="#c8c8c8"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
<rect width="100%" height="100%" fill="#f4f4f4"/><rect width="100%" height="56" fill="#202020"/>
<rect x="24" y="16" width="120" height="24" rx="4" fill="#e11d48"/>${lines}
<rect x="40" y="560" width="600" height="16" rx="8" fill="#c8c8c8"/></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
}

beforeAll(async () => {
  // 9 s: three pictures panned 3 s each (the box is decided from the first 6 sampled seconds).
  const src = await panVideo(dir, 'ref', [910_011, 910_012, 910_013], 3);
  ref = await fingerprintVideo(src, { sampleEveryS: REFERENCE_SAMPLE_EVERY_S });
  await panVideo(dir, 'other', [510, 511, 512], 3);
  // A plain pan with no bars whose first pictures are quiet near the frame's left edge (decision
  // 0160: such pans got a box and every frame was hashed twice).
  await panVideo(dir, 'plain', [700, 701, 702], 3);
  // A portrait letterbox with black bars, a square one with the blurred picture as its bars, and
  // the video playing in an 800 x 450 player on a still page (a screen recording).
  derive(dir, src, 'portrait', ['-vf', 'scale=360:-2,pad=360:640:(ow-iw)/2:(oh-ih)/2:black']);
  derive(dir, src, 'square', [
    '-filter_complex',
    '[0:v]split[a][b];[a]scale=480:480,boxblur=20:2[bg];[b]scale=480:-2[fg];[bg][fg]overlay=(W-w)/2:(H-h)/2,format=yuv420p',
  ]);
  await page(path.join(dir, 'page.png'));
  ffmpeg([
    ...['-loop', '1', '-framerate', '25', '-i', path.join(dir, 'page.png'), '-i', src],
    '-filter_complex',
    '[1:v]scale=800:450[v];[0:v][v]overlay=40:80:shortest=1,format=yuv420p',
    ...['-c:v', 'libx264', '-preset', 'veryfast', path.join(dir, 'screen.mp4')],
  ]);
}, 300_000);

describe('content box', () => {
  it.each(['portrait', 'square', 'screen'])(
    'finds the %s copy through the picture in its box, which whole frames miss',
    async (name) => {
      const q = await fingerprintVideo(path.join(dir, `${name}.mp4`));
      expect(q.frames.every((f) => f.variants?.[0]?.region === 'box')).toBe(true);
      const whole = matchVideo(wholeFrames(q), ref);
      expect(videoVerdict(wholeFrames(q), whole)).not.toBe('match');
      const m = matchVideo(q, ref);
      expect(videoVerdict(q, m)).toBe('match');
      expect(m.queryPct).toBeGreaterThanOrEqual(80);
      expect(m.segments[0]!.queryEndS - m.segments[0]!.queryStartS).toBeGreaterThan(6);
    },
    120_000,
  );

  it('gives a plain pan no box: its quiet edges are picture, not bars', async () => {
    const fp = await fingerprintVideo(path.join(dir, 'plain.mp4'), {
      sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
    });
    expect(fp.frames.length).toBeGreaterThan(30);
    expect(fp.frames.filter((f) => f.variants?.length).length).toBe(0);
  }, 120_000);

  it('gives an unrelated video no match, boxes or not', async () => {
    const q = await fingerprintVideo(path.join(dir, 'other.mp4'));
    expect(videoVerdict(q, matchVideo(q, ref))).toBe('no-match');
  }, 120_000);

  it('leaves a full-frame picture alone, and trims uniform bars of a still video', () => {
    const w = 64;
    const h = 64;
    const textured = (seed: number) =>
      Uint8Array.from({ length: w * h }, (_, i) => (i * 37 + seed * 11 + ((i * i) % 251)) % 256);
    expect(contentBox([textured(1), textured(2), textured(3)], w, h)).toBeUndefined();
    // A still picture between black bars 12 rows high: the image pipeline's trim finds it.
    const barred = textured(1).map((v, i) => (i < 12 * w || i >= (h - 12) * w ? 0 : v));
    expect(contentBox([barred, barred, barred], w, h)).toEqual({ x: 0, y: 12, w: 64, h: 40 });
  });
});
