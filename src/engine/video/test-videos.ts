/**
 * Benign test videos made at test time with FFmpeg from the demo's generated photographs
 * (e2e/fixture-site/images.ts): slow pans over a few pictures, then the copies a re-uploader makes
 * (clip, re-encode, mirror, speed change, compilation). Used by video.test.ts and the video benches.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { pictureJpeg } from '../../../e2e/fixture-site/images';

/** Runs FFmpeg quietly; throws with its stderr on failure. */
export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-nostdin', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/**
 * A video of `seeds.length` pictures, each panned slowly for `eachS` seconds (the frame moves
 * across a 1.25x enlargement of the picture), at `size` (WxH) and 30 fps, H.264 in mp4.
 */
export async function panVideo(
  dir: string,
  name: string,
  seeds: number[],
  eachS = 4,
  size = '640x360',
): Promise<string> {
  const [w, h] = size.split('x').map(Number) as [number, number];
  const inputs: string[] = [];
  const chains: string[] = [];
  // The pictures go to a folder of their own, so `dir` holds only the video.
  const pics = mkdtempSync(path.join(tmpdir(), 'jium-pan-'));
  for (let i = 0; i < seeds.length; i++) {
    const img = path.join(pics, `${i}.jpg`);
    writeFileSync(img, await pictureJpeg(seeds[i]!, 960, 720, 92));
    inputs.push('-loop', '1', '-framerate', '30', '-t', String(eachS), '-i', img);
    // A slow pan: the frame moves a quarter of its width across the picture in `eachS` seconds.
    const big = `${Math.round(w * 1.25)}:${Math.round(h * 1.25)}`;
    const dx = ((w * 0.25) / eachS).toFixed(2);
    const dy = ((h * 0.25) / eachS).toFixed(2);
    chains.push(`[${i}:v]scale=${big},crop=${w}:${h}:x='t*${dx}':y='t*${dy}',setsar=1[v${i}]`);
  }
  const concat =
    seeds.map((_, i) => `[v${i}]`).join('') +
    `concat=n=${seeds.length}:v=1:a=0,format=yuv420p[out]`;
  const file = path.join(dir, `${name}.mp4`);
  try {
    const out = [
      '-map',
      '[out]',
      '-r',
      '30',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '20',
    ];
    ffmpeg([...inputs, '-filter_complex', [...chains, concat].join(';'), ...out, file]);
  } finally {
    rmSync(pics, { recursive: true, force: true });
  }
  return file;
}

/** Re-encodes `src` with extra FFmpeg options (a clip, a filter, a codec) into `dir/name.ext`. */
export function derive(
  dir: string,
  src: string,
  name: string,
  opts: string[],
  ext = 'mp4',
): string {
  const file = path.join(dir, `${name}.${ext}`);
  ffmpeg(['-i', src, ...opts, file]);
  return file;
}

/** Joins videos of the same size end to end (a compilation). */
export function concatVideos(dir: string, name: string, parts: string[]): string {
  const file = path.join(dir, `${name}.mp4`);
  const inputs = parts.flatMap((p) => ['-i', p]);
  const filter = parts.map((_, i) => `[${i}:v]`).join('') + `concat=n=${parts.length}:v=1:a=0[out]`;
  ffmpeg([
    ...inputs,
    '-filter_complex',
    filter,
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    file,
  ]);
  return file;
}
