import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { makeLayout, substringBitsFor } from './bucket-tables';
import type { Match } from './brute-force';
import { hammingDistance, HASH_BYTES } from './hamming';
import { HammingIndex } from './multi-index';
import { clusteredHashes, flipBits, randomHash, seededRandom, spreadFlips } from './test-hashes';

/** The oracle: a plain loop over byte arrays, sharing no code with the index. */
function oracleRange(rows: Map<number, Uint8Array>, q: Uint8Array, r: number): Match[] {
  const out: Match[] = [];
  for (const [id, hash] of rows) {
    const distance = hammingDistance(hash, q);
    if (distance <= r) out.push({ id, distance });
  }
  return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

function oracleNearest(rows: Map<number, Uint8Array>, q: Uint8Array, k: number): Match[] {
  return oracleRange(rows, q, 256).slice(0, k);
}

const seed = fc.integer({ min: 0, max: 0x7fffffff });
/** Force the table path (never scan) or leave the measured default. */
const scanFraction = fc.constantFrom(Number.POSITIVE_INFINITY, 0.25);
/** Substring layouts: the default for the size, or fixed ones (unequal lengths, word-spanning). */
const substringBits = fc.constantFrom(undefined, 9, 13, 16, 20);

/** A data set: uniform, clustered, or degenerate (many all-zero-ish hashes, as blank images give). */
function makeSet(kind: string, n: number, rand: () => number): Uint8Array[] {
  if (kind === 'uniform') return Array.from({ length: n }, () => randomHash(rand));
  if (kind === 'clustered') return clusteredHashes(n, rand, 1 + (rand() % 30), rand() % 48);
  const zero = new Uint8Array(HASH_BYTES);
  return Array.from({ length: n }, () => flipBits(zero, rand() % 24, rand));
}

/** Queries: perturbed members (near, many matches) and fresh random hashes (far). */
function makeQueries(hashes: Uint8Array[], rand: () => number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 2 || hashes.length === 0
      ? randomHash(rand)
      : flipBits(hashes[rand() % hashes.length]!, rand() % 40, rand),
  );
}

