/**
 * Hash sets for tests and benchmarks: uniform random, and clustered like PDQ hashes of
 * near-duplicates (a centre per image, copies a few to a few dozen bits away). Seeded, so a
 * failing property or a benchmark can be replayed.
 */
import type { SubstringLayout } from './bucket-tables';
import { HASH_BITS, HASH_BYTES } from './hamming';

/** A small, fast, seedable PRNG (mulberry32); returns a function giving uint32 values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A uniformly random 32-byte hash. */
export function randomHash(rand: () => number): Uint8Array {
  const h = new Uint8Array(HASH_BYTES);
  for (let i = 0; i < HASH_BYTES; i += 4) {
    const v = rand();
    h[i] = v & 0xff;
    h[i + 1] = (v >>> 8) & 0xff;
    h[i + 2] = (v >>> 16) & 0xff;
    h[i + 3] = v >>> 24;
  }
  return h;
}

/** A copy of `hash` with `flips` distinct random bits flipped (distance exactly `flips`). */
export function flipBits(hash: Uint8Array, flips: number, rand: () => number): Uint8Array {
  const out = Uint8Array.from(hash);
  const n = Math.min(flips, HASH_BITS);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(rand() % HASH_BITS);
  for (const b of chosen) out[b >>> 3]! ^= 1 << (b & 7);
  return out;
}

/**
 * `n` hashes in clusters of about `clusterSize`: each member is its cluster's centre with 0 to
 * `spread` bits flipped, the way re-encoded, resized or lightly edited copies of one image hash.
 */
export function clusteredHashes(
  n: number,
  rand: () => number,
  clusterSize = 20,
  spread = 40,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  let centre = randomHash(rand);
  for (let i = 0; i < n; i++) {
    if (i % clusterSize === 0) centre = randomHash(rand);
    out.push(flipBits(centre, rand() % (spread + 1), rand));
  }
  return out;
}

/**
 * A copy of `hash` exactly `flips` bits away with the flips spread as evenly as possible over the
 * substrings of `layout`. Such copies sit on the edge of the pigeonhole guarantee, where an
 * off-by-one in the probe radii would miss them.
 */
export function spreadFlips(
  hash: Uint8Array,
  flips: number,
  rand: () => number,
  layout: SubstringLayout,
): Uint8Array {
  const out = Uint8Array.from(hash);
  const m = layout.count;
  const per = new Array<number>(m).fill(Math.floor(Math.min(flips, HASH_BITS) / m));
  const extra = new Set<number>();
  while (extra.size < Math.min(flips, HASH_BITS) % m) extra.add(rand() % m);
  for (const j of extra) per[j]!++;
  per.forEach((count, j) => {
    const len = layout.lengths[j]!;
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, len)) chosen.add(layout.starts[j]! + (rand() % len));
    for (const b of chosen) out[b >>> 3]! ^= 1 << (b & 7);
  });
  return out;
}
