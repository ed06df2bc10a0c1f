/**
 * Data for the similarity-index benchmark: reference hashes in one flat Uint8Array (32 bytes per
 * hash, no object each, so ten million fit in 320 MB), uniform or clustered like PDQ hashes of
 * near-duplicates, plus a query mix and the SQLite file the start-up build reads.
 */
import Database from 'better-sqlite3';

import { seededRandom } from '../src/engine/similarity/test-hashes';

export type Distribution = 'uniform' | 'clustered';

/** Members per cluster and the largest distance of a member from its cluster's centre. */
export const CLUSTER_SIZE = 20;
export const CLUSTER_SPREAD = 32;

function fillRandom(out: Uint8Array, at: number, rand: () => number): void {
  for (let i = 0; i < 32; i += 4) {
    const v = rand();
    out[at + i] = v & 0xff;
    out[at + i + 1] = (v >>> 8) & 0xff;
    out[at + i + 2] = (v >>> 16) & 0xff;
    out[at + i + 3] = v >>> 24;
  }
}

/** Flips up to `flips` random bits (repeats allowed, so the distance is at most `flips`). */
function flipUpTo(out: Uint8Array, at: number, flips: number, rand: () => number): void {
  for (let f = 0; f < flips; f++) {
    const b = rand() & 255;
    out[at + (b >>> 3)]! ^= 1 << (b & 7);
  }
}

/** `n` reference hashes, flat. Clustered: centres uniform, members 0–32 bits from their centre. */
export function makeReferences(n: number, dist: Distribution, seed: number): Uint8Array {
  const rand = seededRandom(seed);
  const out = new Uint8Array(n * 32);
  const centre = new Uint8Array(32);
  for (let i = 0; i < n; i++) {
    if (dist === 'uniform') {
      fillRandom(out, i * 32, rand);
      continue;
    }
    if (i % CLUSTER_SIZE === 0) fillRandom(centre, 0, rand);
    out.set(centre, i * 32);
    flipUpTo(out, i * 32, rand() % (CLUSTER_SPREAD + 1), rand);
  }
  return out;
}

/**
 * The query mix a crawler produces: half re-uploads (a reference with 0–30 bits flipped, as
 * re-encoding and resizing do), half unrelated images (uniform hashes).
 */
export function makeQueries(refs: Uint8Array, count: number, seed: number): Uint8Array[] {
  const rand = seededRandom(seed);
  const n = refs.length / 32;
  return Array.from({ length: count }, (_, i) => {
    const q = new Uint8Array(32);
    if (i % 2 === 0) {
      const at = (rand() % n) * 32;
      q.set(refs.subarray(at, at + 32));
      flipUpTo(q, 0, rand() % 31, rand);
    } else {
      fillRandom(q, 0, rand);
    }
    return q;
  });
}

/** Rows over the flat buffer, ids 1..n like rowids; views are made one at a time. */
export function* rowsOf(refs: Uint8Array): Generator<{ id: number; hash: Uint8Array }> {
  const n = refs.length / 32;
  for (let i = 0; i < n; i++) yield { id: i + 1, hash: refs.subarray(i * 32, i * 32 + 32) };
}

/** Writes the references to a fresh SQLite file as the case file would hold them. */
export function writeSqlite(path: string, refs: Uint8Array): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('DROP TABLE IF EXISTS reference_hash');
  db.exec(
    'CREATE TABLE reference_hash (id INTEGER PRIMARY KEY, algo TEXT NOT NULL, hash BLOB NOT NULL) STRICT',
  );
  const insert = db.prepare('INSERT INTO reference_hash (id, algo, hash) VALUES (?, ?, ?)');
  const n = refs.length / 32;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(i + 1, 'pdq', refs.subarray(i * 32, i * 32 + 32));
  });
  for (let i = 0; i < n; i += 100_000) batch(i, Math.min(n, i + 100_000));
  db.close();
}

/** Opens the SQLite file and streams its rows: what start-up does. */
export function* readSqlite(path: string): Generator<{ id: number; hash: Uint8Array }> {
  const db = new Database(path, { readonly: true });
  try {
    const stmt = db.prepare<[string], { id: number; hash: Buffer }>(
      'SELECT id, hash FROM reference_hash WHERE algo = ?',
    );
    yield* stmt.iterate('pdq');
  } finally {
    db.close();
  }
}
