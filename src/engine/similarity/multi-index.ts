/**
 * An exact similarity index for 256-bit hashes: multi-index hashing over substrings of about
 * log2(n) bits (see bucket-tables.ts), a packed Uint32Array of all hashes for verification, and a linear scan
 * for what the tables cannot answer cheaply. Results are always exactly the brute-force results.
 *
 * Additions go to a pending tail that queries scan linearly until it is merged into the tables;
 * removals clear an `alive` byte at once and are compacted away later. See
 * docs/decisions/0020-similarity-index.md for the measurements behind the choices.
 */
import {
  buildBucketTables,
  makeLayout,
  masksUpTo,
  masksWithin,
  probeRadius,
  substringAt,
  substringBitsFor,
  type BucketTables,
} from './bucket-tables';
import { compareMatches, scanKnn, scanRange, type HashStore, type Match } from './brute-force';
import { distanceAt, HASH_BITS, HASH_WORDS, packHash, popcount32 } from './hamming';
import { IdTable } from './id-table';

/** A reference hash as read from the case file. */
export interface HashRow {
  /** Non-negative safe integer, unique in the index (e.g. the hash row's rowid). */
  readonly id: number;
  /** The 32-byte hash. */
  readonly hash: Uint8Array;
}

/** Tuning knobs; the defaults are the measured ones. */
export interface HammingIndexOptions {
  /**
   * When the buckets a query would probe hold more than this fraction of the indexed slots, the
   * query scans linearly instead (a scanned slot is several times cheaper than a probed one).
   */
  readonly scanFraction?: number;
  /**
   * Bits per substring (8–24). Default: about log2 of the size at each rebuild, within 16–23.
   * Fixed values are for tests, which need many layouts over small sets.
   */
  readonly substringBits?: number;
}

/** Sizes and memory of an index. */
export interface HammingIndexStats {
  /** Live references. */
  readonly size: number;
  /** Slots covered by the bucket tables. */
  readonly indexed: number;
  /** Added slots not yet in the tables (scanned linearly by queries). */
  readonly pending: number;
  /** Removed slots not yet compacted away. */
  readonly removed: number;
  /** Bytes held by all typed arrays. */
  readonly bytes: number;
}

const EMPTY_TABLES: BucketTables = {
  layout: makeLayout(16),
  offsets: new Uint32Array(0),
  entries: new Uint32Array(0),
  perTable: 0,
};

/** Exact Hamming range and k-nearest search over 256-bit hashes. */
export class HammingIndex implements HashStore {
  words = new Uint32Array(0);
  ids = new Float64Array(0);
  alive = new Uint8Array(0);
  count = 0;
  private live = 0;
  private dead = 0;
  private indexedUpTo = 0; // slots [0, indexedUpTo) were in the tables when they were built
  private tables: BucketTables = EMPTY_TABLES;
  private readonly idTable = new IdTable();
  private readonly q = new Uint32Array(HASH_WORDS);
  private bounds = new Uint32Array(1_024); // scratch for probe(): reused, never shrunk
  private slots = new Uint32Array(1_024);
  private readonly scanFraction: number;
  private readonly substringBits: number | undefined;

  constructor(options: HammingIndexOptions = {}) {
    this.scanFraction = options.scanFraction ?? 0.25;
    this.substringBits = options.substringBits;
  }

  /**
   * Builds an index from any iterable of rows (e.g. `db.prepare(sql).iterate()`), with the
   * tables built once at the end rather than merged piecemeal.
   */
  static buildFromRows(rows: Iterable<HashRow>, options: HammingIndexOptions = {}): HammingIndex {
    const index = new HammingIndex(options);
    // The id map is filled once at the end, sized for the final count: inserting as rows arrive
    // would rehash it over and over while it grows (a third of the build time at 1M).
    for (const row of rows) index.append(row.id, row.hash, false);
    index.idTable.clear(index.count);
    for (let s = 0; s < index.count; s++) {
      const id = index.ids[s]!;
      if (index.idTable.get(id) >= 0) throw new Error(`reference ${id} appears twice`);
      index.idTable.set(id, s);
    }
    index.flush();
    index.resize(index.count); // no growth slack in a freshly built index
    return index;
  }

  /** Live references. */
  get size(): number {
    return this.live;
  }

  /** Whether `id` is in the index. */
  has(id: number): boolean {
    return this.idTable.get(id) >= 0;
  }

  /** Adds a reference; it is found by the very next query. Throws if `id` is already present. */
  add(id: number, hash: Uint8Array): void {
    this.append(id, hash);
  }

