/**
 * The linear scan: the reference answer every index result must equal, and the path the index
 * itself takes when a query would touch most of the set anyway.
 */
import { distanceAt, HASH_WORDS } from './hamming';

/** One reference within reach of a query. */
export interface Match {
  /** The reference's id (e.g. the SQLite rowid of its hash row). */
  readonly id: number;
  /** Hamming distance to the query, 0–256. */
  readonly distance: number;
}

/** The packed arrays a scan reads; slots in [0, count) whose `alive` byte is 0 are skipped. */
export interface HashStore {
  readonly words: Uint32Array;
  readonly ids: Float64Array;
  readonly alive: Uint8Array;
  readonly count: number;
}

/** Orders matches by distance, then id, so every path returns the same sequence. */
export function compareMatches(a: Match, b: Match): number {
  return a.distance - b.distance || a.id - b.id;
}

/** Appends every live slot in [from, to) within distance `r` of `q` to `out` (unsorted). */
export function scanRange(
  store: HashStore,
  q: Uint32Array,
  r: number,
  from: number,
  to: number,
  out: Match[],
): void {
  const { words, ids, alive } = store;
  for (let s = from; s < to; s++) {
    const d = distanceAt(words, s * HASH_WORDS, q, r);
    if (d <= r && alive[s] === 1) out.push({ id: ids[s]!, distance: d });
  }
}

/**
 * The `k` nearest live slots within `maxRadius` of `q`, by a full scan with a bounded sorted
 * buffer; the bound tightens as the buffer fills, so most slots stop after half their words.
 */
export function scanKnn(store: HashStore, q: Uint32Array, k: number, maxRadius: number): Match[] {
  const best: Match[] = [];
  if (k <= 0) return best;
  const { words, ids, alive, count } = store;
  let bound = maxRadius;
  for (let s = 0; s < count; s++) {
    const d = distanceAt(words, s * HASH_WORDS, q, bound);
    if (d > bound || alive[s] !== 1) continue;
    const m: Match = { id: ids[s]!, distance: d };
    let i = best.length;
    while (i > 0 && compareMatches(best[i - 1]!, m) > 0) i--;
    if (i >= k) continue;
    best.splice(i, 0, m);
    if (best.length > k) best.pop();
    if (best.length === k) bound = best[k - 1]!.distance;
  }
  return best;
}
