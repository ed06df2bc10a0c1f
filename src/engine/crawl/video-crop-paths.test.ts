/**
 * The one video decision (decideVideo, decision 0122) finds a cropped copy on the paths beside the
 * live crawl (video-crop.test.ts) and the backfill (video-backfill.test.ts): `jium match` on video
 * files, and the takedown re-check, which says a reported cropped copy is still there when another
 * crop of the victim's video now stands at its URL, given the reference's keyframes. Real videos
 * made by FFmpeg from benign generated pictures, real OpenCV, a real HTTP server on 127.0.0.1.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { command as matchCommand } from '../../host/commands/match';
import type { CliIO } from '../../host/cli-types';
import { hasFfmpeg, syntheticVideo } from '../../test-support/videos';
import { loadVerifier } from '../fingerprint/verify';
import { fingerprintVideo, REFERENCE_SAMPLE_EVERY_S, type VideoFingerprint } from '../video';
import { keyframeFeatures, referenceKeeper, VideoFeatureIndex } from '../video/crop-stage';
import { Fetcher } from './fetcher';
import { startTestServer, type TestServer } from './test-server';
import { crawlTestReferenceVideo, crop80Copy } from './test-video-reference';
import { recheckVideo, type RecheckReference } from './video-recheck';
import { serveFile } from './video-test-routes';

describe.skipIf(!hasFfmpeg())('a cropped copy on every path', { timeout: 400_000 }, () => {
  let dir: string;
  let srv: TestServer;
  let reference: string;
  let cropA: string;
  let cropB: string;
  let other: string;
  beforeAll(async () => {
    expect(await loadVerifier()).toBe(true);
    reference = await crawlTestReferenceVideo();
    cropA = await crop80Copy(reference, 0.16, 0.05);
    cropB = await crop80Copy(reference, 0.02, 0.15);
    other = await syntheticVideo('mandelbrot', { seconds: 10 });
    dir = mkdtempSync(path.join(os.tmpdir(), 'jium-crop-paths-'));
    mkdirSync(path.join(dir, 'refs'));
    mkdirSync(path.join(dir, 'found'));
    copyFileSync(reference, path.join(dir, 'refs/reference.mp4'));
    copyFileSync(cropA, path.join(dir, 'found/a-crop.mp4'));
    copyFileSync(other, path.join(dir, 'found/b-other.mp4'));
    srv = await startTestServer({
      '/same.mp4': serveFile(cropA, 'video/mp4', true),
      '/recropped.mp4': serveFile(cropB, 'video/mp4', true),
      '/other.mp4': serveFile(other, 'video/mp4', true),
    });
  }, 400_000);
  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('jium match finds the crop by local features and says so; not the unrelated video', async () => {
    const stdout = new PassThrough();
    const out: string[] = [];
    stdout.on('data', (d: Buffer) => out.push(d.toString()));
    const io: CliIO = { stdout, stderr: new PassThrough(), stderrIsTTY: false, env: {}, cwd: dir };
    expect(await matchCommand.run(['--refs', 'refs', 'found'], io)).toBe(0);
    const rows = Object.fromEntries(
      out
        .join('')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'))
        .map((l) => [l[0]!, l.slice(1)]),
    );
    expect(rows['found/a-crop.mp4']?.slice(0, 2)).toEqual(['refs/reference.mp4', 'match']);
    expect(rows['found/a-crop.mp4']![3]).toBe('vpdq-local');
    // The share of the frames looked at that verified (at least 2 of at most 8).
    expect(Number(rows['found/a-crop.mp4']![2])).toBeGreaterThanOrEqual(25);
    expect(rows['found/b-other.mp4']?.slice(0, 2)).toEqual(['-', 'no-match']);
  });

  it('the re-check: another crop at the reported URL is still there, given the keyframes', async () => {
    const recorded: VideoFingerprint = await fingerprintVideo(cropA);
    // The reference as registration keeps it: hashes every 0.2 s and keyframes' features.
    const kept = referenceKeeper();
    const fingerprint = await fingerprintVideo(reference, {
      sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
      onGreyFrame: kept.take,
    });
    const features = new VideoFeatureIndex();
    features.set('reference', keyframeFeatures(kept.all()));
    const withKeys: RecheckReference = { fingerprint, features };
    const src = () => ({
      fetcher: new Fetcher({
        policy: { allowAddresses: ['127.0.0.1'] },
        userAgent: 'JiumBot/0.1 (test)',
        limits: { headerTimeoutMs: 5000, bodyTimeoutMs: 10000 },
      }),
      check: async () => null,
      maxRedirects: 5,
    });
    const url = (p: string) => `${srv.origin}${p}`;

    const same = await recheckVideo(src(), url('/same.mp4'), recorded, { reference: withKeys });
    expect(same).toMatchObject({ verdict: 'present', foundAs: 'recorded', stage: 'hashes' });

    const recropped = await recheckVideo(src(), url('/recropped.mp4'), recorded, {
      reference: withKeys,
    });
    expect(recropped).toMatchObject({
      verdict: 'present',
      foundAs: 'reference',
      stage: 'local-features',
    });
    // Without the case key (hashes only), the other crop is not recognised: changed.
    const hashesOnly = await recheckVideo(src(), url('/recropped.mp4'), recorded, {
      reference: { fingerprint },
    });
    expect(hashesOnly.verdict).toBe('changed');
    const unrelated = await recheckVideo(src(), url('/other.mp4'), recorded, {
      reference: withKeys,
    });
    expect(unrelated.verdict).toBe('changed');
  });
});
