/**
 * ORB descriptors (256 bits, 32 bytes each) as 32-bit words, for Hamming distances a word at a
 * time: 8 popcounts per pair instead of 32 table look-ups, the inner loop of both the
 * verification's brute-force matching and the descriptor index's votes. The distance does not
 * depend on byte order, so the words are a plain view of the bytes where alignment allows.
 */

/** The descriptors as 8 words each: a view when the bytes are 4-aligned, else a copy. */
export function descriptorWords(bytes: Uint8Array): Uint32Array {
  if (bytes.byteOffset % 4 === 0 && bytes.length % 4 === 0) {
    return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  }
  const out = new Uint32Array(Math.floor(bytes.length / 4));
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}

/** Set bits of every 16-bit value (64 KiB): two look-ups per word beat SWAR by ~25% here. */
const POP16 = new Uint8Array(1 << 16);
for (let i = 1; i < POP16.length; i++) POP16[i] = POP16[i >> 1]! + (i & 1);

/** Set bits of a 32-bit word. */
export function popcount32(x: number): number {
  return POP16[x & 0xffff]! + POP16[x >>> 16]!;
}

/**
 * Hamming distance between descriptor `a` of `da` and descriptor `b` of `db` (word arrays, 8
 * words per descriptor), stopping once it exceeds `max` (the partial sum is then returned).
 */
export function descriptorDistance(
  da: Uint32Array,
  a: number,
  db: Uint32Array,
  b: number,
  max: number,
): number {
  return distanceAt(da, a * 8, db, b * 8, max);
}

/** {@link descriptorDistance} of the 8 words at word offsets `ao` of `da` and `bo` of `db`. */
export function distanceAt(
  da: Uint32Array,
  ao: number,
  db: Uint32Array,
  bo: number,
  max: number,
): number {
  let d = 0;
  for (let k = 0; k < 8 && d <= max; k++) d += popcount32(da[ao + k]! ^ db[bo + k]!);
  return d;
}

/**
 * The nearest and second-nearest descriptors of `refs` to descriptor `c` of `cands`, written to
 * `out` as [best distance, second distance, best index] (257, 257, -1 when `refs` is empty): the
 * inner loop of the verification's ratio test. The query's 8 words stay in locals, and a
 * reference whose first half alone reaches the second best is dropped there (it can change
 * neither), so the result is the brute force's exactly, about twice as fast.
 */
export function twoNearest(
  refs: Uint32Array,
  cands: Uint32Array,
  c: number,
  out: Int32Array,
): void {
  const o = c * 8;
  const q0 = cands[o]!;
  const q1 = cands[o + 1]!;
  const q2 = cands[o + 2]!;
  const q3 = cands[o + 3]!;
  const q4 = cands[o + 4]!;
  const q5 = cands[o + 5]!;
  const q6 = cands[o + 6]!;
  const q7 = cands[o + 7]!;
  let best = 257;
  let second = 257;
  let bestR = -1;
  for (let r = 0, a = 0; a < refs.length; r++, a += 8) {
    let d =
      popcount32(refs[a]! ^ q0) +
      popcount32(refs[a + 1]! ^ q1) +
      popcount32(refs[a + 2]! ^ q2) +
      popcount32(refs[a + 3]! ^ q3);
    if (d >= second) continue;
    d +=
      popcount32(refs[a + 4]! ^ q4) +
      popcount32(refs[a + 5]! ^ q5) +
      popcount32(refs[a + 6]! ^ q6) +
      popcount32(refs[a + 7]! ^ q7);
    if (d < best) {
      second = best;
      best = d;
      bestR = r;
    } else if (d < second) second = d;
  }
  out[0] = best;
  out[1] = second;
  out[2] = bestR;
}
