/**
 * A registration's review strip (five keyframes) is made by one FFmpeg run, not one per time
 * (decision 0162: each run cost 110-300 ms of CPU to start and open the video), and gives the
 * same JPEG bytes as a run per time did: the command FFmpeg ran before, below, is the reference.
 * Counted with a wrapper that logs each start and runs the real FFmpeg.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resetFfmpegCache } from './ffmpeg-path';
import { keyframes } from './keyframes';
import { panVideo } from './test-videos';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-keyframes-'));
const log = path.join(dir, 'runs.log');
let video: string;
let portrait: string;

beforeAll(async () => {
  video = await panVideo(dir, 'pan', [910_001, 910_002, 910_003], 3, '480x270');
  portrait = await panVideo(dir, 'tall', [910_004, 910_005], 2, '180x320');
  const wrapper = path.join(dir, 'ffmpeg-counting');
  const real = execFileSync('sh', ['-c', 'command -v ffmpeg']).toString().trim();
  writeFileSync(wrapper, `#!/bin/sh\necho run >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  process.env.JIUM_FFMPEG = wrapper;
  process.env.JIUM_FFPROBE = execFileSync('sh', ['-c', 'command -v ffprobe']).toString().trim();
  resetFfmpegCache();
}, 60_000);

afterAll(() => {
  delete process.env.JIUM_FFMPEG;
  delete process.env.JIUM_FFPROBE;
  resetFfmpegCache();
  rmSync(dir, { recursive: true, force: true });
});

/** FFmpeg starts since the last call. */
function runs(): number {
  const n = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  rmSync(log, { force: true });
  return n;
}

/** One frame the way keyframes made it before (one run per time, input-side seek). */
function onePerRun(file: string, t: number, w: number, h: number): Buffer {
  return execFileSync('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-v', 'error', '-protocol_whitelist', 'file,pipe'],
    ...['-ss', t.toFixed(3), '-f', 'mov', '-i', `file:${file}`, '-map', '0:v:0', '-an', '-sn'],
    ...['-dn', '-frames:v', '1', '-vf', `scale=${w}:${h}:flags=area`, '-f', 'image2pipe'],
    ...['-c:v', 'mjpeg', '-q:v', '4', 'pipe:1'],
  ]);
}

describe('keyframes', () => {
  it('makes a strip of five in one FFmpeg run, each JPEG the bytes one run per time gave', async () => {
    runs();
    const times = [0.9, 2.7, 4.5, 6.3, 7.2];
    const jpegs = await keyframes(video, times, { maxSide: 320 });
    expect(runs()).toBe(1);
    expect(jpegs).toHaveLength(5);
    times.forEach((t, i) => expect(jpegs[i]!.equals(onePerRun(video, t, 320, 180))).toBe(true));
  });

  it('keeps order and repeats, clamps times past the end and scales a portrait video', async () => {
    runs();
    const jpegs = await keyframes(portrait, [3, 0, 3, 100, Number.NaN], { maxSide: 160 });
    expect(runs()).toBe(1);
    const expected = [3, 0, 3, 3, 0].map((t) => onePerRun(portrait, t, 90, 160));
    jpegs.forEach((j, i) => expect(j.equals(expected[i]!)).toBe(true));
  });

  it('asks nothing of FFmpeg for no times', async () => {
    runs();
    expect(await keyframes(video, [], { maxSide: 320 })).toEqual([]);
  });
});
