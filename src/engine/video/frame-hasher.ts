/**
 * Who hashes a video's sampled frames: one long-lived hashing thread per process (the default
 * where the built worker exists, decision 0125), or the thread that reads FFmpeg's pipe (unit
 * tests on the sources, or `inline`). Hashed where the pipe is read, each frame's PDQ (~1.5-2.5 ms
 * at 512 x 288) held up the reading, FFmpeg waited on its full pipe, and decoding and hashing
 * took turns; in a thread of their own the reader only copies bytes while FFmpeg decodes on. The
 * thread is started once and kept warm (a thread started per video cost ~0.3 s of CPU before its
 * PDQ code was compiled, decision 0121), is shared by every fingerprint of the process, also
 * those running in a registration's video worker (they reach it through a MessagePort), and ends
 * after a minute with no fingerprint connected. Results come back in the order frames were sent,
 * with each frame's pixels, which the reader reuses.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

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

/** What the video worker is started with to be the hashing thread. */
export interface HashWorkerData {
  mode: 'hash-frames';
}

/** A frame sent to the hashing thread (its pixels move there, and back with the result). */
export interface HashRequest {
  pixels: Uint8Array;
  w: number;
  h: number;
  box: Box | undefined;
}

/** The hashing thread's answer to one HashRequest. */
export interface HashReply {
  frame?: HashedFrame;
  error?: string;
  pixels: Uint8Array;
}

/** Hashes frames in order; `done` is called in the order `hash` was. */
export interface FrameHasher {
  /** Frames are hashed before `hash` returns (the caller may reuse their memory at once). */
  readonly inline: boolean;
  /**
   * Hashes a frame; `done` gets its hashes and, from a thread, the pixels back (they moved
   * there: each frame sent must own its ArrayBuffer, and is the caller's again in `done`).
   */
  hash(
    pixels: Uint8Array,
    box: Box | undefined,
    done: (r: HashedFrame, pixels: Uint8Array) => void,
  ): void;
  /** Frames sent and not yet hashed. */
  readonly pending: number;
  /** Resolves when every frame sent is hashed (or the hasher failed: rejects). */
  drain(): Promise<void>;
  close(): void;
}

/** Hashes in the calling thread, at once (`skipPdq`: an all-zero hash, for benches). */
function inlineHasher(w: number, h: number, skipPdq = false): FrameHasher {
  const skipped = (): HashedFrame => ({ pdq: new Uint8Array(32), quality: 0, variants: [] });
  return {
    inline: true,
    hash: (pixels, box, done) =>
      done(skipPdq ? skipped() : hashGreyFrame(pixels, w, h, box), pixels),
    pending: 0,
    drain: () => Promise.resolve(),
    close: () => undefined,
  };
}

/** A hashing thread has no fingerprint connected for this long: it ends. */
const IDLE_MS = 60_000;

/** The hashing thread and how many ports to it are in use. */
interface HashService {
  worker: Worker;
  users: number;
  idle?: ReturnType<typeof setTimeout>;
}

/** The process's hashing thread, started on first use. */
let service: HashService | undefined;

/**
 * A port to this process's hashing thread (started if need be), and `release` to call once the
 * port is done with (the thread ends after IDLE_MS with none in use). The port may be moved to
 * another thread (a registration's video worker) and used there.
 */
export function connectHasher(): { port: MessagePort; release: () => void } {
  if (!service) {
    const data: HashWorkerData = { mode: 'hash-frames' };
    const worker = new Worker(videoWorkerPath(), { workerData: data });
    // The connected ports keep their threads alive while in use; an idle hasher keeps nothing.
    worker.unref();
    const s: HashService = { worker, users: 0 };
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (service === s) service = undefined;
    });
    service = s;
  }
  const s = service;
  clearTimeout(s.idle);
  s.users++;
  const { port1, port2 } = new MessageChannel();
  s.worker.postMessage({ port: port2 }, [port2]);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (--s.users > 0) return;
    s.idle = setTimeout(() => {
      if (s.users > 0) return;
      if (service === s) service = undefined;
      void s.worker.terminate();
    }, IDLE_MS);
    s.idle.unref();
  };
  return { port: port1, release };
}

/**
 * Hashes through a port to the hashing thread; `onFail` is told once if the thread fails or stops
 * with frames outstanding.
 */
function portHasher(
  w: number,
  h: number,
  port: MessagePort,
  release: () => void,
  onFail: (e: Error) => void,
): FrameHasher {
  const waiting: ((r: HashedFrame, pixels: Uint8Array) => void)[] = [];
  let failed: Error | undefined;
  let closed = false;
  let drained: (() => void) | undefined;
  let drainFailed: ((e: Error) => void) | undefined;
  const fail = (e: Error) => {
    if (failed) return;
    failed = e;
    drainFailed?.(e);
    onFail(e);
  };
  port.on('message', ({ frame, error, pixels }: HashReply) => {
    const done = waiting.shift();
    if (!frame) return fail(new Error(error ?? 'the frame hashing thread failed'));
    done?.(frame, pixels);
    if (waiting.length === 0) drained?.();
  });
  port.on('close', () => {
    if (waiting.length && !closed) fail(new Error('the frame hashing thread stopped'));
  });
  return {
    inline: false,
    hash(pixels, box, done) {
      waiting.push(done);
      const req: HashRequest = { pixels, w, h, box };
      port.postMessage(req, [pixels.buffer as ArrayBuffer]);
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
      closed = true;
      port.close();
      release();
    },
  };
}

/**
 * A hasher for `w` x `h` frames: through `port` when given (a hashing-thread port moved to this
 * thread), else the process's hashing thread where the built worker exists and `inline` is not
 * asked for, else the calling thread (`onFail`: the thread failed; the caller stops reading, and
 * drain rejects). `skipPdq` (benches) hashes nothing, in the calling thread.
 */
export function frameHasher(
  w: number,
  h: number,
  options: {
    inline?: boolean;
    skipPdq?: boolean;
    port?: MessagePort;
    onFail: (e: Error) => void;
  },
): FrameHasher {
  if (options.inline || options.skipPdq) return inlineHasher(w, h, !!options.skipPdq);
  if (options.port) return portHasher(w, h, options.port, () => undefined, options.onFail);
  if (!videoWorkerAvailable()) return inlineHasher(w, h);
  const { port, release } = connectHasher();
  return portHasher(w, h, port, release, options.onFail);
}
