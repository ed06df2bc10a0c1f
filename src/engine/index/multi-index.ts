/**
 * An exact similarity index for 256-bit hashes: multi-index hashing over 16 substrings of 16 bits
 * (see bucket-tables.ts), a packed Uint32Array of all hashes for verification, and a linear scan
 * for what the tables cannot answer cheaply. Results are always exactly the brute-force results.
 *
 * Additions go to a pending tail that queries scan linearly until it is merged into the tables;
 * removals clear an `alive` byte at once and are compacted away later. See
 * docs/decisions/0020-similarity-index.md for the measurements behind the choices.
 */
import {
  BUCKET_SPAN,
  buildBucketTables,
  MASKS_BY_WEIGHT,
  MASKS_WITHIN,
  probeRadius,
  SUBSTRINGS,
  type BucketTables,
} from './bucket-tables';
import { compareMatches, scanKnn, scanRange, type HashStore, type Match } from './brute-force';
import { distanceAt, HASH_BITS, HASH_WORDS, packHash } from './hamming';
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
  offsets: new Uint32Array(SUBSTRINGS * BUCKET_SPAN),
  entries: new Uint32Array(0),
  perTable: 0,
};

/** Exact Hamming range and k-nearest search over 256-bit hashes. */
export class HammingIndex implements HashStore {
  words = new Uint32Array(0);
  ids = new Float64Array(0);
  alive = new Uint8Array(0);
  count = 0;
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private live = 0;
  private dead = 0;
  private indexedUpTo = 0; // slots [0, indexedUpTo) were in the tables when they were built
  private tables: BucketTables = EMPTY_TABLES;
  private readonly idTable = new IdTable();
  private readonly q = new Uint32Array(HASH_WORDS);
  private readonly scanFraction: number;

  constructor(options: HammingIndexOptions = {}) {
    this.scanFraction = options.scanFraction ?? 0.25;
  }

  /**
   * Builds an index from any iterable of rows (e.g. `db.prepare(sql).iterate()`), with the
   * tables built once at the end rather than merged piecemeal.
   */
  static buildFromRows(rows: Iterable<HashRow>, options: HammingIndexOptions = {}): HammingIndex {
    const index = new HammingIndex(options);
    for (const row of rows) index.append(row.id, row.hash);
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
    const pendingLimit = Math.min(32_768, Math.max(4_096, this.indexedUpTo >>> 6));
    if (this.count - this.indexedUpTo > pendingLimit) this.flush();
  }

  /** Removes a reference; it is gone from the very next query. Returns false if it was absent. */
  remove(id: number): boolean {
    const slot = this.idTable.delete(id);
    if (slot < 0) return false;
    this.alive[slot] = 0;
    this.live--;
    this.dead++;
    if (this.dead > 1_024 && this.dead > this.live >>> 2) this.flush();
    return true;
  }

  /** Merges pending additions into the tables and compacts removed slots away. */
  flush(): void {
    if (this.dead > 0) this.compact();
    this.tables = buildBucketTables(this.words, this.alive, this.count);
    this.indexedUpTo = this.count;
  }

  /** Every reference within Hamming distance `radius` of `hash`, by distance then id. */
  rangeSearch(hash: Uint8Array, radius: number): Match[] {
    packHash(hash, this.q, 0);
    const r = Math.min(Math.floor(radius), HASH_BITS);
    const out: Match[] = [];
    if (r < 0 || this.live === 0) return out;
    if (this.worthScanning(r)) scanRange(this, this.q, r, 0, this.count, out);
    else this.probe(r, out);
    return out.sort(compareMatches);
  }

  /**
   * The `k` nearest references within `maxRadius` (ties broken by id). Searches growing radii so
   * that a near query touches only near buckets; each radius's answer is exact, so the first one
   * holding k matches contains the k nearest.
   */
  nearest(hash: Uint8Array, k: number, maxRadius: number = HASH_BITS): Match[] {
    packHash(hash, this.q, 0);
    const limit = Math.min(Math.floor(maxRadius), HASH_BITS);
    if (k <= 0 || limit < 0 || this.live === 0) return [];
    for (const step of [0, 8, 16, 24, 32, 40, 48, 64, 96, 128, HASH_BITS]) {
      const r = Math.min(step, limit);
      if (this.worthScanning(r)) return scanKnn(this, this.q, k, limit);
      const out: Match[] = [];
      this.probe(r, out);
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
        this.stamps.byteLength +
        t.offsets.byteLength +
        t.entries.byteLength +
        this.idTable.byteLength,
    };
  }

  private append(id: number, hash: Uint8Array): void {
    if (!Number.isSafeInteger(id) || id < 0) {
      throw new RangeError(`reference id must be a non-negative safe integer, got ${id}`);
    }
    if (this.idTable.get(id) >= 0) throw new Error(`reference ${id} is already in the index`);
    if (this.count === this.ids.length) this.resize(Math.max(1_024, Math.ceil(this.count * 1.5)));
    const slot = this.count;
    packHash(hash, this.words, slot * HASH_WORDS); // validates the length before anything changes
    this.ids[slot] = id;
    this.alive[slot] = 1;
    this.idTable.set(id, slot);
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
    this.stamps = grow(this.stamps, capacity);
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
   * Whether a linear scan is cheaper than probing for radius `r`: sums the sizes of the buckets
   * the probe would visit and stops as soon as they exceed the scan threshold.
   */
  private worthScanning(r: number): boolean {
    const { offsets, perTable } = this.tables;
    if (perTable === 0) return true;
    const threshold = this.scanFraction * this.count;
    const q = this.q;
    let candidates = 0;
    for (let j = 0; j < SUBSTRINGS; j++) {
      const rad = probeRadius(r, j);
      if (rad < 0) continue;
      const base = j * BUCKET_SPAN;
      const key = (q[j >>> 1]! >>> ((j & 1) << 4)) & 0xffff;
      const n = MASKS_WITHIN[rad]!;
      for (let m = 0; m < n; m++) {
        const v = base + (key ^ MASKS_BY_WEIGHT[m]!);
        candidates += offsets[v + 1]! - offsets[v]!;
      }
      if (candidates > threshold) return true;
    }
    return false;
  }

  /** Range search through the tables, plus a scan of the pending tail; appends unsorted. */
  private probe(r: number, out: Match[]): void {
    const { offsets, entries, perTable } = this.tables;
    const { words, ids, alive, stamps, q } = this;
    if (++this.stamp === 0xffffffff) {
      stamps.fill(0);
      this.stamp = 1;
    }
    const st = this.stamp;
    for (let j = 0; j < SUBSTRINGS; j++) {
      const rad = probeRadius(r, j);
      if (rad < 0) continue;
      const base = j * BUCKET_SPAN;
      const table = j * perTable;
      const key = (q[j >>> 1]! >>> ((j & 1) << 4)) & 0xffff;
      const n = MASKS_WITHIN[rad]!;
      for (let m = 0; m < n; m++) {
        const v = base + (key ^ MASKS_BY_WEIGHT[m]!);
        const end = table + offsets[v + 1]!;
        for (let e = table + offsets[v]!; e < end; e++) {
          const slot = entries[e]!;
          if (stamps[slot] === st) continue; // already seen through an earlier substring
          stamps[slot] = st;
          const d = distanceAt(words, slot * HASH_WORDS, q, r);
          if (d <= r && alive[slot] === 1) out.push({ id: ids[slot]!, distance: d });
        }
      }
    }
    scanRange(this, q, r, this.indexedUpTo, this.count, out);
  }
}
