/**
 * fingerprintVideo: vPDQ as ThreatExchange's reference hashes videos — every frame is decoded and
 * frame n is hashed when n is a multiple of floor(sampleEveryS × fps), stamped n / fps — with two
 * differences, both measured against the reference vectors (see the README and decision 0101):
 * frames are handed over as 8-bit grey (FFmpeg's Y plane, which PDQ's luma is), scaled so the
 * longer side is at most HASH_MAX_SIDE, which cuts the bytes piped 3x (grey) to ~25x (1080p);
 * and a frame within PRUNE_DISTANCE bits of the last kept one is pruned, as vPDQ describes.
 */
import type { MessagePort } from 'node:worker_threads';

import { hamming256 } from '../fingerprint/hash-bits';
import type { Box } from '../fingerprint/region';
import { runLimited } from './child';
import { CONTENT_BOX, contentBox } from './content-box';
import { resolveFfmpeg } from './ffmpeg-path';
import { frameHasher, type HashedFrame } from './frame-hasher';
import { mergeLimits } from './limits';
import { failureCode, probeVideo, stderrReason } from './probe';
import { VideoError } from './types';
import type { FingerprintVideoOptions, VideoFingerprint, VideoFrameHash } from './types';

/** Frames are hashed with their longer side scaled down to this (never up). */
export const HASH_MAX_SIDE = 512;

/** A sampled frame this close (bits) to the last kept frame adds nothing and is pruned. */
export const PRUNE_DISTANCE = 2;

/**
 * Frames read from FFmpeg and not yet hashed, at most: past this the pipe is paused (FFmpeg waits)
 * until the hashing thread has caught up by half (512 x 288 frames: ~2.4 MB).
 */
const MAX_FRAMES_IN_FLIGHT = 16;

/**
 * Videos of at most this many pixels a frame (SD: 640 x 480) are decoded on one FFmpeg thread
 * (decision 0160). At that size frame threading costs more CPU than it saves (a 30 s 640x360 pan:
 * 250 ms of CPU on one thread, 310 with FFmpeg's own choice, three threads on two cores), and the
 * core it would take is the one the frames are hashed on. Larger frames keep FFmpeg's choice: there
 * decoding is most of the work.
 */
export const ONE_DECODE_THREAD_MAX_PIXELS = 640 * 480;

/**
 * Frames FFmpeg may hold decoded and scaled, not yet written to the pipe, when the lean pipeline
 * is used (decision 0164): the fifo muxer writes them from a thread of its own, so that decoding
 * does not stop each time the pipe (~1.4 frames of 512 x 288) is full while Node is busy. As many
 * as Node holds in flight; at most 16 x 512 x 384 bytes (~3 MB) more in FFmpeg.
 */
export const FFMPEG_QUEUE_FRAMES = 16;

/** The lean pipeline's output: the fifo muxer blocks when its queue is full, no frame is dropped. */
const FIFO_OUTPUT = ['-f', 'fifo', '-fifo_format', 'rawvideo', '-c:v', 'rawvideo'].concat([
  '-queue_size',
  String(FFMPEG_QUEUE_FRAMES),
  '-drop_pkts_on_overflow',
  '0',
]);

/**
 * FFmpeg binaries found to lack the fifo muxer (a build with only what decoding needs): their small
 * videos go the plain way, learnt from the first refusal (decision 0164).
 */
const withoutFifo = new Set<string>();

/** Default seconds between sampled frames, as vPDQ: what candidates (crawled videos) use. */
export const DEFAULT_SAMPLE_EVERY_S = 1;

/**
 * Seconds between sampled frames for references (registered videos). A candidate sampled once a
 * second meets the reference at any phase; PDQ moves 30-50 bits for a 0.2 s offset in a slow pan,
 * 16-32 for 0.1 s (decision 0101), so the reference is sampled 5 times a second, which bounds the
 * offset at 0.1 s. vPDQ's own reference hashes take every frame.
 */
export const REFERENCE_SAMPLE_EVERY_S = 0.2;

/** The size frames are hashed at: the longer side at most `maxSide`, aspect kept, at least 1 px. */
export function hashSize(width: number, height: number, maxSide = HASH_MAX_SIDE) {
  const k = Math.min(1, maxSide / Math.max(width, height));
  return {
    w: Math.max(1, Math.round(width * k)),
    h: Math.max(1, Math.round(height * k)),
  };
}

