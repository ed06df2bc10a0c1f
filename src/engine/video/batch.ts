/**
 * Video files named on the command line (`jium fingerprint`, `jium match`): which inputs are
 * videos (by extension; folders are searched for them), their SHA-256, and a sequential batch —
 * FFmpeg already keeps every core busy on one video. The image batch (fingerprint/batch.ts) takes
 * the rest.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import {
  DEFAULT_SAMPLE_EVERY_S,
  fingerprintVideo,
  REFERENCE_SAMPLE_EVERY_S,
} from './fingerprint-video';
import { VIDEO_EXTENSIONS, VideoError } from './types';
import type { VideoFingerprint, VideoLimits } from './types';

/** Whether a file name has a video extension. */
export function isVideoPath(file: string): boolean {
  return VIDEO_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/**
 * Splits inputs into video files (named ones with a video extension, and those found in folders)
 * and the inputs left for the image batch (every other file, and the folders themselves).
 */
export async function splitVideoInputs(
  inputs: string[],
  cwd: string,
): Promise<{ videos: string[]; rest: string[] }> {
  const videos: string[] = [];
  const rest: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let isDir = false;
    try {
      isDir = (await stat(full)).isDirectory();
    } catch {
      // A missing path is reported by whichever batch gets it.
    }
    if (!isDir) {
      (isVideoPath(input) ? videos : rest).push(input);
      continue;
    }
    rest.push(input);
    const entries = await readdir(full, { recursive: true, withFileTypes: true });
    videos.push(
      ...entries
        .filter((e) => e.isFile() && isVideoPath(e.name))
        .map((e) => path.join(path.relative(cwd, e.parentPath) || '.', e.name))
        .sort(),
    );
  }
  return { videos, rest };
}

/** SHA-256 of a file, streamed. */
async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** One video file's outcome. */
export type VideoBatchResult =
  | { path: string; ok: true; sha256: string; fingerprint: VideoFingerprint }
  | { path: string; ok: false; error: VideoError };

/**
 * Fingerprints video files one after another, sampled as references (5 frames a second) or as
 * candidates (1 a second), calling `onResult` for each with the number done so far.
 */
export async function fingerprintVideoBatch(
  files: string[],
  cwd: string,
  options: { role: 'reference' | 'candidate'; limits?: Partial<VideoLimits> },
  onResult: (r: VideoBatchResult, done: number) => void,
): Promise<void> {
  const sampleEveryS =
    options.role === 'reference' ? REFERENCE_SAMPLE_EVERY_S : DEFAULT_SAMPLE_EVERY_S;
  let done = 0;
  for (const file of files) {
    const full = path.resolve(cwd, file);
    let result: VideoBatchResult;
    try {
      const fingerprint = await fingerprintVideo(full, { sampleEveryS, limits: options.limits });
      result = { path: file, ok: true, sha256: await sha256File(full), fingerprint };
    } catch (e) {
      const error =
        e instanceof VideoError
          ? e
          : new VideoError('decoder-failed', e instanceof Error ? e.message : String(e));
      result = { path: file, ok: false, error };
    }
    onResult(result, ++done);
  }
}
