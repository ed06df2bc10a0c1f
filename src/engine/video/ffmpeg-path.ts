/**
 * Which FFmpeg binaries Jium runs (decision 0100): $JIUM_FFMPEG (and $JIUM_FFPROBE, else the
 * ffprobe beside it), then the binary an installed `@ffmpeg-installer/ffmpeg` package carries (with
 * `@ffprobe-installer/ffprobe`), then `ffmpeg`/`ffprobe` on PATH. Nothing is downloaded.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { VideoError } from './types';

/** The two binaries one decode needs. */
export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** The path an installer package exports, when that package is installed. */
function packaged(pkg: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const mod = require(pkg) as { path?: string };
    return mod.path && existsSync(mod.path) ? mod.path : undefined;
  } catch {
    return undefined;
  }
}

function sibling(ffmpeg: string): string | undefined {
  const name = path.basename(ffmpeg).replace(/ffmpeg/i, 'ffprobe');
  const file = path.join(path.dirname(ffmpeg), name);
  return name !== path.basename(ffmpeg) && executable(file) ? file : undefined;
}

let cached: FfmpegBinaries | undefined;

/**
 * Resolves ffmpeg and ffprobe once per process; throws VideoError('ffmpeg-missing') saying where
 * it looked when either cannot be found.
 */
export function resolveFfmpeg(): FfmpegBinaries {
  if (cached) return cached;
  const env = process.env.JIUM_FFMPEG;
  let ffmpeg: string | undefined;
  let ffprobe: string | undefined;
  if (env) {
    if (!executable(env)) {
      throw new VideoError('ffmpeg-missing', `JIUM_FFMPEG is not an executable file: ${env}`);
    }
    ffmpeg = env;
    ffprobe = process.env.JIUM_FFPROBE || sibling(env) || onPath('ffprobe');
  } else {
    ffmpeg = packaged('@ffmpeg-installer/ffmpeg') ?? onPath('ffmpeg');
    ffprobe =
      process.env.JIUM_FFPROBE ||
      packaged('@ffprobe-installer/ffprobe') ||
      (ffmpeg && sibling(ffmpeg)) ||
      onPath('ffprobe');
  }
  if (!ffmpeg || !ffprobe) {
    throw new VideoError(
      'ffmpeg-missing',
      `${ffmpeg ? 'ffprobe' : 'ffmpeg'} not found: set JIUM_FFMPEG (and JIUM_FFPROBE), install ` +
        '@ffmpeg-installer/ffmpeg, or put ffmpeg and ffprobe on PATH (Debian: apt-get install ffmpeg)',
    );
  }
  cached = { ffmpeg, ffprobe };
  return cached;
}

/** Forgets the resolved binaries (tests that change the environment call this). */
export function resetFfmpegCache(): void {
  cached = undefined;
}
