/**
 * Proposals for what no whole-image hash proposes (decision 0017), on real photographs (PDQ
 * vectors): a crop keeping half of each side, anywhere, upright or mirrored, is proposed by the
 * reference's half crops and verified; a photo in a page whose hashes propose nothing is proposed
 * by descriptor votes and verified; unrelated photographs in the same page are not matched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { DescriptorIndex } from './descriptor-index';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { BruteForceReferenceSet, bestMatch, flatCellShare } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = () => input('dih/bridge-1-original.jpg');
const others = ['labelme-subset/q0291.jpg', 'labelme-subset/q2821.jpg'];

let set: BruteForceReferenceSet;
let ref: Fingerprint;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set = new BruteForceReferenceSet();
  ref = await fingerprint(bridge(), { role: 'reference' });
  set.add('bridge', ref);
  for (const o of others) set.add(o, await fingerprint(input(o), { role: 'reference' }));
});

async function halfCrop(ax: number, ay: number, flop: boolean): Promise<Buffer> {
  const m = await sharp(bridge()).metadata();
  const w = Math.round(m.width! / 2);
  const h = Math.round(m.height! / 2);
  const img = sharp(bridge()).extract({
    left: Math.round((m.width! - w) * ax),
    top: Math.round((m.height! - h) * ay),
    width: w,
    height: h,
  });
  return (flop ? img.flop() : img).jpeg({ quality: 75 }).toBuffer();
}

/** A light page: a header bar, text lines, and the photo in a post card. */
async function page(photo: Buffer): Promise<Buffer> {
  const p = await sharp(photo).resize(520, 330, { fit: 'fill' }).toBuffer();
  const bar = (w: number, h: number, c: string) =>
    sharp({ create: { width: w, height: h, channels: 3, background: c } })
      .png()
      .toBuffer();
  return sharp({ create: { width: 900, height: 700, channels: 3, background: '#f4f5f7' } })
    .composite([
      { input: await bar(900, 56, '#1d4ed8'), left: 0, top: 0 },
      { input: await bar(600, 520, '#ffffff'), left: 150, top: 90 },
      { input: await bar(300, 12, '#9ca3af'), left: 190, top: 110 },
      { input: await bar(420, 10, '#d1d5db'), left: 190, top: 135 },
      { input: p, left: 190, top: 160 },
      { input: await bar(200, 10, '#d1d5db'), left: 190, top: 510 },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

describe('proposals beyond whole-image hashes', () => {
  it.each([
    [1, 0, false],
    [1, 0, true],
  ] as const)('finds a half crop at (%s, %s), mirrored: %s', async (ax, ay, flop) => {
    const cand = await fingerprint(await halfCrop(ax, ay, flop), { role: 'candidate' });
    const best = bestMatch(set, cand);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.verdict).toBe('match');
    expect(best.comparison.algo).toMatch(/verified/);
    expect(best.comparison.verification!.inliers).toBeGreaterThanOrEqual(16);
    // Proposed by the reference's half crop at that anchor, mirrored or not.
    expect(best.comparison.referenceRegion).toBe('half-50-1-0');
    expect(best.comparison.transform).toBe(flop ? 'flip-horizontal' : 'identity');
  });

  it('finds a photo in a page by descriptor votes, outlined where it is', async () => {
    const bytes = await page(bridge());
    const cand = await fingerprint(bytes, { role: 'candidate' });
    expect(flatCellShare(cand.work!)).toBeGreaterThan(0.1);
    // A reference whose hashes propose nothing here (another picture's): only its features can.
    const votesOnly = new BruteForceReferenceSet();
    const q = await fingerprint(input('labelme-subset/q2821.jpg'), { role: 'reference' });
    votesOnly.add('bridge', { ...ref, variants: q.variants });
    const best = bestMatch(votesOnly, cand);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.verdict).toBe('match');
    const outline = best.comparison.verification!.outline;
    expect(outline[0]).toBeCloseTo(190 / 900, 1);
    expect(outline[1]).toBeCloseTo(160 / 700, 1);
  });

  it('matches no unrelated photograph in the same page', async () => {
    const unrelated = input('labelme-subset/q0746.jpg');
    const best = bestMatch(set, await fingerprint(await page(unrelated), { role: 'candidate' }));
    expect(best.comparison.verdict).not.toBe('match');
  });

  it('votes for the reference whose descriptors a candidate shares, and forgets removed ones', async () => {
    const index = new DescriptorIndex();
    index.set('bridge', ref.features!);
    const q = await fingerprint(input(others[0]!), { role: 'reference' });
    index.set('other', q.features!);
    const votes = index.votes(ref.features!, 8);
    expect(votes[0]).toMatchObject({ referenceId: 'bridge' });
    expect(votes[0]!.votes).toBeGreaterThan(ref.features!.points.length / 4);
    index.delete('bridge');
    expect(index.votes(ref.features!, 8).some((v) => v.referenceId === 'bridge')).toBe(false);
  });
});
