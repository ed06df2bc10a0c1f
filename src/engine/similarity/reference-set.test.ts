import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { BruteForceReferenceSet, type Fingerprint, type HashVariant } from '../fingerprint';
import { IndexedReferenceSet } from './reference-set';
import { flipBits, randomHash, seededRandom } from './test-hashes';

/** A fingerprint whose variants are near-copies of a few base hashes (as dihedral/crop sets). */
function fakeFingerprint(rand: () => number, bases: Uint8Array[]): Fingerprint {
  const variants: HashVariant[] = Array.from({ length: 1 + (rand() % 6) }, () => ({
    algo: rand() % 2 ? 'pdq' : 'blockhash',
    region: 'full',
    transform: 'identity',
    hash: flipBits(bases[rand() % bases.length]!, rand() % 50, rand),
  }));
  const zero = new Uint8Array(32);
  return {
    sha256: '0'.repeat(64),
    format: 'png',
    width: 1,
    height: 1,
    pdq: { hash: zero, hex: '0'.repeat(64), quality: 100 },
    blockhash: { hash: zero, hex: '0'.repeat(64) },
    variants,
    lowQuality: false,
  };
}

describe('IndexedReferenceSet', () => {
  it('answers findNearest exactly as BruteForceReferenceSet, through adds, replaces and removals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), (seed) => {
        const rand = seededRandom(seed);
        const bases = Array.from({ length: 1 + (rand() % 8) }, () => randomHash(rand));
        const indexed = new IndexedReferenceSet();
        const live = new Map<string, Fingerprint>(); // insertion order = brute force's order
        for (let step = 0; step < 60; step++) {
          const id = `ref-${rand() % 40}`;
          if (rand() % 4 === 0) {
            expect(indexed.remove(id)).toBe(live.delete(id));
          } else {
            const fp = fakeFingerprint(rand, bases);
            indexed.add(id, fp);
            live.set(id, fp);
          }
          const brute = new BruteForceReferenceSet();
          for (const [k, fp] of live) brute.add(k, fp);
          const q = flipBits(bases[rand() % bases.length]!, rand() % 40, rand);
          const algo = rand() % 2 ? 'pdq' : 'blockhash';
          const radius = rand() % 80;
          expect(indexed.findNearest(q, algo, radius)).toEqual(brute.findNearest(q, algo, radius));
          expect(indexed.size).toBe(live.size);
          expect(indexed.get(id)).toBe(live.get(id));
        }
      }),
      { numRuns: 40 },
    );
  });
});
