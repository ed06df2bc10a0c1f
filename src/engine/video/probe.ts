/**
 * Before any decode: the named path must be an existing regular file (never a URL, FIFO, device
 * or folder), within the byte cap, with the magic bytes of a video container; an ISO-BMFF file
 * (mp4, mov, 3gp) whose top-level boxes run past its end is truncated. Then the first video
 * stream's size, frame rate and duration, which the pixel and duration caps are checked against,
 * are read from an ISO-BMFF file's own `moov` box (iso-header.ts) or else by ffprobe, under the
 * same limits as decoding.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

import { runToEnd } from './child';
import { resolveFfmpeg } from './ffmpeg-path';
import { isoVideoInfo, type IsoVideoInfo } from './iso-header';
import { MAX_DECLARED_DURATION_S } from './limits';
import { sniffVideo } from '../core/sniff';
import { VideoError } from './types';
import type { SniffedVideo, VideoLimits } from './types';

/** What probing found out about a video file. */
export interface ProbedVideo {
  /** Absolute path, as FFmpeg is given it (with the file: protocol). */
  input: string;
  container: SniffedVideo;
  /** The demuxer FFmpeg is told to use, so that probing cannot pick a playlist or concat reader. */
  demuxer: string;
  /** Frame size as decoded (upright: a quarter-turn rotation tag swaps the stored sides). */
  width: number;
  height: number;
  /** Frames per second (average, else the stream's base rate). */
  fps: number;
  /** Declared duration in seconds (0 when the container does not say). */
  durationS: number;
}

const DEMUXER: Record<SniffedVideo, string> = {
  mp4: 'mov',
  mov: 'mov',
  '3gp': 'mov',
  webm: 'matroska',
  mkv: 'matroska',
  avi: 'avi',
};

/** Reads the first bytes and size of a path that must be a plain existing file. */
function readHead(file: string, maxBytes: number): { abs: string; head: Buffer; size: number } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
    throw new VideoError('not-a-video', 'a URL is not a local file: only local files are decoded');
  }
  const abs = path.resolve(file);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    throw new VideoError(
      'not-a-video',
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  if (!st.isFile())
    throw new VideoError('not-a-video', 'not a regular file (a folder, FIFO, device or socket)');
  if (st.size === 0) throw new VideoError('not-a-video', 'the file is empty');
  if (st.size > maxBytes) {
    throw new VideoError('too-large', `${st.size} bytes is over the ${maxBytes}-byte limit`);
  }
  const fd = openSync(abs, 'r');
  try {
    const head = Buffer.alloc(Math.min(64, st.size));
    readSync(fd, head, 0, head.length, 0);
    return { abs, head, size: st.size };
  } finally {
    closeSync(fd);
  }
}

