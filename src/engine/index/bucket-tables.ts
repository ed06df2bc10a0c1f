/**
 * The multi-index tables: a 256-bit hash is cut into 16 substrings of 16 bits, and for each
 * substring a CSR table lists the slots whose substring has each of the 65 536 values. A table
 * is a slice of one `offsets` array (65 537 bucket starts) and one `entries` array (the slots,
 * grouped by bucket), so the whole structure is two typed arrays and 64 bytes per hash.
 */
import { HASH_WORDS } from './hamming';

/** Substrings per hash. */
export const SUBSTRINGS = 16;
/** Bits per substring. */
export const SUBSTRING_BITS = 16;
/** Buckets per table, plus one end offset. */
export const BUCKET_SPAN = (1 << SUBSTRING_BITS) + 1;

/** The 16 substring tables over the slots present when they were built. */
export interface BucketTables {
  /** `offsets[j * BUCKET_SPAN + v]` is where bucket v of table j starts in table j's entries. */
  readonly offsets: Uint32Array;
  /** Table j's entries are `entries[j * perTable .. (j + 1) * perTable)`. */
  readonly entries: Uint32Array;
  /** Slots listed in each table. */
  readonly perTable: number;
}

/** Value of substring `j` (0–15) of the packed hash at word offset `at`. */
export function substringOf(words: Uint32Array, at: number, j: number): number {
  return (words[at + (j >>> 1)]! >>> ((j & 1) << 4)) & 0xffff;
}

/**
 * Builds the tables over slots [0, count) whose `alive` byte is 1, by a counting sort: one pass
 * counts all 16 substrings, one pass places them. Slots stay in ascending order inside a bucket.
 */
export function buildBucketTables(
  words: Uint32Array,
  alive: Uint8Array,
  count: number,
): BucketTables {
  const offsets = new Uint32Array(SUBSTRINGS * BUCKET_SPAN);
  let perTable = 0;
  for (let s = 0; s < count; s++) {
    if (alive[s] !== 1) continue;
    perTable++;
    const at = s * HASH_WORDS;
    for (let w = 0; w < HASH_WORDS; w++) {
      const v = words[at + w]!;
      const j = w << 1;
      offsets[j * BUCKET_SPAN + (v & 0xffff) + 1]!++;
      offsets[(j + 1) * BUCKET_SPAN + (v >>> 16) + 1]!++;
    }
  }
  for (let j = 0; j < SUBSTRINGS; j++) {
    const base = j * BUCKET_SPAN;
    for (let v = 1; v < BUCKET_SPAN; v++) offsets[base + v]! += offsets[base + v - 1]!;
  }
  const entries = new Uint32Array(SUBSTRINGS * perTable);
  // Cursors start at each bucket's offset; a copy, because offsets must survive the placement.
  const cursor = offsets.slice();
  for (let s = 0; s < count; s++) {
    if (alive[s] !== 1) continue;
    const at = s * HASH_WORDS;
    for (let w = 0; w < HASH_WORDS; w++) {
      const v = words[at + w]!;
      const j = w << 1;
      const lo = j * BUCKET_SPAN + (v & 0xffff);
      const hi = (j + 1) * BUCKET_SPAN + (v >>> 16);
      entries[j * perTable + cursor[lo]!++] = s;
      entries[(j + 1) * perTable + cursor[hi]!++] = s;
    }
  }
  return { offsets, entries, perTable };
}

/** All 16-bit masks, ordered by popcount, so the masks within radius r are a prefix. */
export const MASKS_BY_WEIGHT: Uint16Array = (() => {
  const all = Array.from({ length: 1 << SUBSTRING_BITS }, (_, i) => i);
  const weight = (x: number): number => {
    let c = 0;
    for (; x; x &= x - 1) c++;
    return c;
  };
  all.sort((a, b) => weight(a) - weight(b) || a - b);
  return Uint16Array.from(all);
})();

/** `MASKS_WITHIN[r]`: how many masks have popcount ≤ r (r = 0–16). */
export const MASKS_WITHIN: Uint32Array = (() => {
  const out = new Uint32Array(SUBSTRING_BITS + 1);
  let binom = 1;
  let sum = 0;
  for (let r = 0; r <= SUBSTRING_BITS; r++) {
    sum += binom;
    out[r] = sum;
    binom = (binom * (SUBSTRING_BITS - r)) / (r + 1);
  }
  return out;
})();

/**
 * Probe radius for substring `j` at query radius `r`: the refined pigeonhole rule. With
 * r = 16·s + a, a hash within r has a substring among the first a + 1 within s, or one of the
 * others within s − 1 (else its distance is at least (a+1)(s+1) + (15−a)s = r + 1). A negative
 * radius means the substring is not probed at all.
 */
export function probeRadius(r: number, j: number): number {
  const s = Math.floor(r / SUBSTRINGS);
  const a = r - s * SUBSTRINGS;
  return Math.min(SUBSTRING_BITS, j <= a ? s : s - 1);
}
