/**
 * Maps a reference id (a non-negative safe integer, e.g. a SQLite rowid) to its slot in the index.
 * Open addressing with linear probing over two typed arrays (12 bytes a bucket, at most 70% full)
 * instead of a Map, whose per-entry overhead would dominate at ten million hashes.
 */

const EMPTY = -1;
const DELETED = -2;

/** An id → slot map held in typed arrays. */
export class IdTable {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private used = 0; // live entries plus tombstones: what makes probe chains long
  private live = 0;

  constructor(expected = 16) {
    const cap = IdTable.capacityFor(expected);
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private static capacityFor(n: number): number {
    let cap = 16;
    while (cap * 0.7 < n) cap *= 2;
    return cap;
  }

  /** Live entries. */
  get size(): number {
    return this.live;
  }

  /** Bytes held by the table's arrays. */
  get byteLength(): number {
    return this.keys.byteLength + this.slots.byteLength;
  }

  private home(id: number): number {
    // Fold the high bits in so that ids above 2^32 still spread, then a multiplicative mix.
    const lo = id >>> 0;
    const hi = Math.floor(id / 4294967296) >>> 0;
    return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) & this.mask;
  }

  /** The slot of `id`, or -1. */
  get(id: number): number {
    for (let i = this.home(id); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === id) return this.slots[i]!;
      if (k === EMPTY) return -1;
    }
  }

  /** Sets the slot of `id` (inserting or overwriting). */
  set(id: number, slot: number): void {
    if ((this.used + 1) / (this.mask + 1) > 0.7) this.rehash(this.live + 1);
    let firstFree = -1;
    for (let i = this.home(id); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === id) {
        this.slots[i] = slot;
        return;
      }
      if (k === DELETED && firstFree < 0) firstFree = i;
      if (k === EMPTY) {
        if (firstFree < 0) {
          firstFree = i;
          this.used++;
        }
        this.keys[firstFree] = id;
        this.slots[firstFree] = slot;
        this.live++;
        return;
      }
    }
  }

  /** Removes `id`; returns its slot, or -1 when it was absent. */
  delete(id: number): number {
    for (let i = this.home(id); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === id) {
        this.keys[i] = DELETED; // a tombstone keeps later entries of the chain reachable
        this.live--;
        return this.slots[i]!;
      }
      if (k === EMPTY) return -1;
    }
  }

  /** Empties the table, sized for `expected` entries. */
  clear(expected: number): void {
    const cap = IdTable.capacityFor(expected);
    if (cap !== this.mask + 1) {
      this.keys = new Float64Array(cap);
      this.slots = new Int32Array(cap);
      this.mask = cap - 1;
    }
    this.keys.fill(EMPTY);
    this.used = 0;
    this.live = 0;
  }

  private rehash(expected: number): void {
    const { keys, slots } = this;
    const cap = IdTable.capacityFor(Math.max(expected, 16) * 1.5);
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.used = 0;
    this.live = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k >= 0) this.set(k, slots[i]!);
    }
  }
}