  /** Removes a reference; it is gone from the very next query. Returns false if it was absent. */
  remove(id: number): boolean {
    const slot = this.idTable.delete(id);
    if (slot < 0) return false;
    this.alive[slot] = 0;
    this.live--;
    this.dead++;
    return true;
  }

  /**
   * Rebuilds the tables before a query when the pending tail or the removed slots have grown
   * enough to slow it. Done here rather than in add/remove so that loading a case file through
   * add() costs one build at the first query, not one per few thousand hashes.
   */
  private settle(): void {
    const pendingLimit = Math.min(32_768, Math.max(4_096, this.indexedUpTo >>> 6));
    const tooManyDead = this.dead > 1_024 && this.dead > this.live >>> 2;
    if (this.count - this.indexedUpTo > pendingLimit || tooManyDead) this.flush();
  }

  /** Merges pending additions into the tables and compacts removed slots away. */
  flush(): void {
    if (this.dead > 0) this.compact();
    const bits = this.substringBits ?? substringBitsFor(this.live);
    this.tables = buildBucketTables(this.words, this.alive, this.count, makeLayout(bits));
    this.indexedUpTo = this.count;
  }

  /** Every reference within Hamming distance `radius` of `hash`, by distance then id. */
  rangeSearch(hash: Uint8Array, radius: number): Match[] {
    this.settle();
    packHash(hash, this.q, 0);
    const r = Math.min(Math.floor(radius), HASH_BITS);
    const out: Match[] = [];
    if (r < 0 || this.live === 0) return out;
    if (!this.probe(r, out)) scanRange(this, this.q, r, 0, this.count, out);
    return out.sort(compareMatches);
  }

  /**
   * The `k` nearest references within `maxRadius` (ties broken by id). Searches growing radii so
   * that a near query touches only near buckets; each radius's answer is exact, so the first one
   * holding k matches contains the k nearest.
   */
  nearest(hash: Uint8Array, k: number, maxRadius: number = HASH_BITS): Match[] {
    this.settle();
    packHash(hash, this.q, 0);
    const limit = Math.min(Math.floor(maxRadius), HASH_BITS);
    if (k <= 0 || limit < 0 || this.live === 0) return [];
    for (const step of [0, 8, 16, 24, 32, 40, 48, 64, 96, 128, HASH_BITS]) {
      const r = Math.min(step, limit);
      const out: Match[] = [];
      if (!this.probe(r, out)) return scanKnn(this, this.q, k, limit);
      if (out.length >= k || r === limit) return out.sort(compareMatches).slice(0, k);
    }
    return scanKnn(this, this.q, k, limit);
  }

  /** The brute-force answer to {@link rangeSearch}, kept for checking and benchmarks. */
  bruteForceRange(hash: Uint8Array, radius: number): Match[] {
    packHash(hash, this.q, 0);
    const out: Match[] = [];
    const r = Math.min(Math.floor(radius), HASH_BITS);
    if (r >= 0) scanRange(this, this.q, r, 0, this.count, out);
    return out.sort(compareMatches);
  }

  /** The brute-force answer to {@link nearest}, kept for checking and benchmarks. */
  bruteForceNearest(hash: Uint8Array, k: number, maxRadius: number = HASH_BITS): Match[] {
    packHash(hash, this.q, 0);
    const limit = Math.min(Math.floor(maxRadius), HASH_BITS);
    return limit < 0 ? [] : scanKnn(this, this.q, k, limit);
  }

  /** Sizes and memory. */
  stats(): HammingIndexStats {
    const t = this.tables;
    return {
      size: this.live,
      indexed: this.indexedUpTo,
      pending: this.count - this.indexedUpTo,
      removed: this.dead,
      bytes:
        this.words.byteLength +
        this.ids.byteLength +
        this.alive.byteLength +
        t.offsets.byteLength +
        t.entries.byteLength +
        this.idTable.byteLength,
    };
  }

