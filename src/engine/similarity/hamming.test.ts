import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { distanceAt, hammingDistance, packHash, popcount32, unpackHash } from './hamming';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('hamming', () => {
  it('popcount32 counts bits', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (x) => {
        expect(popcount32(x)).toBe(x.toString(2).split('1').length - 1);
      }),
    );
  });

  it('packs and unpacks losslessly, also from an unaligned Buffer', () => {
    fc.assert(
      fc.property(hash, (h) => {
        const unaligned = Buffer.concat([Buffer.from([1]), h]).subarray(1);
        const words = new Uint32Array(16);
        packHash(unaligned, words, 8);
        expect(unpackHash(words, 8)).toEqual(Uint8Array.from(h));
      }),
    );
  });

  it('distanceAt agrees with the byte-wise distance below the limit', () => {
    fc.assert(
      fc.property(hash, hash, fc.integer({ min: 0, max: 256 }), (a, b, limit) => {
        const words = new Uint32Array(8);
        const q = new Uint32Array(8);
        packHash(a, words, 0);
        packHash(b, q, 0);
        const exact = hammingDistance(a, b);
        const d = distanceAt(words, 0, q, limit);
        if (exact <= limit) expect(d).toBe(exact);
        else expect(d).toBeGreaterThan(limit);
      }),
    );
  });

  it('rejects hashes that are not 32 bytes', () => {
    expect(() => packHash(new Uint8Array(8), new Uint32Array(8), 0)).toThrow(RangeError);
  });
});
