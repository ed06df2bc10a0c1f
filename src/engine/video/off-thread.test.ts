/**
 * fingerprintVideoOffThread in the built worker thread, and fingerprintVideo with its frames hashed
 * in the process's hashing thread (shared by fingerprints running at once), give what
 * fingerprintVideo gives hashing inline:
 * the same frames, hashes and variants, the same grey frames handed to onGreyFrame, the same
 * error codes. Real FFmpeg on a benign pan video.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fingerprintVideo } from './fingerprint-video';
import { fingerprintVideoOffThread, videoWorkerAvailable } from './off-thread';
import { useBuiltVideoWorker } from './test-worker';
import { panVideo } from './test-videos';
import { tempDir } from '../../test-support/temp-dir';
import { VideoError } from './types';

let dir: { dir: string; cleanup: () => void };
let unset: () => void;
let video: string;
beforeAll(async () => {
  dir = tempDir();
  unset = await useBuiltVideoWorker();
  video = await panVideo(dir.dir, 'pan', [11, 12], 3, '640x360');
}, 120_000);
afterAll(() => {
  unset();
  dir.cleanup();
});

describe('fingerprintVideoOffThread', () => {
  it('gives the inline fingerprint and grey frames from the worker thread and with a hashing thread', async () => {
    expect(videoWorkerAvailable()).toBe(true);
    const grey = (into: string[]) => (g: Uint8Array, w: number, h: number, t: number) =>
      into.push(`${t} ${w}x${h} ${Buffer.from(g).toString('base64').slice(0, 64)}`);
    const inlineGrey: string[] = [];
    const workerGrey: string[] = [];
    const progress: number[] = [];
    const inline = await fingerprintVideo(video, {
      sampleEveryS: 0.2,
      hashThread: false,
      onGreyFrame: grey(inlineGrey),
    });
    const off = await fingerprintVideoOffThread(video, {
      sampleEveryS: 0.2,
      onGreyFrame: grey(workerGrey),
      onProgress: (doneS) => progress.push(doneS),
    });
    expect(off).toEqual(inline);
    expect(inline.frames.length).toBeGreaterThan(5);
    expect(workerGrey).toEqual(inlineGrey);
    expect(progress.length).toBeGreaterThan(0);
  }, 60_000);

  it('shares one hashing thread between fingerprints running at once, each getting its own frames', async () => {
    const other = await panVideo(dir.dir, 'other', [13, 14], 3, '640x360');
    const [a, b] = await Promise.all([
      fingerprintVideo(video, { sampleEveryS: 0.2, hashThread: false }),
      fingerprintVideo(other, { sampleEveryS: 0.2, hashThread: false }),
    ]);
    // Three at once through the shared thread, one of them from a registration's worker.
    const [a2, b2, a3] = await Promise.all([
      fingerprintVideo(video, { sampleEveryS: 0.2 }),
      fingerprintVideo(other, { sampleEveryS: 0.2 }),
      fingerprintVideoOffThread(video, { sampleEveryS: 0.2 }),
    ]);
    expect(a.frames[0]!.pdq).not.toEqual(b.frames[0]!.pdq);
    expect(a2).toEqual(a);
    expect(b2).toEqual(b);
    expect(a3).toEqual(a);
  }, 90_000);

  it('answers a file that is not a video with the same code', async () => {
    const e = await fingerprintVideoOffThread(import.meta.filename).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VideoError);
    expect((e as VideoError).code).toBe('not-a-video');
  });

  it('answers cancelled when aborted', async () => {
    const abort = new AbortController();
    const running = fingerprintVideoOffThread(video, {
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    await expect(running).rejects.toMatchObject({ code: 'timeout', message: 'cancelled' });
  }, 60_000);
});
