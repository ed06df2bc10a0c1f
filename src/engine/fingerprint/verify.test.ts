/**
 * The verification stage on real photographs (PDQ vectors): a heavy crop and a photo inside a
 * dark page are verified with many inliers and an outline where the picture is; an unrelated
 * photograph is not. And through bestMatch: the verified result carries its evidence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { VERIFY_RULE, extractFeatures, loadVerifier, verifyPair } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = () => input('dih/bridge-1-original.jpg');

let ref: Fingerprint;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  ref = await fingerprint(bridge(), { role: 'reference' });
});

/** The candidate's features, as bestMatch computes them. */
async function features(bytes: Buffer) {
  const fp = await fingerprint(bytes, { role: 'candidate' });
  return extractFeatures(fp.work!.grey, fp.work!.width, fp.work!.height)!;
}

describe('verification', () => {
  it('references carry ORB features', () => {
    expect(ref.features!.points.length / 2).toBeGreaterThan(200);
    expect(ref.features!.descriptors.length).toBe((ref.features!.points.length / 2) * 32);
  });

  it('verifies a central 60% x 60% crop, its outline around the crop', async () => {
    const m = await sharp(bridge()).metadata();
    const w = Math.round(m.width! * 0.6);
    const h = Math.round(m.height! * 0.6);
    const crop = await sharp(bridge())
      .extract({
        left: Math.round((m.width! - w) / 2),
        top: Math.round((m.height! - h) / 2),
        width: w,
        height: h,
      })
      .jpeg({ quality: 80 })
      .toBuffer();
    const v = verifyPair(ref.features!, await features(crop));
    expect(v.verified).toBe(true);
    expect(v.inliers).toBeGreaterThanOrEqual(VERIFY_RULE.minInliers);
    // The reference's top-left corner maps a third of the crop's side left of and above it.
    expect(v.outline[0]).toBeCloseTo(-1 / 3, 1);
    expect(v.outline[1]).toBeCloseTo(-1 / 3, 1);
  });

  it('verifies the photo inside a dark page and outlines where it is', async () => {
    const photo = await sharp(bridge()).resize(600).toBuffer();
    const page = await sharp({
      create: { width: 1000, height: 900, channels: 3, background: '#18191a' },
    })
      .composite([{ input: photo, left: 300, top: 200 }])
      .jpeg({ quality: 80 })
      .toBuffer();
    const v = verifyPair(ref.features!, await features(page));
    expect(v.verified).toBe(true);
    expect(v.outline[0]).toBeCloseTo(0.3, 1);
    expect(v.outline[1]).toBeCloseTo(200 / 900, 1);
  });

  it('does not verify an unrelated photograph', async () => {
    for (const other of ['labelme-subset/q0291.jpg', 'labelme-subset/q2821.jpg']) {
      const v = verifyPair(ref.features!, await features(input(other)));
      expect(v.verified).toBe(false);
    }
  });

  it('bestMatch reports the verification that decided a weak hash agreement (an 8° turn)', async () => {
    const set = new BruteForceReferenceSet();
    set.add('bridge', ref);
    // Turned by 8 degrees: past the reference's tilt variants, so the hashes only propose.
    const crop = await sharp(bridge()).rotate(8, { background: '#ffffff' }).jpeg().toBuffer();
    const cand = await fingerprint(crop, { role: 'candidate' });
    const best = bestMatch(set, cand);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.verdict).toBe('match');
    expect(best.comparison.algo).toMatch(/verified/);
    expect(best.comparison.verification!.inliers).toBeGreaterThanOrEqual(VERIFY_RULE.minInliers);
    // The outline is the turned reference: its top-left corner is inside the larger canvas.
    expect(best.comparison.verification!.outline[0]).toBeGreaterThan(0);
    expect(best.comparison.verification!.outline[1]).toBeGreaterThan(0);
    // The pixels are released after the decision, and the decision is remembered.
    expect(cand.work).toBeUndefined();
    expect(bestMatch(set, cand)).toEqual(best);
  });
});
