/**
 * The video worker thread, started for one of two jobs: a whole fingerprint of one video file
 * (video/off-thread.ts: posts its progress and its fingerprint or error code; a 'cancel' message
 * kills FFmpeg), or the process's hashing thread, which hashes the frames other threads read from
 * FFmpeg, each through a port of its own (frame-hasher.ts). Built as `video-worker.js` beside the
 * bundle (scripts/build-host.mjs, electron.vite.config.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';

import { fingerprintVideo } from './fingerprint-video';
import {
  hashGreyFrame,
  type HashReply,
  type HashRequest,
  type HashWorkerData,
} from './frame-hasher';
import type { VideoWorkerCommand, VideoWorkerData, VideoWorkerMessage } from './off-thread';
import { VideoError } from './types';

const data = workerData as VideoWorkerData | HashWorkerData;
if ('mode' in data) hashFrames(data);
else await fingerprintFile(data);

/**
 * The hashing thread (frame-hasher.ts): each fingerprint connects a port; frames in, hashes and
 * the frame's pixels out, in order.
 */
function hashFrames(_: HashWorkerData) {
  parentPort!.on('message', ({ port }: { port: MessagePort }) => {
    port.on('message', ({ pixels, w, h, box }: HashRequest) => {
      let reply: HashReply;
      try {
        reply = { frame: hashGreyFrame(pixels, w, h, box), pixels };
      } catch (e) {
        reply = { error: (e as Error).message, pixels };
      }
      port.postMessage(reply, [pixels.buffer as ArrayBuffer]);
    });
  });
}

/** A whole fingerprint (off-thread.ts). */
async function fingerprintFile(data: VideoWorkerData) {
  const post = (m: VideoWorkerMessage) => parentPort!.postMessage(m);
  const abort = new AbortController();
  parentPort!.on('message', (m: VideoWorkerCommand) => {
    if (m.type === 'cancel') abort.abort();
  });
  try {
    const fingerprint = await fingerprintVideo(data.file, {
      ...data.internals,
      ...(data.hashPort ? { hashPort: data.hashPort } : {}),
      sampleEveryS: data.sampleEveryS,
      limits: data.limits,
      signal: abort.signal,
      onProgress: (doneS, totalS) => post({ type: 'progress', doneS, totalS }),
      ...(data.greyFrames
        ? {
            onGreyFrame: (
              pixels: Uint8Array,
              width: number,
              height: number,
              timestampS: number,
            ) => {
              const grey = new Uint8Array(pixels); // a copy (a Buffer's slice would share)
              parentPort!.postMessage(
                { type: 'grey', grey, width, height, timestampS } satisfies VideoWorkerMessage,
                [grey.buffer],
              );
            },
          }
        : {}),
    });
    post({ type: 'done', fingerprint });
  } catch (e) {
    post(
      e instanceof VideoError
        ? { type: 'error', code: e.code, message: e.message }
        : { type: 'error', code: 'decoder-failed', message: (e as Error).message },
    );
  } finally {
    parentPort!.close();
  }
}
