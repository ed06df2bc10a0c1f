import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { pictureSvg } from '../../e2e/fixture-site/images';
import { tempDir } from './temp-dir';
import {
  clipVideo,
  hlsPlaylist,
  photoSlideshow,
  probeVideo,
  reencodeVideo,
  screenRecording,
  syntheticVideo,
} from './videos';

const tmp = tempDir('jium-videos-test-');
afterAll(() => tmp.cleanup());
const cacheDir = tmp.dir;
// Small frames keep the test cheap; the code paths are the same at any size.
const small = { cacheDir, width: 320, height: 180 };

const photo = (seed: number) =>
  sharp(Buffer.from(pictureSvg(seed, 800, 600)))
    .jpeg()
    .toBuffer();

/** One frame at `t` seconds as 64 × 36 grey pixels. */
function frameAt(file: string, t: number): Buffer {
  return execFileSync('ffmpeg', [
    ...['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1'],
    ...['-vf', 'scale=64:36,format=gray', '-f', 'rawvideo', '-'],
  ]);
}

const meanAbsDiff = (a: Buffer, b: Buffer) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

describe('test videos', { timeout: 600_000 }, () => {
  it('makes a slideshow of the asked length and size, moving, cached by content', async () => {
    const shots = [
      { image: await photo(1), seconds: 4 },
      { image: await photo(2), seconds: 4, motion: 'zoom-in' as const },
    ];
    const file = await photoSlideshow(shots, small);
    const p = probeVideo(file);
    expect(p.width).toBe(320);
    expect(p.height).toBe(180);
    // Two 4 s shots joined by a 0.5 s cross-fade.
    expect(p.durationS).toBeGreaterThan(7.3);
    expect(p.durationS).toBeLessThan(7.7);
    // The pan moves the picture; the second photo differs from the first; the start is black.
    expect(meanAbsDiff(frameAt(file, 1), frameAt(file, 3))).toBeGreaterThan(3);
    expect(meanAbsDiff(frameAt(file, 2), frameAt(file, 6))).toBeGreaterThan(20);
    expect(Math.max(...frameAt(file, 0))).toBeLessThan(40);
    // The same spec gives the same file without running FFmpeg again; another spec another file.
    const mtime = statSync(file).mtimeMs;
    expect(await photoSlideshow(shots, small)).toBe(file);
    expect(statSync(file).mtimeMs).toBe(mtime);
    const cut = await photoSlideshow(shots, { ...small, transition: 'cut' });
    expect(cut).not.toBe(file);
    expect(probeVideo(cut).durationS).toBeGreaterThan(7.8);
  });

  it('makes re-encodes, clips, screen recordings and HLS renditions of a video', async () => {
    const ref = await photoSlideshow(
      [
        { image: await photo(3), seconds: 5 },
        { image: await photo(4), seconds: 5, motion: 'pan-left' },
      ],
      small,
    );
    const vp9 = await reencodeVideo(ref, { codec: 'vp9', cacheDir });
    expect(readFileSync(vp9).subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML (WebM)
    const smaller = await reencodeVideo(ref, { codec: 'h264', height: 120, cacheDir });
    expect(probeVideo(smaller)).toMatchObject({ width: 214, height: 120 });

    const clip = await clipVideo(ref, { startS: 4, durationS: 3, cacheDir });
    expect(probeVideo(clip).durationS).toBeCloseTo(3, 0);
    // The clip's first frame is the reference's frame at 4 s.
    expect(meanAbsDiff(frameAt(clip, 0), frameAt(ref, 4))).toBeLessThan(6);

    const rec = await screenRecording(ref, { cacheDir, width: 640 });
    expect(probeVideo(rec)).toMatchObject({ width: 640, height: 360 });
    expect(probeVideo(rec).durationS).toBeCloseTo(probeVideo(ref).durationS, 0);

    const hls = await hlsPlaylist(ref, { segmentS: 3, cacheDir });
    const m3u8 = readFileSync(hls.playlist, 'utf8');
    expect(m3u8.startsWith('#EXTM3U')).toBe(true);
    expect(hls.segments.length).toBeGreaterThanOrEqual(3);
    for (const s of hls.segments) expect(m3u8).toContain(s);
    expect(readFileSync(`${hls.dir}/${hls.segments[0]}`)[0]).toBe(0x47); // MPEG-TS sync byte
  });

  it('makes synthetic footage that differs by seed', async () => {
    const a = await syntheticVideo('life', { seconds: 2, seed: 1, ...small });
    const b = await syntheticVideo('life', { seconds: 2, seed: 2, ...small });
    expect(probeVideo(a).durationS).toBeCloseTo(2, 0);
    expect(meanAbsDiff(frameAt(a, 1), frameAt(b, 1))).toBeGreaterThan(5);
  });
});
