/**
 * The descriptor index's votes count correspondences, not look-alikes (decision 0022): a reference
 * descriptor is one vote for one candidate descriptor per call, so a candidate made of a repeated
 * pattern (stars on a night sky: hundreds of near-identical descriptors) cannot pile hundreds of
 * votes on the few reference descriptors it resembles, while a true copy keeps every vote.
 */
import { describe, expect, it } from 'vitest';

import { agreeingVotes } from './agreeing-votes';
import { DescriptorIndex } from './descriptor-index';
import type { Features } from './verify';

function random(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return out;
}

function features(descriptors: Uint8Array): Features {
  const n = descriptors.length / 32;
  return { width: 100, height: 100, points: new Float32Array(2 * n), descriptors };
}

describe('descriptor votes', () => {
  const ref = random(32 * 200, 7);
  const index = new DescriptorIndex();
  index.set('ref', features(ref));
  index.set('other', features(random(32 * 200, 8)));

  it('gives a copy one vote per descriptor it shares', () => {
    const votes = index.votes(features(ref), 1);
    expect(votes).toEqual([{ referenceId: 'ref', votes: 200 }]);
  });

  it('counts a repeated pattern meeting the same reference descriptors once per descriptor', () => {
    // 150 copies of three reference descriptors, each with a few bits changed: look-alikes.
    const pattern = new Uint8Array(32 * 150);
    for (let k = 0; k < 150; k++) {
      pattern.set(ref.subarray((k % 3) * 32, (k % 3) * 32 + 32), k * 32);
      pattern[k * 32 + 31] = pattern[k * 32 + 31]! ^ (k & 0x0f);
    }
    expect(index.votes(features(pattern), 1)).toEqual([{ referenceId: 'ref', votes: 3 }]);
    // Each call starts afresh: the copy still gets its 200 votes afterwards.
    expect(index.votes(features(ref), 1)[0]!.votes).toBe(200);
  });
});

describe('votes that agree in position (decision 0161)', () => {
  // 20 reference keypoints on a 512 x 384 picture, and where a half crop shrunk to 320 px puts
  // them: x' = 1.25 (x - 200), y' = 1.25 (y - 100).
  const ref = Array.from({ length: 20 }, (_, k) => [
    200 + ((k * 97) % 256),
    100 + ((k * 61) % 192),
  ]);
  const crop = ref.map(([x, y]) => [1.25 * (x! - 200), 1.25 * (y! - 100)]);
  const look: Features = {
    width: 320,
    height: 240,
    points: new Float32Array(0),
    descriptors: new Uint8Array(0),
  };
  const quads = (cand: number[][]) => ref.flatMap(([x, y], k) => [x!, y!, ...cand[k]!]);

  it('counts every vote one similarity carries, and one per place', () => {
    expect(agreeingVotes(quads(crop), look)).toBe(20);
    // The same corner found at another pyramid level is one vote, not two.
    expect(
      agreeingVotes(
        [...quads(crop), ref[0]![0]!, ref[0]![1]!, crop[0]![0]!, crop[0]![1]! + 1],
        look,
      ),
    ).toBe(20);
  });

  it('counts few of votes that land anywhere', () => {
    // The same candidate places, matched to the reference's keypoints in another order.
    const scattered = crop.map((_, k) => crop[(k * 7 + 3) % 20]!);
    expect(agreeingVotes(quads(scattered), look)).toBeLessThanOrEqual(4);
  });

  it('gives the count only to references whose votes lie in the window', () => {
    const points = new Float32Array(ref.flat());
    const index = new DescriptorIndex();
    const d = random(32 * 20, 9);
    index.set('ref', { width: 512, height: 384, points, descriptors: d });
    const cand = { ...look, points: new Float32Array(crop.flat()), descriptors: d };
    expect(index.votes(cand, 1, undefined, { from: 8, below: 24 })).toEqual([
      { referenceId: 'ref', votes: 20, agreeing: 20 },
    ]);
    expect(index.votes(cand, 1, undefined, { from: 8, below: 20 })).toEqual([
      { referenceId: 'ref', votes: 20 },
    ]);
    expect(index.votes(cand, 1)).toEqual([{ referenceId: 'ref', votes: 20 }]);
  });
});

describe('crowded buckets (decision 0165)', () => {
  // 40 references of 10 descriptors, all sharing slice 0 (bytes 0-1 zero): table 0's bucket 0
  // holds 400 entries, split by 5 more bits (those of slice 8, bytes 16-17).
  const refs = Array.from({ length: 40 }, (_, r) => {
    const d = random(32 * 10, 100 + r);
    for (let k = 0; k < 10; k++) d[k * 32] = d[k * 32 + 1] = 0;
    return d;
  });
  const build = (crowded?: number) => {
    const index = new DescriptorIndex(crowded);
    refs.forEach((d, r) => index.set(`r${r}`, features(d)));
    return index;
  };
  /** Reference 7's 4th descriptor with one bit changed in every slice but 0, and `extra` more. */
  const near = (extra: number[]) => {
    const d = refs[7]!.slice(3 * 32, 4 * 32);
    for (let t = 1; t < 16; t++) d[2 * t + 1]! ^= 0x80;
    for (const bit of extra) d[16 + (bit >> 3)]! ^= 1 << (bit & 7);
    return features(d);
  };

  it('finds a descriptor met in a crowded bucket only, its extra bits at most one off', () => {
    for (const extra of [[], [0], [4]]) {
      const split = build();
      expect(split.votes(near(extra), 1)).toEqual([{ referenceId: 'r7', votes: 1 }]);
      // Table 0 read 2 of the 32 sub-buckets' ~12 entries, and the other tables no more.
      expect(split.stats.entries).toBeLessThan(100);
      expect(build(Infinity).votes(near(extra), 1)).toEqual([{ referenceId: 'r7', votes: 1 }]);
    }
  });

  it('loses it when two of those bits differ, which the unsplit index still finds', () => {
    expect(build().votes(near([0, 1]), 1)).toEqual([]);
    expect(build(Infinity).votes(near([0, 1]), 1)).toEqual([{ referenceId: 'r7', votes: 1 }]);
  });

  it('gives the unsplit votes where no bucket is crowded', () => {
    const copy = features(refs[3]!);
    expect(build(1000).votes(copy, 1)).toEqual(build(Infinity).votes(copy, 1));
    expect(build().votes(copy, 1)[0]).toEqual({ referenceId: 'r3', votes: 10 });
  });
});
