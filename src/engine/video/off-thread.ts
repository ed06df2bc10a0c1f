/**
 * fingerprintVideo off the engine's thread (issue 15): registering a long video reads FFmpeg's
 * pipe and hashes thousands of frames, which must not hold up the engine's other calls (a desk's
 * review decisions while a counsellor registers a ten-minute video). The whole fingerprint — the
 * probe, FFmpeg's pipe, PDQ and the content box — runs in a worker thread of its own
 * (video/worker.ts, built as `video-worker.js` beside the bundle, as the crawl worker); progress
 * crosses as messages (and, for a caller that asked, each sampled frame's grey pixels, moved
 * rather than copied across), a cancel is a message that kills FFmpeg, and a worker that dies answers as
 * a decoder failure. Where the built worker is absent (unit tests on the sources) it runs inline.
 */
import { type MessagePort, Worker } from 'node:worker_threads';

import { fingerprintVideo, type FingerprintInternals } from './fingerprint-video';
import { connectHasher, videoWorkerAvailable, videoWorkerPath } from './frame-hasher';
import { VideoError } from './types';
import type {
  FingerprintVideoOptions,
  VideoErrorCode,
  VideoFingerprint,
  VideoLimits,
} from './types';

/** What the worker is given: the file and the options that can cross a thread. */
export interface VideoWorkerData {
  file: string;
  sampleEveryS?: number;
  limits?: Partial<VideoLimits>;
  internals?: Omit<FingerprintInternals, 'onGreyFrame' | 'hashPort'>;
  /** Post every sampled frame's grey pixels (the caller gave onGreyFrame). */
  greyFrames?: boolean;
  /** A port to this process's hashing thread (frame-hasher.ts), warm from earlier videos. */
  hashPort?: MessagePort;
}

/** Messages from the worker. */
export type VideoWorkerMessage =
  | { type: 'progress'; doneS: number; totalS: number }
  | { type: 'grey'; grey: Uint8Array; width: number; height: number; timestampS: number }
  | { type: 'done'; fingerprint: VideoFingerprint }
  | { type: 'error'; code: VideoErrorCode; message: string };

/** Messages to the worker. */
export type VideoWorkerCommand = { type: 'cancel' };

export { videoWorkerAvailable };

/** After a cancel, a worker that has not ended by then is terminated. */
const CANCEL_GRACE_MS = 5_000;

/**
 * As fingerprintVideo, in a worker thread when the built worker exists (else inline): same result,
 * same VideoError codes, progress and cancelling through `options`.
 */
export function fingerprintVideoOffThread(
  file: string,
  options: FingerprintVideoOptions & FingerprintInternals = {},
): Promise<VideoFingerprint> {
  if (!videoWorkerAvailable()) return fingerprintVideo(file, options);
  const { signal, onProgress, onGreyFrame, sampleEveryS, limits, hashPort, ...internals } = options;
  const cancelled = () => new VideoError('timeout', 'cancelled');
  if (signal?.aborted) return Promise.reject(cancelled());
  // The frames are hashed by the process's hashing thread, which stays warm between videos (a
  // thread started inside this video's worker would compile PDQ again for every video).
  const hasher = internals.hashThread === false || hashPort ? undefined : connectHasher();
  const data: VideoWorkerData = {
    file,
    sampleEveryS,
    limits,
    internals,
    greyFrames: !!onGreyFrame,
    ...(hasher ? { hashPort: hasher.port } : {}),
  };
  const worker = new Worker(videoWorkerPath(), {
    workerData: data,
    ...(hasher ? { transferList: [hasher.port] } : {}),
  });
  return new Promise<VideoFingerprint>((resolve, reject) => {
    let settled = false;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(grace);
      hasher?.release();
      fn();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' } satisfies VideoWorkerCommand);
      grace = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
      grace.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: VideoWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.doneS, m.totalS);
      else if (m.type === 'grey') onGreyFrame?.(m.grey, m.width, m.height, m.timestampS);
      else if (m.type === 'done') {
        // A cancel asked for before the result arrived wins: the caller has moved on.
        settle(() => (signal?.aborted ? reject(cancelled()) : resolve(m.fingerprint)));
      } else settle(() => reject(new VideoError(m.code, m.message)));
    });
    worker.on('error', (e) =>
      settle(() =>
        reject(new VideoError('decoder-failed', `the hashing worker failed: ${e.message}`)),
      ),
    );
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          signal?.aborted
            ? cancelled()
            : new VideoError('decoder-failed', `the hashing worker stopped (exit code ${code})`),
        ),
      ),
    );
  });
}
