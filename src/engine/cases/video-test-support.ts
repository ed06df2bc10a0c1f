/**
 * Test helpers for reference videos: a small benign video panning over one of the benign
 * photographs of the PDQ vectors (src/test-support/videos.ts makes it with FFmpeg), a large noise
 * video, and a caller's whole begin → chunk… → add sequence through the engine's contract.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIDEO_CHUNK_BYTES, type AddVideoResult } from '../../shared/cases-types';
import { photoSlideshow } from '../../test-support/videos';
import { vectorsDir } from '../fingerprint/test-support';
import type { TestEngine } from './test-support';

/** Benign photographs (LabelMe street scenes) from the PDQ test vectors. */
export const PHOTOS = ['q0291.jpg', 'q0746.jpg', 'q1050.jpg'].map((n) =>
  join(vectorsDir, 'pdq/data/reg-test-input/labelme-subset', n),
);

/**
 * A `seconds`-long 320×240 video panning across a photograph at 10 fps (H.264 mp4 or VP9 webm),
 * made and cached by the shared test videos (src/test-support/videos.ts).
 */
export function panVideo(
  photo: string,
  seconds = 6,
  format: 'mp4' | 'webm' = 'mp4',
): Promise<string> {
  return photoSlideshow([{ image: photo, seconds, motion: 'pan-right' }], {
    width: 320,
    height: 240,
    fps: 10,
    format,
  });
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
