/**
 * The descriptor index's votes count correspondences, not look-alikes (decision 0022): a reference
 * descriptor is one vote for one candidate descriptor per call, so a candidate made of a repeated
 * pattern (stars on a night sky: hundreds of near-identical descriptors) cannot pile hundreds of
 * votes on the few reference descriptors it resembles, while a true copy keeps every vote.
 */
import { describe, expect, it } from 'vitest';

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
