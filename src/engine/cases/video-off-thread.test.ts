/**
 * Registering a video does not hold up the engine (issue 15, decision 0121): the fingerprint runs
 * in the built video worker thread (bundled here as the app bundles it), so a monitor's review call
 * answers while a counsellor's video is hashed, progress keeps arriving, and a cancel or a killed
 * FFmpeg loses nothing else. Real case files, real FFmpeg, real videos of benign photographs.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoProgress } from '../../shared/cases-types';
import { videoWorkerAvailable } from '../video';
import { useBuiltVideoWorker } from '../video/test-worker';
import { startTestEngine, withUsers, type TestEngine } from './test-support';
import { addVideoFile, panVideo, PHOTOS } from './video-test-support';

const identity = { name: 'Kim Minji', contact: '010-0000-0000', notes: '' };
const keep = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };

let unset: () => void;
let long: string;
let short: string;
beforeAll(async () => {
  unset = await useBuiltVideoWorker();
  // 60 s at 10 fps: 300 frames hashed at the reference sampling, long enough to call into.
  long = await panVideo(PHOTOS[0]!, 60);
  short = await panVideo(PHOTOS[1]!, 4);
}, 180_000);
afterAll(() => unset());

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

/** Starts a registration of `file` and resolves `started` at its first fingerprinting progress. */
async function registerWatched(caseId: number, file: string) {
  const log: string[] = [];
  let started!: () => void;
  const firstProgress = new Promise<void>((resolve) => (started = resolve));
  const off = t.engine.onEvent((e) => {
    if (e.event !== 'videos.progress') return;
    const p = e.payload as VideoProgress;
    log.push(`${p.phase}:${p.doneS}`);
    if (p.phase === 'fingerprinting') started();
  });
  const adding = addVideoFile(t, 'counsellor', caseId, file).finally(off);
  await firstProgress;
  return { adding, log };
}

const count = (sql: string) => (t.engine.db.prepare(sql).get() as { n: number }).n;

describe('registering a video off the engine thread', () => {
  it('answers a review call while the video is hashed, and progress keeps arriving', async () => {
    expect(videoWorkerAvailable()).toBe(true);
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const mainBefore = process.threadCpuUsage();
    const allBefore = process.cpuUsage();
    const { adding, log } = await registerWatched(c.id, long);
    // A monitor's call, made once hashing is under way, answers before the registration ends...
    const page = await t.ok('monitor', 'review.list', {});
    log.push('review.list answered');
    expect(page.items).toEqual([]);
    const r = await adding;
    const main = process.threadCpuUsage(mainBefore);
    const all = process.cpuUsage(allBefore);
    if (r.status !== 'added') throw new Error(`not added: ${JSON.stringify(r)}`);
    expect(r.video.frameCount).toBeGreaterThan(20);
    // ...and fingerprinting progress still arrives after it (the video was still being hashed).
    const answered = log.indexOf('review.list answered');
    const after = log.slice(answered + 1).filter((l) => l.startsWith('fingerprinting:'));
    expect(after.length).toBeGreaterThan(0);
    // The hashing ran in other threads, which spent CPU of their own (FFmpeg is a process of its
    // own). Which thread spent more is no test of where PDQ ran since PDQ's blur runs in
    // WebAssembly SIMD (decision 0128): 300 frames cost ~0.15 s, under the engine thread's own
    // work here; the answer above, given while hashing went on, is.
    const mainUs = main.user + main.system;
    const otherUs = all.user + all.system - mainUs;
    expect(otherUs).toBeGreaterThan(0);
  }, 120_000);

  it('cancels a registration in the worker and keeps everything else', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const first = await addVideoFile(t, 'counsellor', c.id, short);
    expect(first.status).toBe('added');
    const frames = count('SELECT count(*) AS n FROM reference_video_frames');
    const uploads: string[] = [];
    const off = t.engine.onEvent((e) => {
      if (e.event === 'videos.progress') uploads.push((e.payload as VideoProgress).uploadId);
    });
    const { adding } = await registerWatched(c.id, long);
    off();
    await t.ok('counsellor', 'videos.cancel', { uploadId: uploads.at(-1)! });
    expect(await adding).toEqual({ status: 'cancelled' });
    expect(count('SELECT count(*) AS n FROM reference_videos')).toBe(1);
    expect(count('SELECT count(*) AS n FROM reference_video_frames')).toBe(frames);
    // The engine goes on: the same video registers in full afterwards.
    const again = await addVideoFile(t, 'counsellor', c.id, long);
    expect(again.status).toBe('added');
  }, 120_000);

  it('reports a killed FFmpeg as a decoder failure and keeps everything else', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const first = await addVideoFile(t, 'counsellor', c.id, short);
    expect(first.status).toBe('added');
    const frames = count('SELECT count(*) AS n FROM reference_video_frames');
    const { adding } = await registerWatched(c.id, long);
    // This test process's own FFmpeg (its child: the worker thread shares the process).
    const pids = execFileSync('pgrep', ['-P', String(process.pid), '-x', 'ffmpeg'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    const r = await adding;
    expect(r).toMatchObject({ status: 'rejected', code: 'decoder-failed' });
    expect(count('SELECT count(*) AS n FROM reference_videos')).toBe(1);
    expect(count('SELECT count(*) AS n FROM reference_video_frames')).toBe(frames);
    const again = await addVideoFile(t, 'counsellor', c.id, long);
    expect(again.status).toBe('added');
  }, 120_000);
});