  private append(id: number, hash: Uint8Array, track = true): void {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`reference id must be a non-negative safe integer, got ${id}`);
    }
    if (track && this.idTable.get(id) >= 0) {
      throw new Error(`reference ${id} is already in the index`);
    }
    if (this.count === this.ids.length) this.resize(Math.max(1_024, Math.ceil(this.count * 1.5)));
    const slot = this.count;
    packHash(hash, this.words, slot * HASH_WORDS); // validates the length before anything changes
    this.ids[slot] = id;
    this.alive[slot] = 1;
    if (track) this.idTable.set(id, slot);
    this.count++;
    this.live++;
  }

  private resize(capacity: number): void {
    const grow = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a.subarray(0, Math.min(a.length, n)));
      return b;
    };
    this.words = grow(this.words, capacity * HASH_WORDS);
    this.ids = grow(this.ids, capacity);
    this.alive = grow(this.alive, capacity);
  }

  /** Moves live slots down over removed ones; slot numbers change, so the id table is rebuilt. */
  private compact(): void {
    const { words, ids, alive } = this;
    let to = 0;
    for (let from = 0; from < this.count; from++) {
      if (alive[from] !== 1) continue;
      if (to !== from) {
        words.copyWithin(to * HASH_WORDS, from * HASH_WORDS, (from + 1) * HASH_WORDS);
        ids[to] = ids[from]!;
        alive[to] = 1;
      }
      to++;
    }
    alive.fill(0, to, this.count);
    this.count = to;
    this.dead = 0;
    this.idTable.clear(to);
    for (let s = 0; s < to; s++) this.idTable.set(ids[s]!, s);
  }

  /**
   * Range search through the tables, plus a scan of the pending tail; appends unsorted. Returns
   * false, having appended nothing, when a linear scan is the cheaper way: when the buckets to
   * probe (counted from binomials) or the slots they hold exceed `scanFraction` of the set.
   *
   * It works in passes (all bucket bounds, then per table the slots in them, then their hashes)
   * rather than one nested loop: the loads within a pass do not depend on each other, so the CPU
   * overlaps their cache misses instead of waiting for each in turn, which is what probing a
   * large index mostly does; and the first pass doubles as the exact cost estimate. A hash can
   * sit in the probed buckets of several substrings; it is reported only from the first, checked
   * for matches alone (rare) instead of marking every candidate seen.
   */
  private probe(r: number, out: Match[]): boolean {
    const { offsets, entries, perTable, layout } = this.tables;
    if (perTable === 0) return false;
    const { count: m, starts, lengths, tableStarts } = layout;
    const { words, ids, alive, q } = this;
    const threshold = this.scanFraction * this.count;
    const radii: number[] = [];
    let probes = 0;
    for (let j = 0; j < m; j++) {
      radii.push(probeRadius(r, m, j));
      probes += masksWithin(lengths[j]!, radii[j]!);
    }
    if (probes > threshold || probes > 1 << 22) return false;
    // Pass 1, all tables: bucket bounds, and the exact number of candidates.
    const bounds = this.scratchBounds(2 * probes);
    const keys: number[] = [];
    let candidates = 0;
    let b = 0;
    for (let j = 0; j < m; j++) {
      const key = substringAt(q, 0, starts[j]!, lengths[j]!);
      keys.push(key);
      if (radii[j]! < 0) continue;
      const base = tableStarts[j]!;
      const masks = masksUpTo(lengths[j]!, radii[j]!);
      for (let i = 0; i < masks.length; i++) {
        const v = base + (key ^ masks[i]!);
        const lo = offsets[v]!;
        const hi = offsets[v + 1]!;
        bounds[b++] = lo;
        bounds[b++] = hi;
        candidates += hi - lo;
      }
    }
    if (candidates > threshold) return false;
    const slots = this.scratchSlots(candidates);
    b = 0;
    for (let j = 0; j < m; j++) {
      const rad = radii[j]!;
      if (rad < 0) continue;
      const table = j * perTable;
      const probesHere = masksWithin(lengths[j]!, rad);
      // Pass 2: the slots in this table's buckets.
      let n = 0;
      for (let i = 0; i < probesHere; i++, b += 2) {
        const end = table + bounds[b + 1]!;
        for (let e = table + bounds[b]!; e < end; e++) slots[n++] = entries[e]!;
      }
      // Pass 3: verify.
      for (let c = 0; c < n; c++) {
        const slot = slots[c]!;
        const at = slot * HASH_WORDS;
        const d = distanceAt(words, at, q, r);
        if (d > r || alive[slot] !== 1) continue;
        let seen = false;
        for (let k = 0; k < j && !seen; k++) {
          const dk = substringAt(words, at, starts[k]!, lengths[k]!) ^ keys[k]!;
          seen = radii[k]! >= 0 && popcount32(dk) <= radii[k]!;
        }
        if (!seen) out.push({ id: ids[slot]!, distance: d });
      }
    }
    scanRange(this, q, r, this.indexedUpTo, this.count, out);
    return true;
  }

  private scratchBounds(n: number): Uint32Array {
    if (this.bounds.length < n) this.bounds = new Uint32Array(Math.max(n, this.bounds.length * 2));
    return this.bounds;
  }

  private scratchSlots(n: number): Uint32Array {
    if (this.slots.length < n) this.slots = new Uint32Array(Math.max(n, this.slots.length * 2));
    return this.slots;
  }
}
