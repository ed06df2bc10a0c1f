/**
 * Test helpers for reference videos: a small benign video made with Debian's FFmpeg from one of
 * the benign photographs of the PDQ vectors (a slow pan, no sound), and a caller's whole
 * begin → chunk… → add sequence through the engine's contract.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIDEO_CHUNK_BYTES, type AddVideoResult } from '../../shared/cases-types';
import { vectorsDir } from '../fingerprint/test-support';
import type { TestEngine } from './test-support';

/** Benign photographs (LabelMe street scenes) from the PDQ test vectors. */
export const PHOTOS = ['q0291.jpg', 'q0746.jpg', 'q1050.jpg'].map((n) =>
  join(vectorsDir, 'pdq/data/reg-test-input/labelme-subset', n),
);

/**
 * A `seconds`-long 320×240 video panning across a photograph at 10 fps, in `dir`. `format`
 * picks the container (and codec: H.264 for mp4/mov/mkv, VP9 for webm).
 */
export function panVideo(
  dir: string,
  name: string,
  photo: string,
  seconds = 6,
  format: 'mp4' | 'webm' | 'mov' | 'mkv' = 'mp4',
): string {
  const out = join(dir, `${name}.${format}`);
  const codec =
    format === 'webm'
      ? ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '40', '-deadline', 'realtime']
      : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-pix_fmt', 'yuv420p'];
  execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-loop',
      '1',
      '-i',
      photo,
      '-vf',
      `scale=480:240:force_original_aspect_ratio=increase,crop=320:240:x='(iw-320)*t/${seconds}':y=0,fps=10`,
      '-t',
      String(seconds),
      '-an',
      ...codec,
      out,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return out;
}

/**
 * A `seconds`-long video of random grey noise, losslessly encoded, so it is large (about 1.8 MB a
 * second at 320×240, 15 fps): for paths that split a file into parts.
 */
export function noiseVideo(dir: string, name: string, seconds = 3): string {
  const out = join(dir, `${name}.mp4`);
  execFileSync(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      "nullsrc=s=320x240:r=15,geq=lum='random(1)*255':cb=128:cr=128",
      '-t',
      String(seconds),
      '-an',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv420p',
      out,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  return out;
}

/** Sends a file's bytes to `videos.begin`/`videos.chunk` and calls `videos.add`. */
export async function addVideoBytes(
  t: TestEngine,
  caller: string,
  caseId: number,
  fileName: string,
  bytes: Buffer,
): Promise<AddVideoResult> {
  const begun = await t.ok(caller, 'videos.begin', {
    caseId,
    fileName,
    byteSize: bytes.length,
    head: bytes.subarray(0, 64).toString('base64'),
  });
  if (begun.status === 'rejected') return begun;
  for (let at = 0; at < bytes.length; at += VIDEO_CHUNK_BYTES) {
    await t.ok(caller, 'videos.chunk', {
      uploadId: begun.uploadId,
      offset: at,
      data: bytes.subarray(at, at + VIDEO_CHUNK_BYTES).toString('base64'),
    });
  }
  return t.ok(caller, 'videos.add', { uploadId: begun.uploadId });
}

/** As addVideoBytes, from a file. */
export function addVideoFile(
  t: TestEngine,
  caller: string,
  caseId: number,
  path: string,
  fileName = path.split('/').pop()!,
): Promise<AddVideoResult> {
  return addVideoBytes(t, caller, caseId, fileName, readFileSync(path));
}
