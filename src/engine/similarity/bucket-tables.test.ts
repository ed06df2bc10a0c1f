import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  makeLayout,
  masksUpTo,
  masksWithin,
  probeRadius,
  substringAt,
  substringBitsFor,
} from './bucket-tables';
import { packHash, popcount32 } from './hamming';

describe('bucket tables', () => {
  it('layouts cover the 256 bits exactly, in order', () => {
    for (let bits = 8; bits <= 24; bits++) {
      const layout = makeLayout(bits);
      let next = 0;
      layout.starts.forEach((start, j) => {
        expect(start).toBe(next);
        next += layout.lengths[j]!;
      });
      expect(next).toBe(256);
    }
    expect(substringBitsFor(1_000_000)).toBe(20);
    expect(substringBitsFor(10)).toBe(16);
  });

  it('substringAt reads the right bits, across word boundaries too', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 232 }),
        fc.integer({ min: 1, max: 24 }),
        (hash, start, len) => {
          const words = new Uint32Array(8);
          packHash(hash, words, 0);
          let want = 0;
          for (let b = 0; b < len; b++) {
            const bit = start + b;
            want |= ((hash[bit >>> 3]! >>> (bit & 7)) & 1) << b;
          }
          expect(substringAt(words, 0, start, len)).toBe(want >>> 0);
        },
      ),
    );
  });

  it('masksUpTo lists every mask of weight ≤ rad once, lightest first', () => {
    for (const len of [9, 16, 20]) {
      for (const rad of [0, 1, 2, 3]) {
        const masks = [...masksUpTo(len, rad)];
        expect(masks.length).toBe(masksWithin(len, rad));
        expect(new Set(masks).size).toBe(masks.length);
        const weights = masks.map(popcount32);
        expect(weights.every((w, i) => w <= rad && w >= (weights[i - 1] ?? 0))).toBe(true);
        expect(masks.every((x) => x < 2 ** len)).toBe(true);
      }
    }
    expect(masksUpTo(16, 16).length).toBe(65_536);
  });

  it('probe radii satisfy the pigeonhole guarantee for any split of the distance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 24 }),
        fc.array(fc.nat(24), { minLength: 32, maxLength: 32 }),
        fc.integer({ min: 0, max: 256 }),
        (bits, raw, r) => {
          const { count: m, lengths } = makeLayout(bits);
          // A split of some distance ≤ r over the substrings (each within its length).
          const parts = lengths.map((len, j) => Math.min(len, raw[j]!));
          let total = parts.reduce((a, b) => a + b, 0);
          for (let j = 0; total > r; j = (j + 1) % m) {
            if (parts[j]! > 0) {
              parts[j]!--;
              total--;
            }
          }
          expect(parts.some((d, j) => d <= probeRadius(r, m, j))).toBe(true);
        },
      ),
    );
  });
});
