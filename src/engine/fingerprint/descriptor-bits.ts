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

/** Set bits of a 32-bit word (SWAR). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
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
  const ao = a * 8;
  const bo = b * 8;
  let d = 0;
  for (let k = 0; k < 8 && d <= max; k++) d += popcount32(da[ao + k]! ^ db[bo + k]!);
  return d;
}
