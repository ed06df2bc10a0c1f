import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { resetFfmpegCache } from './ffmpeg-path';
import { fingerprintVideo } from './fingerprint-video';
import { keyframes } from './keyframes';
import { derive, ffmpeg, panVideo } from './test-videos';
import { VideoError } from './types';
import type { VideoErrorCode } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let good: string;
beforeAll(async () => {
  good = await panVideo(dir, 'good', [910_001], 3, '320x180');
}, 60_000);

const at = (name: string) => path.join(dir, name);

async function code(p: Promise<unknown>): Promise<VideoErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof VideoError) return e.code;
    throw e;
  }
}

/** Keeps the first `keep` of a file's bytes. */
function cut(src: string, name: string, keep: number): string {
  const b = readFileSync(src);
  writeFileSync(at(name), b.subarray(0, Math.floor(b.length * keep)));
  return at(name);
}

describe('hostile files give one specific VideoError each', () => {
  it('a truncated mp4 (moov at the end, and fast-start) is truncated', async () => {
    expect(await code(fingerprintVideo(cut(good, 'half.mp4', 0.5)))).toBe('truncated');
    const fast = derive(dir, good, 'fast', ['-c', 'copy', '-movflags', '+faststart']);
    expect(await code(fingerprintVideo(cut(fast, 'fast-half.mp4', 0.6)))).toBe('truncated');
  });

  it('a truncated webm is truncated', async () => {
    const webm = derive(
      dir,
      good,
      'w',
      ['-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime', '-cpu-used', '8'],
      'webm',
    );
    expect(await code(fingerprintVideo(cut(webm, 'w-half.webm', 0.5)))).toBe('truncated');
  });

  it('enormous declared dimensions are too-many-pixels, before any frame is decoded', async () => {
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=16x16:d=1:r=5',
      '-c:v',
      'rawvideo',
      '-pix_fmt',
      'bgr24',
      at('big.avi'),
    ]);
    const b = readFileSync(at('big.avi'));
    const avih = b.indexOf('avih');
    b.writeUInt32LE(15000, avih + 8 + 32);
    b.writeUInt32LE(15000, avih + 8 + 36);
    const strf = b.indexOf('strf');
    b.writeInt32LE(15000, strf + 8 + 4);
    b.writeInt32LE(15000, strf + 8 + 8);
    writeFileSync(at('big.avi'), b);
    expect(await code(fingerprintVideo(at('big.avi')))).toBe('too-many-pixels');
    expect(await code(fingerprintVideo(good, { limits: { maxPixels: 320 * 179 } }))).toBe(
      'too-many-pixels',
    );
  });

  it('a declared duration of 50 hours is too-long; a 3-hour video is read up to the cap and marked sampled', async () => {
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=gray:s=32x32:r=1/600:d=180000',
      '-c:v',
      'libx264',
      at('50h.mkv'),
    ]);
    expect(await code(fingerprintVideo(at('50h.mkv')))).toBe('too-long');
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=32x32:r=1:d=10800',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      at('3h.mp4'),
    ]);
    const fp = await fingerprintVideo(at('3h.mp4'), { limits: { maxDurationS: 600 } });
    expect(fp.sampled).toBe(true);
    expect(fp.durationS).toBeCloseTo(10800, 0);
    expect(Math.max(...fp.frames.map((f) => f.timestampS))).toBeLessThan(600);
  }, 60_000);

  it('decoding past the wall clock is killed with timeout', async () => {
    const started = Date.now();
    expect(await code(fingerprintVideo(at('3h.mp4'), { limits: { wallClockMs: 400 } }))).toBe(
      'timeout',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a pipe that never ends (a FIFO) and a device are refused without reading', async () => {
    execFileSync('mkfifo', [at('endless.mp4')]);
    expect(await code(fingerprintVideo(at('endless.mp4')))).toBe('not-a-video');
    expect(await code(fingerprintVideo('/dev/zero'))).toBe('not-a-video');
    expect(await code(fingerprintVideo(dir))).toBe('not-a-video');
  });

  it('a malformed container (a Matroska header over random bytes) is decoder-failed', async () => {
    const mkv = derive(dir, good, 'm', ['-c', 'copy'], 'mkv');
    const junk = Buffer.alloc(60_000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24;
    writeFileSync(at('bad.mkv'), Buffer.concat([readFileSync(mkv).subarray(0, 300), junk]));
    expect(await code(fingerprintVideo(at('bad.mkv')))).toBe('decoder-failed');
  });

  it('an HTML page named .mp4, a zero-byte file, a URL and a missing file are not-a-video', async () => {
    writeFileSync(at('page.mp4'), '<!doctype html><html><body>Not found</body></html>');
    writeFileSync(at('empty.mp4'), '');
    expect(await code(fingerprintVideo(at('page.mp4')))).toBe('not-a-video');
    expect(await code(fingerprintVideo(at('empty.mp4')))).toBe('not-a-video');
    expect(await code(fingerprintVideo('http://127.0.0.1:9/a.mp4'))).toBe('not-a-video');
    expect(await code(fingerprintVideo(at('missing.mp4')))).toBe('not-a-video');
    expect(await code(keyframes(at('page.mp4'), [0], { maxSide: 64 }))).toBe('not-a-video');
  });

  it('over the byte cap is too-large; over the memory limit is decoder-failed', async () => {
    expect(await code(fingerprintVideo(good, { limits: { maxBytes: 1000 } }))).toBe('too-large');
    expect(await code(fingerprintVideo(good, { limits: { maxMemoryBytes: 8 * 1024 ** 2 } }))).toBe(
      'decoder-failed',
    );
  });

  it('a video stream-less container is no-frames', async () => {
    ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', at('audio.mkv')]);
    expect(await code(fingerprintVideo(at('audio.mkv')))).toBe('no-frames');
  });

  it('keyframes gives each hostile file the same error, whatever the number of times asked', async () => {
    const strip = (file: string, limits = {}) =>
      code(keyframes(file, [0.3, 0.9, 1.5, 2.1, 2.7], { maxSide: 64, limits }));
    expect(await strip(at('half.mp4'))).toBe('truncated');
    expect(await strip(at('fast-half.mp4'))).toBe('truncated');
    expect(await strip(at('w-half.webm'))).toBe('truncated');
    expect(await strip(at('big.avi'))).toBe('too-many-pixels');
    expect(await strip(at('50h.mkv'))).toBe('too-long');
    expect(await strip(at('3h.mp4'), { wallClockMs: 1 })).toBe('timeout');
    expect(await strip(at('endless.mp4'))).toBe('not-a-video');
    expect(await strip(at('bad.mkv'))).toBe('decoder-failed');
    expect(await strip(at('empty.mp4'))).toBe('not-a-video');
    expect(await strip('http://127.0.0.1:9/a.mp4')).toBe('not-a-video');
    expect(await strip(good, { maxBytes: 1000 })).toBe('too-large');
    expect(await strip(good, { maxMemoryBytes: 8 * 1024 ** 2 })).toBe('decoder-failed');
    expect(await strip(at('audio.mkv'))).toBe('no-frames');
    expect(await strip(good)).toBe('ok');
  });

  it('nothing else is lost: the good video fingerprints beside all of them at once', async () => {
    const results = await Promise.all([
      code(fingerprintVideo(at('half.mp4'))),
      code(fingerprintVideo(at('big.avi'))),
      code(fingerprintVideo(at('page.mp4'))),
      code(fingerprintVideo(at('bad.mkv'))),
      fingerprintVideo(good),
    ]);
    expect(results.slice(0, 4)).toEqual([
      'truncated',
      'too-many-pixels',
      'not-a-video',
      'decoder-failed',
    ]);
    const fp = results[4] as Awaited<ReturnType<typeof fingerprintVideo>>;
    expect(fp.frames.length).toBeGreaterThanOrEqual(2);
  });
});

describe('FFmpeg resolution', () => {
  const saved = process.env.JIUM_FFMPEG;
  afterEach(() => {
    if (saved === undefined) delete process.env.JIUM_FFMPEG;
    else process.env.JIUM_FFMPEG = saved;
    resetFfmpegCache();
  });

  it('a JIUM_FFMPEG that is not there is ffmpeg-missing, naming the variable', async () => {
    process.env.JIUM_FFMPEG = at('no-such-ffmpeg');
    resetFfmpegCache();
    const e = await fingerprintVideo(good).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VideoError);
    expect((e as VideoError).code).toBe('ffmpeg-missing');
    expect((e as VideoError).message).toContain('JIUM_FFMPEG');
  });
});
