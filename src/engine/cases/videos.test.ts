/**
 * Counsellors register reference videos (issue 15 item 3): real case files, real videos made with
 * FFmpeg from benign photographs, the real video engine. Checks what is kept per consent, that it
 * is sealed and shredded with the case, that a hostile file is refused with its reason while the
 * batch goes on, cancelling, and who may see the keyframes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoProgress } from '../../shared/cases-types';
import { tempDir } from '../../test-support/temp-dir';
import { KeyVault } from '../crypto/key-vault';
import { passphraseProvider } from '../crypto/master-key';
import { aad, caseKey, open } from './sealing';
import { PASSPHRASE, rawFiles, startTestEngine, withUsers, type TestEngine } from './test-support';
import { addVideoBytes, addVideoFile, noiseVideo, panVideo, PHOTOS } from './video-test-support';
import { ORIGINAL_CHUNK_BYTES } from './videos';

const identity = { name: 'Kim Minji', contact: '010-0000-0000', notes: '' };
const keep = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };
const hashesOnly = { ...keep, storage: 'hashes-only' as const };

let videos: { dir: string; cleanup: () => void };
let pan: string;
let other: string;
let webm: string;
beforeAll(async () => {
  videos = tempDir();
  pan = await panVideo(PHOTOS[0]!, 6);
  other = await panVideo(PHOTOS[1]!, 4);
  webm = await panVideo(PHOTOS[2]!, 3, 'webm');
  return () => videos.cleanup();
}, 120_000);

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const stagedFiles = () =>
  readdirSync(tmpdir())
    .filter((d) => d.startsWith('jium-video-upload-'))
    .flatMap((d) => {
      try {
        return readdirSync(join(tmpdir(), d));
      } catch {
        return [];
      }
    });

describe('registering a video', () => {
  it('keeps frame hashes, the sealed original and sealed keyframes when consent keeps originals', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const progress: VideoProgress[] = [];
    const off = t.engine.onEvent((e) => {
      if (e.event === 'videos.progress' && e.to === 'counsellor')
        progress.push(e.payload as VideoProgress);
    });
    const r = await addVideoFile(t, 'counsellor', c.id, pan, 'Kim Minji 영상.mp4');
    off();
    if (r.status !== 'added') throw new Error(`not added: ${JSON.stringify(r)}`);
    const v = r.video;
    expect(v).toMatchObject({
      format: 'mp4',
      width: 320,
      height: 240,
      sampled: false,
      hasOriginal: true,
      keyframeCount: 5,
      fileName: 'Kim Minji 영상.mp4',
      byteSize: readFileSync(pan).length,
    });
    expect(v.durationS).toBeCloseTo(6, 0);
    // Sampled every 0.2 s (the video engine's reference rate), near-identical neighbours pruned.
    expect(v.frameCount).toBeGreaterThanOrEqual(5);
    expect(v.frameCount).toBeLessThanOrEqual(31);
    // Progress reached the caller, ending with the file read through, and said what was left.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.phase === 'fingerprinting' && p.etaS !== null)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'sealing' });

    // The sealed original opens, part by part, to the very bytes given.
    const db = t.engine.db;
    const vault = new KeyVault(db, t.engine.caseFileInfo.fileId, passphraseProvider(PASSPHRASE));
    await vault.unlock();
    const key = caseKey({ db, vault }, c.id);
    const parts = db
      .prepare('SELECT seq, sealed FROM reference_video_originals WHERE video_id = ? ORDER BY seq')
      .all(v.id) as { seq: number; sealed: Buffer }[];
    const whole = Buffer.concat(
      parts.map((p) => open(key, p.sealed, aad.videoOriginal(c.id, v.sha256, p.seq))),
    );
    expect(whole.equals(readFileSync(pan))).toBe(true);

    // Nothing readable of the video or its name in the case file's bytes.
    const raw = await rawFiles(t.path);
    const bytes = readFileSync(pan);
    expect(raw.includes(bytes.subarray(2000, 2064))).toBe(false);
    expect(raw.includes(Buffer.from('Kim Minji'))).toBe(false);
    expect(raw.includes(Buffer.from('영상'))).toBe(false);

    // The case lists it; the audit says what happened without a name.
    const detail = await t.ok('counsellor', 'cases.get', { caseId: c.id });
    expect(detail.videos.map((x) => x.id)).toEqual([v.id]);
    const entries = await t.ok('admin', 'audit.list', { action: 'videos.add', limit: 10 });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toMatch(/Kim|영상|\.mp4/);
    expect(entries[0]!.details).toMatchObject({ case: c.code, keptOriginal: true });
    expect(stagedFiles()).toEqual([]);
  });

  it('seals a large original in parts that open, in order, to the very file', async () => {
    const big = noiseVideo(videos.dir, 'noise', 3);
    const bytes = readFileSync(big);
    expect(bytes.length).toBeGreaterThan(ORIGINAL_CHUNK_BYTES);
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const r = await addVideoFile(t, 'counsellor', c.id, big);
    if (r.status !== 'added') throw new Error(`not added: ${JSON.stringify(r)}`);
    const db = t.engine.db;
    const vault = new KeyVault(db, t.engine.caseFileInfo.fileId, passphraseProvider(PASSPHRASE));
    await vault.unlock();
    const key = caseKey({ db, vault }, c.id);
    const parts = db
      .prepare('SELECT seq, sealed FROM reference_video_originals WHERE video_id = ? ORDER BY seq')
      .all(r.video.id) as { seq: number; sealed: Buffer }[];
    expect(parts.map((p) => p.seq)).toEqual(
      Array.from({ length: Math.ceil(bytes.length / ORIGINAL_CHUNK_BYTES) }, (_, i) => i),
    );
    const opened = parts.map((p) =>
      open(key, p.sealed, aad.videoOriginal(c.id, r.video.sha256, p.seq)),
    );
    expect(Buffer.concat(opened).equals(bytes)).toBe(true);
    // A part moved to another position does not open.
    expect(() => open(key, parts[1]!.sealed, aad.videoOriginal(c.id, r.video.sha256, 0))).toThrow();
  });

  it('keeps only frame hashes under hash-only consent, and drops originals when consent is withdrawn', async () => {
    const only = await t.ok('counsellor', 'cases.create', { identity, consent: hashesOnly });
    const a = await addVideoFile(t, 'counsellor', only.id, pan);
    if (a.status !== 'added') throw new Error(a.status);
    expect(a.video).toMatchObject({ hasOriginal: false, keyframeCount: 0 });
    expect(a.video.frameCount).toBeGreaterThan(0);
    expect(await t.ok('monitor', 'videos.strip', { videoId: a.video.id })).toEqual({ frames: [] });
    const n = t.engine.db
      .prepare(
        `SELECT (SELECT count(*) FROM reference_video_originals) +
                (SELECT count(*) FROM reference_video_keyframes) AS n`,
      )
      .get() as { n: number };
    expect(n.n).toBe(0);

    const kept = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const b = await addVideoFile(t, 'counsellor', kept.id, other);
    if (b.status !== 'added') throw new Error(b.status);
    expect(b.video.hasOriginal).toBe(true);
    await t.ok('counsellor', 'cases.setConsent', { caseId: kept.id, consent: hashesOnly });
    const after = await t.ok('counsellor', 'cases.get', { caseId: kept.id });
    expect(after.videos[0]).toMatchObject({ hasOriginal: false, keyframeCount: 0 });
    expect(after.videos[0]!.frameCount).toBe(b.video.frameCount);
  });

  it('is shredded with its case', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const r = await addVideoFile(t, 'counsellor', c.id, pan);
    if (r.status !== 'added') throw new Error(r.status);
    const sealed = t.engine.db
      .prepare('SELECT sealed FROM reference_video_originals WHERE video_id = ? AND seq = 0')
      .get(r.video.id) as { sealed: Buffer };
    const keyframe = t.engine.db
      .prepare('SELECT sealed FROM reference_video_keyframes WHERE video_id = ? LIMIT 1')
      .get(r.video.id) as { sealed: Buffer };
    expect((await rawFiles(t.path)).includes(sealed.sealed.subarray(100, 164))).toBe(true);

    await t.ok('counsellor', 'cases.delete', { caseId: c.id, confirmCode: c.code });
    const [deleted] = await t.ok('admin', 'audit.list', { action: 'cases.delete', limit: 1 });
    expect(deleted!.details).toMatchObject({ images: 0, videos: 1, keyDestroyed: true });
    const raw = await rawFiles(t.path);
    expect(raw.includes(sealed.sealed.subarray(100, 164))).toBe(false);
    expect(raw.includes(keyframe.sealed.subarray(40, 104))).toBe(false);
    for (const table of [
      'reference_videos',
      'reference_video_frames',
      'reference_video_variants',
      'reference_video_originals',
      'reference_video_keyframes',
    ]) {
      const n = t.engine.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      expect(n.n, table).toBe(0);
    }
  });

  it('refuses hostile files each with its reason, and the rest of the batch goes in', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const html = Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>\n');
    const full = readFileSync(other);
    const truncated = full.subarray(0, Math.floor(full.length / 3));
    const noise = Buffer.alloc(4096, 7);
    const results = [];
    for (const [name, bytes] of [
      ['page.mp4', html],
      ['cut.mp4', truncated],
      ['noise.mkv', noise],
      ['empty.mov', Buffer.alloc(0)],
      ['good.webm', readFileSync(webm)],
      ['good.mp4', full],
    ] as const)
      results.push(await addVideoBytes(t, 'counsellor', c.id, name, Buffer.from(bytes)));
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'web-page',
      expect.stringMatching(/^(truncated|no-frames|decoder-failed)$/),
      'not-a-video',
      'not-a-video',
      'added',
      'added',
    ]);
    const detail = await t.ok('counsellor', 'cases.get', { caseId: c.id });
    expect(detail.videos.map((v) => v.format).sort()).toEqual(['mp4', 'webm']);
    // Adding the same file again says so instead of storing it twice.
    const again = await addVideoBytes(t, 'counsellor', c.id, 'again.mp4', full);
    expect(again).toMatchObject({ status: 'duplicate', caseCode: c.code });
    expect(stagedFiles()).toEqual([]);
  });

  it('can be cancelled while it is fingerprinted, keeping nothing', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const bytes = readFileSync(pan);
    const begun = await t.ok('counsellor', 'videos.begin', {
      caseId: c.id,
      fileName: 'x.mp4',
      byteSize: bytes.length,
      head: bytes.subarray(0, 64).toString('base64'),
    });
    if (begun.status !== 'ready') throw new Error(begun.status);
    await t.ok('counsellor', 'videos.chunk', {
      uploadId: begun.uploadId,
      offset: 0,
      data: bytes.toString('base64'),
    });
    // The counsellor cancels once fingerprinting is under way (the first progress event).
    const started = new Promise<void>((resolve) => {
      const off = t.engine.onEvent((e) => {
        if (e.event === 'videos.progress') resolve(off());
      });
    });
    const adding = t.ok('counsellor', 'videos.add', { uploadId: begun.uploadId });
    await started;
    await t.ok('counsellor', 'videos.cancel', { uploadId: begun.uploadId });
    expect(await adding).toEqual({ status: 'cancelled' });
    const n = t.engine.db.prepare('SELECT count(*) AS n FROM reference_videos').get() as {
      n: number;
    };
    expect(n.n).toBe(0);
    expect(stagedFiles()).toEqual([]);
  });
});

describe('who may see a reference video', () => {
  it('shows monitors a blurred greyscale strip only; keyframes unblurred to counsellors only', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const r = await addVideoFile(t, 'counsellor', c.id, pan);
    if (r.status !== 'added') throw new Error(r.status);
    const videoId = r.video.id;

    const strip = await t.ok('monitor', 'videos.strip', { videoId });
    expect(strip.frames).toHaveLength(5);
    expect(strip.frames.map((f) => f.timestampS)).toEqual([0.6, 1.8, 3, 4.2, 5.4]);
    const first = Buffer.from(strip.frames[0]!.dataUrl.split(',')[1]!, 'base64');
    const stats = await sharp(first).stats();
    // Greyscale: every channel the same; blurred: little local variation left.
    expect(new Set(stats.channels.map((ch) => Math.round(ch.mean))).size).toBe(1);
    const revealed = await t.ok('counsellor', 'videos.revealFrame', { videoId, index: 0 });
    const colour = await sharp(Buffer.from(revealed!.dataUrl.split(',')[1]!, 'base64')).stats();
    expect(colour.channels.slice(0, 3).map((ch) => Math.round(ch.mean))).not.toEqual(
      Array(3).fill(Math.round(colour.channels[0]!.mean)),
    );
    expect(stats.channels[0]!.stdev).toBeLessThan(colour.channels[0]!.stdev);

    expect(await t.err('monitor', 'videos.revealFrame', { videoId, index: 0 })).toBe('forbidden');
    expect(await t.err('staff', 'videos.strip', { videoId })).toBe('forbidden');
    expect(await t.err('admin', 'videos.strip', { videoId })).toBe('forbidden');
    expect(await t.err('monitor', 'videos.remove', { videoId })).toBe('forbidden');
    const monitorView = await t.ok('monitor', 'cases.get', { caseId: c.id });
    expect(monitorView.videos[0]!.fileName).toBeNull();
    const reveals = await t.ok('admin', 'audit.list', { action: 'videos.reveal', limit: 10 });
    expect(reveals).toHaveLength(1);
  });

  it('keeps an upload to the counsellor who began it; only counsellors may send videos', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    await t.ok('admin', 'accounts.create', {
      username: 'second',
      displayName: 'Second counsellor',
      role: 'counsellor',
      password: 'second password 1',
    });
    await t.ok('second', 'auth.signIn', { username: 'second', password: 'second password 1' });
    const bytes = readFileSync(other);
    const input = {
      caseId: c.id,
      fileName: 'a.mp4',
      byteSize: bytes.length,
      head: bytes.subarray(0, 64).toString('base64'),
    };
    expect(await t.err('monitor', 'videos.begin', input)).toBe('forbidden');
    const begun = await t.ok('counsellor', 'videos.begin', input);
    if (begun.status !== 'ready') throw new Error(begun.status);
    const chunk = { uploadId: begun.uploadId, offset: 0, data: bytes.toString('base64') };
    expect(await t.err('second', 'videos.chunk', chunk)).toBe('not-found');
    expect(await t.err('second', 'videos.add', { uploadId: begun.uploadId })).toBe('not-found');
    await t.ok('counsellor', 'videos.chunk', chunk);
    expect((await t.ok('counsellor', 'videos.add', { uploadId: begun.uploadId })).status).toBe(
      'added',
    );
  });
});

describe('removing a reference video', () => {
  it('deletes its frames, original and keyframes, audited', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: keep });
    const r = await addVideoFile(t, 'counsellor', c.id, other);
    if (r.status !== 'added') throw new Error(r.status);
    await t.ok('counsellor', 'videos.remove', { videoId: r.video.id });
    expect((await t.ok('counsellor', 'cases.get', { caseId: c.id })).videos).toEqual([]);
    const left = t.engine.db
      .prepare(
        `SELECT (SELECT count(*) FROM reference_video_frames) + (SELECT count(*) FROM
           reference_video_originals) + (SELECT count(*) FROM reference_video_keyframes) AS n`,
      )
      .get() as { n: number };
    expect(left.n).toBe(0);
    expect(await t.ok('admin', 'audit.list', { action: 'videos.remove', limit: 5 })).toHaveLength(
      1,
    );
  });
});