function readAt(abs: string, at: number, len: number): Buffer {
  const fd = openSync(abs, 'r');
  try {
    const b = Buffer.alloc(len);
    const n = readSync(fd, b, 0, len, at);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the top-level boxes of an ISO-BMFF file claim more bytes than the file has: an
 * interrupted download. Reads 16 bytes per box, at most 4096 boxes.
 */
function isoTruncated(abs: string, size: number): boolean {
  let at = 0;
  for (let n = 0; n < 4096 && at < size; n++) {
    if (size - at < 8) return true;
    const h = readAt(abs, at, 16);
    let len = h.readUInt32BE(0);
    if (len === 1) {
      if (h.length < 16) return true;
      len = Number(h.readBigUInt64BE(8));
    } else if (len === 0) {
      return false; // the box runs to the end of the file
    }
    if (len < 8) return false; // malformed, not truncated: the demuxer reports it
    at += len;
  }
  return at > size;
}

/** An EBML variable-length integer at `at`: its value and length (value -1 when "unknown"). */
function vint(b: Buffer, at: number, keepMarker: boolean): { value: number; len: number } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const len = Math.clz32(first) - 23;
  if (at + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = value === 0xff >> len;
  for (let i = 1; i < len; i++) {
    value = value * 256 + b[at + i]!;
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { value: !keepMarker && allOnes ? -1 : value, len };
}

/** Whether a Matroska file's Segment declares more bytes than the file has. */
function mkvTruncated(abs: string, size: number): boolean {
  const b = readAt(abs, 0, 4096);
  const headerId = vint(b, 0, true);
  const headerSize = headerId && vint(b, headerId.len, false);
  if (!headerId || !headerSize || headerSize.value < 0) return false;
  const segAt = headerId.len + headerSize.len + headerSize.value;
  const segId = vint(b, segAt, true);
  if (!segId || segId.value !== 0x18538067) return false;
  const segSize = vint(b, segAt + segId.len, false);
  if (!segSize || segSize.value < 0) return false; // unknown size (a live or piped recording)
  return segAt + segId.len + segSize.len + segSize.value > size;
}

/** Whether the container's own sizes say the file ends early (an interrupted download). */
function containerTruncated(abs: string, size: number, container: SniffedVideo): boolean {
  switch (container) {
    case 'mp4':
    case 'mov':
    case '3gp':
      return isoTruncated(abs, size);
    case 'mkv':
    case 'webm':
      return mkvTruncated(abs, size);
    case 'avi':
      return readAt(abs, 4, 4).readUInt32LE(0) + 8 > size;
  }
}

interface FfprobeJson {
  streams?: {
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    duration?: string;
    tags?: { rotate?: string };
    side_data_list?: { rotation?: number }[];
  }[];
  format?: { duration?: string };
}

function rate(s: string | undefined): number {
  const [n, d] = (s ?? '').split('/').map(Number);
  if (!n || !Number.isFinite(n)) return 0;
  const v = d ? n / d : n;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/** Maps FFmpeg's stderr on a failed open or decode to a code. */
export function failureCode(stderr: string): 'truncated' | 'decoder-failed' {
  return /partial file|moov atom not found/i.test(stderr) ? 'truncated' : 'decoder-failed';
}

/** First line of FFmpeg's stderr worth showing (never a path: FFmpeg prefixes lines with it). */
export function stderrReason(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (line ?? 'no message').replace(/^file:[^:]*:\s*/, '').slice(0, 200);
}

/** The first video stream's sides as stored, whether it is turned a quarter, rate and duration. */
type StreamFacts = IsoVideoInfo;

/**
 * Checks a file and probes its first video stream; throws a VideoError with a specific code. An
 * mp4, mov or 3gp file is read from its own header where it can be (iso-header.ts, decision 0125);
 * other containers, and `ffprobe: true`, ask ffprobe.
 */
export async function probeVideo(
  file: string,
  limits: VideoLimits,
  signal?: AbortSignal,
  options: { ffprobe?: boolean } = {},
): Promise<ProbedVideo> {
  const { abs, head, size } = readHead(file, limits.maxBytes);
  const container = sniffVideo(head);
  if (!container) throw new VideoError('not-a-video', 'the bytes are not a video container');
  if (containerTruncated(abs, size, container)) {
    throw new VideoError('truncated', 'the file ends before the size its container declares');
  }
  const input = `file:${abs}`;
  const demuxer = DEMUXER[container];
  const iso = !options.ffprobe && demuxer === 'mov' ? isoVideoInfo(abs, size) : undefined;
  const s = iso ?? (await ffprobeStream(input, demuxer, limits, signal));
  const width = s.quarter ? s.height : s.width;
  const height = s.quarter ? s.width : s.height;
  if (!(width > 0 && height > 0))
    throw new VideoError('no-frames', 'the video stream has no frame size');
  if (width * height > limits.maxPixels) {
    throw new VideoError(
      'too-many-pixels',
      `${width}x${height} is over the ${limits.maxPixels}-pixel limit`,
    );
  }
  if (s.durationS > MAX_DECLARED_DURATION_S) {
    throw new VideoError(
      'too-long',
      `a declared duration of ${Math.round(s.durationS)} s cannot be real`,
    );
  }
  return { input, container, demuxer, width, height, fps: s.fps, durationS: s.durationS };
}

/** ffprobe's view of the first video stream, under the decoding limits. */
async function ffprobeStream(
  input: string,
  demuxer: string,
  limits: VideoLimits,
  signal: AbortSignal | undefined,
): Promise<StreamFacts> {
  const { ffprobe } = resolveFfmpeg();
  const { out, end } = await runToEnd(
    ffprobe,
    [
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-f',
      demuxer,
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,avg_frame_rate,r_frame_rate,duration:stream_tags=rotate:stream_side_data=rotation:format=duration',
      '-of',
      'json',
      input,
    ],
    { ...limits, wallClockMs: Math.min(limits.wallClockMs, 60_000), signal, maxOut: 1 << 20 },
  );
  if (end.aborted) throw new VideoError('timeout', 'cancelled');
  if (end.timedOut) throw new VideoError('timeout', 'probing ran past the wall-clock limit');
  if (end.code !== 0) {
    throw new VideoError(failureCode(end.stderr), `probe failed: ${stderrReason(end.stderr)}`);
  }
  let json: FfprobeJson;
  try {
    json = JSON.parse(out.toString('utf8')) as FfprobeJson;
  } catch {
    throw new VideoError('decoder-failed', 'probe output was not JSON');
  }
  const s = json.streams?.[0];
  if (!s) throw new VideoError('no-frames', 'the container holds no video stream');
  // FFmpeg turns frames upright (autorotate): a quarter turn swaps the decoded frame's sides.
  const rotation = Number(
    s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? s.tags?.rotate ?? 0,
  );
  return {
    width: s.width ?? 0,
    height: s.height ?? 0,
    quarter: Math.abs(Math.round(rotation / 90)) % 2 === 1,
    fps: rate(s.avg_frame_rate) || rate(s.r_frame_rate) || 25,
    durationS: Math.max(Number(json.format?.duration) || 0, Number(s.duration) || 0),
  };
}
