/**
 * 256-bit hashes as eight 32-bit words, and their Hamming distance. Every structure in this folder
 * keeps hashes packed in one Uint32Array (8 words per hash) so that a million references cost
 * 32 MB and no object each.
 */

/** Bits in one hash (PDQ and blockhash-16 are both 256 bits). */
export const HASH_BITS = 256;
/** Bytes in one hash as stored in the case file (a 32-byte BLOB). */
export const HASH_BYTES = 32;
/** 32-bit words in one packed hash. */
export const HASH_WORDS = 8;

/**
 * Packs a 32-byte hash into `out` at word offset `at` (little-endian within each word). Reads
 * byte by byte because SQLite BLOBs arrive as Buffers whose offset need not be 4-aligned.
 */
export function packHash(hash: Uint8Array, out: Uint32Array, at: number): void {
  if (hash.length !== HASH_BYTES) {
    throw new RangeError(`a hash must be ${HASH_BYTES} bytes, got ${hash.length}`);
  }
  for (let w = 0; w < HASH_WORDS; w++) {
    const b = w * 4;
    out[at + w] =
      (hash[b]! | (hash[b + 1]! << 8) | (hash[b + 2]! << 16) | (hash[b + 3]! << 24)) >>> 0;
  }
}

/** The inverse of {@link packHash}: the 32 bytes of the hash at word offset `at`. */
export function unpackHash(words: Uint32Array, at: number): Uint8Array {
  const out = new Uint8Array(HASH_BYTES);
  for (let w = 0; w < HASH_WORDS; w++) {
    const v = words[at + w]!;
    out[w * 4] = v & 0xff;
    out[w * 4 + 1] = (v >>> 8) & 0xff;
    out[w * 4 + 2] = (v >>> 16) & 0xff;
    out[w * 4 + 3] = v >>> 24;
  }
  return out;
}

/** Number of set bits in a 32-bit integer (SWAR; V8 has no popcount intrinsic). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Hamming distance between the packed hash at word offset `at` of `words` and the packed query
 * `q` (8 words). Returns early with a value above `limit` once the first half alone exceeds it:
 * most candidates are far away, and the caller only needs to know that they are.
 */
export function distanceAt(words: Uint32Array, at: number, q: Uint32Array, limit: number): number {
  let d =
    popcount32(words[at]! ^ q[0]!) +
    popcount32(words[at + 1]! ^ q[1]!) +
    popcount32(words[at + 2]! ^ q[2]!) +
    popcount32(words[at + 3]! ^ q[3]!);
  if (d > limit) return d;
  d +=
    popcount32(words[at + 4]! ^ q[4]!) +
    popcount32(words[at + 5]! ^ q[5]!) +
    popcount32(words[at + 6]! ^ q[6]!) +
    popcount32(words[at + 7]! ^ q[7]!);
  return d;
}

/** Hamming distance between two 32-byte hashes (for tests and one-off checks). */
export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== HASH_BYTES || b.length !== HASH_BYTES) {
    throw new RangeError(`hashes must be ${HASH_BYTES} bytes`);
  }
  let d = 0;
  for (let i = 0; i < HASH_BYTES; i++) d += popcount32(a[i]! ^ b[i]!);
  return d;
}
