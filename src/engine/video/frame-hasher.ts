/**
 * Who hashes a video's sampled frames: the thread that reads FFmpeg's pipe (the default), or a
 * thread of their own (decision 0121). The idea of the second: hashed where the pipe is read, a
 * frame's PDQ holds up the reading and FFmpeg may wait on its full pipe, so decoding and hashing
 * could take turns instead of sharing the cores; in a hashing thread the reader only copies bytes.
 * Measured on a loaded machine it was slower on every row (a fresh thread per video costs ~0.3 s
 * of CPU before its PDQ code is warm), so it is an option until a quiet run says otherwise.
 * Results come back in the order frames were sent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { pdqFromLuma } from '../fingerprint/pdq';
import type { Box } from '../fingerprint/region';
import { frameVariants } from './frame-variants';
import type { FrameVariant } from './types';

/** One frame's hashes: the whole frame's PDQ and quality, and its variants (content box). */
export interface HashedFrame {
  pdq: Uint8Array;
  quality: number;
  variants: FrameVariant[];
}

/** The luminance of the frame being hashed, reused from frame to frame (hashing is synchronous). */
let scratch = new Float32Array(0);

/** Hashes a grey `w` x `h` frame and, with a box, the picture inside it. */
export function hashGreyFrame(
  pixels: Uint8Array,
  w: number,
  h: number,
  box: Box | undefined,
): HashedFrame {
  // As lumaFromPixels(pixels, w, h, 1), without a new 4-bytes-a-pixel array per frame.
  if (scratch.length !== w * h) scratch = new Float32Array(w * h);
  const luma = scratch;
  luma.set(pixels.subarray(0, w * h));
  const { hash, quality } = pdqFromLuma(luma, h, w);
  return { pdq: hash, quality, variants: frameVariants(luma, w, box) };
}

/** Where the built video worker lives: beside the bundle that imports this module. */
export function videoWorkerPath(): string {
  return (
    process.env['JIUM_VIDEO_WORKER'] ?? fileURLToPath(new URL('./video-worker.js', import.meta.url))
  );
}

/** Whether the built video worker exists here (unit tests on the sources run without it). */
export function videoWorkerAvailable(): boolean {
  return existsSync(videoWorkerPath());
}

/** What the video worker is started with to hash frames. */
export interface HashWorkerData {
  mode: 'hash-frames';
  w: number;
  h: number;
}

/** A frame sent to the hashing thread (its pixels move there). */
export interface HashRequest {
  pixels: Uint8Array;
  box: Box | undefined;
}

/** Hashes frames in order; `done` is called in the order `hash` was. */
export interface FrameHasher {
  /** Frames are hashed before `hash` returns (the caller may reuse their memory). */
  readonly inline: boolean;
  hash(pixels: Uint8Array, box: Box | undefined, done: (r: HashedFrame) => void): void;
  /** Frames sent and not yet hashed. */
  readonly pending: number;
  /** Resolves when every frame sent is hashed (or the hasher failed: rejects). */
  drain(): Promise<void>;
  close(): void;
}

/** Hashes in the calling thread, at once. */
function inlineHasher(w: number, h: number): FrameHasher {
  return {
    inline: true,
    hash: (pixels, box, done) => done(hashGreyFrame(pixels, w, h, box)),
    pending: 0,
    drain: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** Hashes in a worker thread of its own; `onFail` is told once if the thread fails. */
function threadHasher(w: number, h: number, onFail: (e: Error) => void): FrameHasher {
  const data: HashWorkerData = { mode: 'hash-frames', w, h };
  const worker = new Worker(videoWorkerPath(), { workerData: data });
  const waiting: ((r: HashedFrame) => void)[] = [];
  let failed: Error | undefined;
  let drained: (() => void) | undefined;
  let drainFailed: ((e: Error) => void) | undefined;
  const fail = (e: Error) => {
    if (failed) return;
    failed = e;
    drainFailed?.(e);
    onFail(e);
  };
  worker.on('message', (r: HashedFrame) => {
    waiting.shift()?.(r);
    if (waiting.length === 0) drained?.();
  });
  worker.on('error', fail);
  worker.on('exit', () => {
    if (waiting.length) fail(new Error('the frame hashing thread stopped'));
  });
  return {
    inline: false,
    hash(pixels, box, done) {
      waiting.push(done);
      worker.postMessage({ pixels, box } satisfies HashRequest, [pixels.buffer as ArrayBuffer]);
    },
    get pending() {
      return waiting.length;
    },
    drain() {
      if (failed) return Promise.reject(failed);
      if (waiting.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        drained = resolve;
        drainFailed = reject;
      });
    },
    close() {
      void worker.terminate();
    },
  };
}

/**
 * A hasher for `w` x `h` frames: a thread of its own where the built worker exists and `inline`
 * is not asked for, else the calling thread (`onFail`: the thread failed; the caller stops
 * reading, and drain rejects). Frames given to a thread hasher move there: each must
 * own its ArrayBuffer.
 */
export function frameHasher(
  w: number,
  h: number,
  options: { inline?: boolean; onFail: (e: Error) => void },
): FrameHasher {
  return !options.inline && videoWorkerAvailable()
    ? threadHasher(w, h, options.onFail)
    : inlineHasher(w, h);
}