/** Options for tests and benches beyond the pinned ones. */
export interface FingerprintInternals {
  /** Keep every sampled frame (the reference-vector test compares frame by frame). */
  noPrune?: boolean;
  /** Longer side frames are hashed at (default HASH_MAX_SIDE; 0 = the video's own size). */
  maxSide?: number;
  /** Whole frames only, no content box (as vPDQ). */
  wholeFrames?: boolean;
  /**
   * Frames are hashed in the process's hashing thread while this one reads FFmpeg
   * (frame-hasher.ts), where the built worker exists; false hashes them in this thread, as before
   * decision 0125 (benches compare the two).
   */
  hashThread?: boolean;
  /**
   * Skip PDQ: each frame gets an all-zero hash, hashed where the pipe is read (bench part 4: what
   * the Node side costs besides PDQ, decision 0127). Never for a real fingerprint.
   */
  skipPdq?: boolean;
  /**
   * FFmpeg's decoder threads: 0 leaves them to FFmpeg (as before decision 0160); by default one
   * for frames up to ONE_DECODE_THREAD_MAX_PIXELS, else FFmpeg's choice.
   */
  decodeThreads?: number;
  /**
   * The lean pipeline of decision 0164 (by default for frames up to ONE_DECODE_THREAD_MAX_PIXELS):
   * FFmpeg's filters on one thread (`-filter_threads 1`: the scaler's slice threads at 512 x 288
   * left FFmpeg's decoding thread waiting on them, and on the full pipe, 20-35 ms a 640x360 pan)
   * and frames written through the fifo muxer. False: as before it (FFmpeg's filter threads,
   * rawvideo written where it is decoded). The piped bytes are the same either way.
   */
  lean?: boolean;
  /** Probe every container with ffprobe, as before decision 0125 (mp4s are read in Node). */
  ffprobe?: boolean;
  /** A port to the hashing thread, moved here by off-thread.ts (a registration's video worker). */
  hashPort?: MessagePort;
  /**
   * Every sampled frame's grey pixels (width × height; copy them to keep them), before pruning:
   * the crop stage keeps a few for local features (video/crop-stage.ts, decision 0104).
   */
  onGreyFrame?: (grey: Uint8Array, width: number, height: number, timestampS: number) => void;
}

/**
 * Fingerprints a local video file. Throws VideoError with a specific code for files that are not
 * videos, truncated, over a cap, too slow to decode, or that FFmpeg fails on.
 */
