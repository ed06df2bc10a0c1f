/**
 * The multi-index tables. A 256-bit hash is cut into m contiguous substrings of b or b + 1 bits,
 * with b near log2(n) so that an average bucket holds about one hash (Norouzi et al., "Fast Exact
 * Search in Hamming Space with Multi-Index Hashing", 2014). For each substring a CSR table lists
 * the slots whose substring has each value: one `offsets` array (2^len + 1 bucket starts per
 * table) and one `entries` array (m slots per hash, grouped by bucket): two typed arrays in all.
 */
import { HASH_BITS, HASH_WORDS } from './hamming';

/** How the 256 bits are cut. */
export interface SubstringLayout {
  /** Number of substrings m. */
  readonly count: number;
  /** First bit of each substring (bit i is bit i % 32 of word i / 32). */
  readonly starts: readonly number[];
  /** Bits in each substring (8–24). */
  readonly lengths: readonly number[];
  /** Where each substring's buckets start in `offsets`. */
  readonly tableStarts: readonly number[];
}

/** The substring tables over the slots that were live when they were built. */
export interface BucketTables {
  readonly layout: SubstringLayout;
  /** `offsets[tableStarts[j] + v]` is where bucket v of table j starts in table j's entries. */
  readonly offsets: Uint32Array;
  /** Table j's entries are `entries[j * perTable .. (j + 1) * perTable)`. */
  readonly entries: Uint32Array;
  /** Slots listed in each table. */
  readonly perTable: number;
}

/** Substring bits for `n` hashes: about log2(n), kept within 16–23 so offsets stay small. */
export function substringBitsFor(n: number): number {
  return Math.min(23, Math.max(16, Math.round(Math.log2(Math.max(n, 2)))));
}

/** Cuts 256 bits into round(256 / bits) substrings of near-equal length. */
export function makeLayout(bits: number): SubstringLayout {
  if (!(bits >= 8 && bits <= 24)) throw new RangeError(`substring bits must be 8–24, got ${bits}`);
  const count = Math.round(HASH_BITS / bits);
  const base = Math.floor(HASH_BITS / count);
  const extra = HASH_BITS - base * count;
  const starts: number[] = [];
  const lengths: number[] = [];
  const tableStarts: number[] = [];
  let bit = 0;
  let table = 0;
  for (let j = 0; j < count; j++) {
    const len = base + (j < extra ? 1 : 0);
    starts.push(bit);
    lengths.push(len);
    tableStarts.push(table);
    bit += len;
    table += (1 << len) + 1;
  }
  return { count, starts, lengths, tableStarts };
}

/** Value of the `len`-bit substring starting at bit `start` of the packed hash at word `at`. */
export function substringAt(words: Uint32Array, at: number, start: number, len: number): number {
  const w = at + (start >>> 5);
  const shift = start & 31;
  let v = words[w]! >>> shift;
  if (shift + len > 32) v |= words[w + 1]! << (32 - shift);
  return v & ((1 << len) - 1);
}

/**
 * Builds the tables over slots [0, count) whose `alive` byte is 1, by a counting sort per table:
 * one table at a time keeps its bucket counters (2^len words) in cache, which the scattered
 * increments of all tables at once would not. Slots stay ascending inside a bucket.
 */
export function buildBucketTables(
  words: Uint32Array,
  alive: Uint8Array,
  count: number,
  layout: SubstringLayout,
): BucketTables {
  const { starts, lengths, tableStarts } = layout;
  const m = layout.count;
  const offsets = new Uint32Array(tableStarts[m - 1]! + (1 << lengths[m - 1]!) + 1);
  const live = new Uint32Array(count);
  let perTable = 0;
  for (let s = 0; s < count; s++) if (alive[s] === 1) live[perTable++] = s;
  const entries = new Uint32Array(m * perTable);
  const keys = new Uint32Array(perTable);
  for (let j = 0; j < m; j++) {
    const start = starts[j]!;
    const len = lengths[j]!;
    const base = tableStarts[j]!;
    const table = j * perTable;
    for (let i = 0; i < perTable; i++) {
      const key = substringAt(words, live[i]! * HASH_WORDS, start, len);
      keys[i] = key;
      offsets[base + key + 1]!++;
    }
    const end = base + (1 << len) + 1;
    for (let v = base + 1; v < end; v++) offsets[v]! += offsets[v - 1]!;
    // Place: the counters become cursors, then are restored by shifting back one bucket.
    for (let i = 0; i < perTable; i++) {
      const v = base + keys[i]!;
      entries[table + offsets[v]!++] = live[i]!;
    }
    for (let v = end - 1; v > base; v--) offsets[v] = offsets[v - 1]!;
    offsets[base] = 0;
  }
  return { layout, offsets, entries, perTable };
}

/**
 * Probe radius of substring `j` of `m` at query radius `r`, by the refined pigeonhole rule: with
 * r = m·s + a, a hash within r has a substring among the first a + 1 within s, or one of the
 * others within s − 1 (else its distance is at least (a+1)(s+1) + (m−a−1)s = r + 1). A negative
 * radius means the substring need not be probed.
 */
export function probeRadius(r: number, m: number, j: number): number {
  const s = Math.floor(r / m);
  return j <= r - s * m ? s : s - 1;
}

/** C(len, ≤ rad): how many buckets a substring of `len` bits probes at radius `rad`. */
export function masksWithin(len: number, rad: number): number {
  let binom = 1;
  let sum = 0;
  for (let w = 0; w <= Math.min(rad, len); w++) {
    sum += binom;
    binom = (binom * (len - w)) / (w + 1);
  }
  return sum;
}

const maskCache = new Map<number, { masks: Uint32Array; weight: number }>();

/**
 * All `len`-bit masks of popcount ≤ `rad`, lightest first (Gosper's hack per weight). Cached per
 * length, grown on demand; callers bound `rad` so the list stays small.
 */
export function masksUpTo(len: number, rad: number): Uint32Array {
  const w = Math.min(rad, len);
  const cached = maskCache.get(len);
  if (cached && cached.weight >= w) return cached.masks.subarray(0, masksWithin(len, w));
  const masks = new Uint32Array(masksWithin(len, w));
  let i = 0;
  const limit = 2 ** len;
  for (let k = 0; k <= w; k++) {
    if (k === 0) {
      masks[i++] = 0;
      continue;
    }
    // Gosper's hack in doubles-safe integer arithmetic (len ≤ 24, so values fit in 32 bits).
    for (let x = 2 ** k - 1; x < limit;) {
      masks[i++] = x;
      const c = x & -x;
      const r = x + c;
      x = (((r ^ x) >>> 2) / c + r) >>> 0;
      if (r >= limit) break;
    }
  }
  maskCache.set(len, { masks, weight: w });
  return masks;
}
