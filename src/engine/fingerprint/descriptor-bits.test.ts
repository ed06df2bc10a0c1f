import { describe, expect, it } from 'vitest';

import { descriptorDistance, descriptorWords, popcount32, twoNearest } from './descriptor-bits';

/** Bit by bit, the obvious way. */
function naive(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i]! ^ b[i]!; x; x >>= 1) d += x & 1;
  return d;
}

function random(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return out;
}

describe('descriptor words', () => {
  it('counts the set bits of any 32-bit word', () => {
    for (const x of [0, 1, 0xffffffff, 0x80000000, 0x55555555, 0x12345678, 0xdeadbeef]) {
      expect(popcount32(x)).toBe(
        naive(new Uint8Array(new Uint32Array([x]).buffer), new Uint8Array(4)),
      );
    }
  });

  it('gives the bytewise Hamming distance, for aligned and unaligned descriptor bytes', () => {
    const a = random(32 * 20, 1);
    const backing = new Uint8Array(32 * 20 + 1);
    backing.set(random(32 * 20, 2), 1);
    const b = backing.subarray(1); // not 4-aligned: copied
    const wa = descriptorWords(a);
    const wb = descriptorWords(b);
    expect(wa.buffer).toBe(a.buffer); // aligned: a view, no copy
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        const exact = naive(a.subarray(32 * i, 32 * i + 32), b.subarray(32 * j, 32 * j + 32));
        expect(descriptorDistance(wa, i, wb, j, 256)).toBe(exact);
        // Stopped early: over the bound whenever the distance is, and exact otherwise.
        const early = descriptorDistance(wa, i, wb, j, 100);
        if (exact > 100) expect(early).toBeGreaterThan(100);
        else expect(early).toBe(exact);
      }
    }
  });

  it('finds the nearest and second-nearest descriptors as the brute force does', () => {
    const refs = random(32 * 60, 3);
    // Candidates near some references (a few bits flipped), and random ones.
    const cands = random(32 * 40, 4);
    for (let c = 0; c < 20; c++) {
      cands.set(refs.subarray(32 * c * 3, 32 * c * 3 + 32), 32 * c);
      cands[32 * c + (c % 32)]! ^= 0x5a;
    }
    const wr = descriptorWords(refs);
    const wc = descriptorWords(cands);
    const out = new Int32Array(3);
    for (let c = 0; c < 40; c++) {
      const d = Array.from({ length: 60 }, (_, r) => descriptorDistance(wr, r, wc, c, 256));
      const sorted = [...d].sort((x, y) => x - y);
      twoNearest(wr, wc, c, out);
      expect([out[0], out[1]]).toEqual([sorted[0], sorted[1]]);
      expect(d[out[2]!]).toBe(sorted[0]);
      if (c < 20) expect(out[2]).toBe(c * 3);
    }
    twoNearest(new Uint32Array(0), wc, 0, out);
    expect([...out]).toEqual([257, 257, -1]);
  });
});