export async function fingerprintVideo(
  file: string,
  options: FingerprintVideoOptions & FingerprintInternals = {},
): Promise<VideoFingerprint> {
  const limits = mergeLimits(options.limits);
  const sampleEveryS =
    options.sampleEveryS && options.sampleEveryS > 0
      ? options.sampleEveryS
      : DEFAULT_SAMPLE_EVERY_S;
  const started = Date.now();
  const probe = await probeVideo(file, limits, options.signal, { ffprobe: options.ffprobe });
  const side = options.maxSide === 0 ? Infinity : (options.maxSide ?? HASH_MAX_SIDE);
  const { w, h } = hashSize(probe.width, probe.height, side);
  const frameMod = Math.max(1, Math.floor(sampleEveryS * probe.fps));
  const sampled = probe.durationS > limits.maxDurationS;
  const readS = Math.min(probe.durationS || limits.maxDurationS, limits.maxDurationS);
  const { ffmpeg } = resolveFfmpeg();
  const small = probe.width * probe.height <= ONE_DECODE_THREAD_MAX_PIXELS;
  const threads = options.decodeThreads ?? (small ? 1 : 0);
  const lean = (options.lean ?? small) && !withoutFifo.has(ffmpeg);
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    '-protocol_whitelist',
    'file,pipe',
    '-f',
    probe.demuxer,
    '-t',
    String(limits.maxDurationS),
    // The pixel cap again, in the decoder: the header read before may not be the stream's truth.
    '-max_pixels',
    String(limits.maxPixels),
    ...(threads > 0 ? ['-threads', String(threads)] : []),
    ...(lean ? ['-filter_threads', '1'] : []),
    '-i',
    probe.input,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `select=not(mod(n\\,${frameMod})),scale=${w}:${h}:flags=area,format=gray`,
    '-fps_mode',
    'passthrough',
    ...(lean ? FIFO_OUTPUT : ['-f', 'rawvideo']),
    '-pix_fmt',
    'gray',
    'pipe:1',
  ];
  const child = runLimited(ffmpeg, args, {
    wallClockMs: Math.max(1, limits.wallClockMs - (Date.now() - started)),
    maxMemoryBytes: limits.maxMemoryBytes,
    signal: options.signal,
  });

  const frameBytes = w * h;
  const frames: VideoFrameHash[] = [];
  // Frames are plain Uint8Arrays each owning its memory: they move to the hashing thread and come
  // back with their hashes, into `free`, to be filled again (inline, the same one comes back).
  const free: Uint8Array[] = [];
  let pending: Uint8Array = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  let lastKept: Uint8Array | undefined;
  // The content box is decided once, from the first sampled frames (held until then).
  const early: Uint8Array[] = [];
  let box: Box | undefined;
  let decided = !!options.wholeFrames;
  // A hashing thread that fails stops FFmpeg (which may be waiting on a paused pipe).
  const hasher = frameHasher(w, h, {
    inline: options.hashThread === false,
    skipPdq: options.skipPdq,
    port: options.hashPort,
    onFail: () => child.kill(),
  });
  const keep = (timestampS: number, { pdq, quality, variants }: HashedFrame) => {
    // Pruning looks at the picture: in a screen recording the page would hide its changes.
    const picture = variants[0]?.region === 'box' ? variants[0].pdq : pdq;
    if (!options.noPrune && lastKept && hamming256(picture, lastKept) <= PRUNE_DISTANCE) return;
    lastKept = picture;
    frames.push({
      timestampS: Math.round(timestampS * 1000) / 1000,
      pdq,
      quality,
      ...(variants.length ? { variants } : {}),
    });
    options.onProgress?.(Math.min(timestampS, readS), readS);
  };
  const hashFrame = (pixels: Uint8Array) => {
    const timestampS = (index * frameMod) / probe.fps;
    index++;
    options.onGreyFrame?.(pixels, w, h, timestampS);
    hasher.hash(pixels, box, (r, back) => {
      if (back.length === frameBytes) free.push(back);
      keep(timestampS, r);
      if (child.stdout.isPaused() && hasher.pending < MAX_FRAMES_IN_FLIGHT / 2)
        child.stdout.resume();
    });
    // A hashing thread slower than FFmpeg must not let frames pile up in memory.
    if (hasher.pending >= MAX_FRAMES_IN_FLIGHT) child.stdout.pause();
  };
  const decide = () => {
    decided = true;
    box = contentBox(early, w, h);
    for (const p of early.splice(0)) hashFrame(p);
  };
  const onFrame = (pixels: Uint8Array) => {
    if (decided) return hashFrame(pixels);
    early.push(pixels);
    if (early.length >= CONTENT_BOX.frames) decide();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - at);
      chunk.copy(pending, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === frameBytes) {
        onFrame(pending);
        // A frame held (content box) or in the hashing thread needs another one to fill.
        pending = free.pop() ?? new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  });
  let end: Awaited<typeof child.done>;
  try {
    end = await child.done;
    if (!decided && !end.aborted && !end.timedOut) decide();
    if (!end.aborted && !end.timedOut && (end.code === 0 || hasher.pending > 0))
      await hasher.drain().catch((e: Error) => {
        throw new VideoError('decoder-failed', `hashing frames failed: ${e.message}`);
      });
  } finally {
    hasher.close();
  }
  // Cancelled while FFmpeg ran, or after it while the last frames were hashed.
  if (end.aborted || options.signal?.aborted) throw new VideoError('timeout', 'cancelled');
  if (end.timedOut) {
    throw new VideoError(
      'timeout',
      `decoding ran past the ${limits.wallClockMs} ms wall-clock limit`,
    );
  }
  if (end.code !== 0 && lean && index === 0 && /output format '[^']*' is not/.test(end.stderr)) {
    // This FFmpeg refused the fifo muxer before decoding anything ("… is not a suitable output
    // format" in 5.x, "… is not known" later): the plain way instead (rawvideo it must have).
    withoutFifo.add(ffmpeg);
    return fingerprintVideo(file, { ...options, lean: false });
  }
  if (end.code !== 0) {
    throw new VideoError(failureCode(end.stderr), `decoding failed: ${stderrReason(end.stderr)}`);
  }
  if (index === 0) throw new VideoError('no-frames', 'no frame could be decoded');
  const lastS = ((index - 1) * frameMod) / probe.fps;
  options.onProgress?.(readS, readS);
  return {
    durationS: probe.durationS || lastS,
    width: probe.width,
    height: probe.height,
    sampleEveryS,
    frames,
    sampled,
  };
}
