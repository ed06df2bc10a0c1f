import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { keyframes } from '../../engine/video';
import { derive, panVideo } from '../../engine/video/test-videos';
import type { CliIO } from '../cli-types';
import { command as fingerprintCommand } from './fingerprint';
import { command as matchCommand } from './match';

let dir: string;

async function run(cmd: typeof fingerprintCommand, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const io: CliIO = { stdout, stderr, stderrIsTTY: false, env: {}, cwd: dir };
  const code = await cmd.run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jium-video-cli-'));
  mkdirSync(path.join(dir, 'refs'));
  mkdirSync(path.join(dir, 'found'));
  const ref = await panVideo(path.join(dir, 'refs'), 'ref', [910_001, 910_002], 4, '320x180');
  derive(path.join(dir, 'found'), ref, 'a-clip', ['-ss', '2.5', '-t', '4', '-vf', 'scale=256:144']);
  await panVideo(path.join(dir, 'found'), 'b-other', [600, 601], 4, '320x180');
  writeFileSync(path.join(dir, 'found/c-page.mp4'), '<!doctype html><title>404</title>');
  const [still] = await keyframes(ref, [5.5], { maxSide: 320 });
  writeFileSync(path.join(dir, 'found/d-still.jpg'), still!);
  writeFileSync(path.join(dir, 'found/e-mirrored.jpg'), await sharp(still!).flop().toBuffer());
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jium fingerprint on videos', () => {
  it('prints sha256 then one vpdq/<seconds>/<quality> line per sampled frame; bad files on stderr', async () => {
    const r = await run(fingerprintCommand, ['--candidate', 'found']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^found\/c-page\.mp4\tnot-a-video\t/m);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    const clip = rows.filter((l) => l[0] === 'found/a-clip.mp4');
    expect(clip[0]![1]).toBe('sha256');
    expect(clip[0]![2]).toMatch(/^[0-9a-f]{64}$/);
    const frames = clip.slice(1);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames.length).toBeLessThanOrEqual(4);
    expect(frames[0]![1]).toMatch(/^vpdq\/0\.000\/\d+$/);
    expect(frames[1]![1]).toMatch(/^vpdq\/1\.000\/\d+$/);
    for (const f of frames) expect(f[2]).toMatch(/^[0-9a-f]{64}$/);
    // The image in the folder is still printed, before the videos.
    expect(rows[0]![0]).toBe('found/d-still.jpg');
  });

  it('--json gives one object per video with its frames', async () => {
    const r = await run(fingerprintCommand, ['--json', 'refs/ref.mp4']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as {
      kind: string;
      frames: unknown[];
      sampleEveryS: number;
      width: number;
    };
    expect(o.kind).toBe('video');
    expect(o.sampleEveryS).toBe(0.2);
    expect(o.width).toBe(320);
    expect(o.frames.length).toBeGreaterThan(20);
  });
});

describe('jium match on videos', () => {
  it('finds the clip (share in the distance column), not the unrelated video, and the still as a frame', async () => {
    const r = await run(matchCommand, ['--refs', 'refs', 'found']);
    expect(r.code).toBe(1); // the HTML page named .mp4
    const rows = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t'))
        .map((l) => [l[0]!, l.slice(1)]),
    );
    expect(rows['found/a-clip.mp4']?.slice(0, 2)).toEqual(['refs/ref.mp4', 'match']);
    expect(Number(rows['found/a-clip.mp4']![2])).toBeGreaterThanOrEqual(75);
    expect(rows['found/a-clip.mp4']![3]).toBe('vpdq');
    expect(rows['found/a-clip.mp4']![4]).toBe('identity');
    expect(rows['found/b-other.mp4']).toEqual(['-', 'no-match', '0', 'vpdq', '-']);
    expect(rows['found/c-page.mp4']).toEqual(['-', 'error', '-', 'not-a-video', '-']);
    expect(rows['found/d-still.jpg']?.slice(0, 2)).toEqual(['refs/ref.mp4', 'match']);
    expect(rows['found/d-still.jpg']![3]).toMatch(/^vpdq-frame@5\.[0-9]{3}$|^vpdq-frame@6\.000$/);
    expect(rows['found/d-still.jpg']![4]).toBe('identity');
    // The same still mirrored is the same frame, and the line says it was mirrored.
    expect(rows['found/e-mirrored.jpg']?.slice(0, 2)).toEqual(['refs/ref.mp4', 'match']);
    expect(rows['found/e-mirrored.jpg']![4]).toBe('flip-horizontal');
  });

  it('--json carries the segments: which seconds of the clip are which seconds of the reference', async () => {
    const r = await run(matchCommand, ['--refs', 'refs', '--json', 'found/a-clip.mp4']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as {
      verdict: string;
      segments: { queryStartS: number; refStartS: number; refEndS: number }[];
    };
    expect(o.verdict).toBe('match');
    expect(o.segments).toHaveLength(1);
    expect(o.segments[0]!.queryStartS).toBe(0);
    expect(o.segments[0]!.refStartS).toBeGreaterThanOrEqual(2.2);
    expect(o.segments[0]!.refStartS).toBeLessThanOrEqual(2.8);
    expect(o.segments[0]!.refEndS).toBeGreaterThanOrEqual(6);
  });
});