describe('HammingIndex equals brute force', () => {
  it('range search, random radii, uniform / clustered / degenerate sets', () => {
    fc.assert(
      fc.property(
        seed,
        fc.constantFrom('uniform', 'clustered', 'degenerate'),
        fc.integer({ min: 0, max: 700 }),
        scanFraction,
        substringBits,
        (s, kind, n, fraction, bits) => {
          const rand = seededRandom(s);
          const hashes = makeSet(kind, n, rand);
          const rows = new Map(hashes.map((h, i) => [i * 7 + 3, h] as const));
          const index = HammingIndex.buildFromRows(
            [...rows].map(([id, hash]) => ({ id, hash })),
            { scanFraction: fraction, substringBits: bits },
          );
          const layout = makeLayout(bits ?? substringBitsFor(n));
          for (const q of makeQueries(hashes, rand, 12)) {
            const r = rand() % 90;
            const want = oracleRange(rows, q, r);
            expect(index.rangeSearch(q, r)).toEqual(want);
            expect(index.bruteForceRange(q, r)).toEqual(want);
          }
          // Queries exactly r (and r + 1) from a member, flips spread over all substrings.
          for (let i = 0; i < 12 && hashes.length > 0; i++) {
            const r = rand() % 90;
            const q = spreadFlips(hashes[rand() % hashes.length]!, r + (i & 1), rand, layout);
            expect(index.rangeSearch(q, r)).toEqual(oracleRange(rows, q, r));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('k nearest, with ties ordered by id', () => {
    fc.assert(
      fc.property(
        seed,
        fc.constantFrom('uniform', 'clustered', 'degenerate'),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 25 }),
        scanFraction,
        substringBits,
        (s, kind, n, k, fraction, bits) => {
          const rand = seededRandom(s);
          const hashes = makeSet(kind, n, rand);
          const rows = new Map(hashes.map((h, i) => [i, h] as const));
          const index = HammingIndex.buildFromRows(
            [...rows].map(([id, hash]) => ({ id, hash })),
            { scanFraction: fraction, substringBits: bits },
          );
          for (const q of makeQueries(hashes, rand, 8)) {
            const want = oracleNearest(rows, q, k);
            expect(index.nearest(q, k)).toEqual(want);
            expect(index.bruteForceNearest(q, k)).toEqual(want);
            const cap = rand() % 64;
            expect(index.nearest(q, k, cap)).toEqual(want.filter((m) => m.distance <= cap));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('honours interleaved adds, removes and flushes at once', () => {
    type Op =
      | { kind: 'add'; count: number }
      | { kind: 'remove'; count: number }
      | { kind: 'flush' }
      | { kind: 'query'; r: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), count: fc.integer({ min: 1, max: 80 }) }),
      fc.record({ kind: fc.constant('remove' as const), count: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('flush' as const) }),
      fc.record({ kind: fc.constant('query' as const), r: fc.integer({ min: 0, max: 70 }) }),
    );
    fc.assert(
      fc.property(seed, fc.array(op, { maxLength: 40 }), scanFraction, (s, ops, fraction) => {
        const rand = seededRandom(s);
        const pool = clusteredHashes(2_000, rand, 10, 30);
        const rows = new Map<number, Uint8Array>();
        const index = new HammingIndex({ scanFraction: fraction });
        const layout = makeLayout(16); // the default for every size this test reaches
        let nextId = 1;
        const check = (r: number): void => {
          const edge = spreadFlips(pool[rand() % pool.length]!, r, rand, layout);
          for (const q of [edge, ...makeQueries(pool, rand, 3)]) {
            expect(index.rangeSearch(q, r)).toEqual(oracleRange(rows, q, r));
            expect(index.nearest(q, 5)).toEqual(oracleNearest(rows, q, 5));
          }
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            for (let i = 0; i < o.count; i++) {
              const hash = pool[rand() % pool.length]!;
              rows.set(nextId, hash);
              index.add(nextId++, hash);
            }
          } else if (o.kind === 'remove') {
            const ids = [...rows.keys()];
            for (let i = 0; i < o.count && ids.length > 0; i++) {
              const id = ids.splice(rand() % ids.length, 1)[0]!;
              rows.delete(id);
              expect(index.remove(id)).toBe(true);
              expect(index.remove(id)).toBe(false);
            }
          } else if (o.kind === 'flush') {
            index.flush();
          } else {
            check(o.r);
          }
          expect(index.size).toBe(rows.size);
        }
        check(31);
      }),
      { numRuns: 60 },
    );
  });

  it('stays exact across automatic merges and compaction (thousands of changes)', () => {
    const rand = seededRandom(42);
    const hashes = clusteredHashes(12_000, rand, 12, 36);
    const rows = new Map<number, Uint8Array>();
    const index = HammingIndex.buildFromRows(
      hashes.slice(0, 3_000).map((hash, id) => {
        rows.set(id, hash);
        return { id, hash };
      }),
    );
    // 9 000 adds leave a pending tail past the 4 096 limit: the next query merges it.
    for (let id = 3_000; id < 12_000; id++) {
      index.add(id, hashes[id]!);
      rows.set(id, hashes[id]!);
    }
    expect(index.stats().pending).toBe(9_000); // add() itself never rebuilds
    expect(index.rangeSearch(hashes[0]!, 10)).toEqual(oracleRange(rows, hashes[0]!, 10));
    expect(index.stats().pending).toBe(0);
    // 5 000 removals pass the compaction trigger; they are honoured before it runs, too.
    for (let id = 0; id < 10_000; id += 2) {
      index.remove(id);
      rows.delete(id);
      if (id % 1_000 === 0) {
        expect(index.bruteForceRange(hashes[id]!, 0).some((m) => m.id === id)).toBe(false);
      }
    }
    expect(index.stats().removed).toBe(5_000);
    expect(index.rangeSearch(hashes[1]!, 31)).toEqual(oracleRange(rows, hashes[1]!, 31));
    const stats = index.stats();
    expect(stats.size).toBe(7_000);
    expect(stats.removed).toBe(0); // compacted by that query
    for (const q of makeQueries(hashes, rand, 40)) {
      for (const r of [0, 16, 31, 48]) {
        expect(index.rangeSearch(q, r)).toEqual(oracleRange(rows, q, r));
      }
      expect(index.nearest(q, 10)).toEqual(oracleNearest(rows, q, 10));
    }
  });

  it('rejects bad input and duplicate ids without changing the index', () => {
    const index = new HammingIndex();
    const h = new Uint8Array(HASH_BYTES).fill(7);
    index.add(9, h);
    expect(() => index.add(9, h)).toThrow(/already/);
    expect(() => index.add(-1, h)).toThrow(RangeError);
    expect(() => index.add(1.5, h)).toThrow(RangeError);
    expect(() => index.add(10, new Uint8Array(31))).toThrow(RangeError);
    expect(index.size).toBe(1);
    expect(index.has(10)).toBe(false);
    expect(index.rangeSearch(h, 0)).toEqual([{ id: 9, distance: 0 }]);
    expect(index.rangeSearch(h, -1)).toEqual([]);
    expect(index.nearest(h, 0)).toEqual([]);
  });

  it('accepts ids above 2^32 (SQLite rowids are 64-bit)', () => {
    const rand = seededRandom(5);
    const big = 2 ** 40 + 17;
    const h = randomHash(rand);
    const index = HammingIndex.buildFromRows([
      { id: big, hash: h },
      { id: 17, hash: randomHash(rand) },
    ]);
    expect(index.rangeSearch(h, 0)).toEqual([{ id: big, distance: 0 }]);
    expect(index.remove(big)).toBe(true);
    expect(index.rangeSearch(h, 0)).toEqual([]);
  });
});

describe('HammingIndex.buildFromRows', () => {
  it('refuses duplicate ids', () => {
    const h = new Uint8Array(HASH_BYTES);
    expect(() =>
      HammingIndex.buildFromRows([
        { id: 1, hash: h },
        { id: 2, hash: h },
        { id: 1, hash: h },
      ]),
    ).toThrow(/twice/);
  });
});
