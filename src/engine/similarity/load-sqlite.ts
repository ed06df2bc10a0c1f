/**
 * Reads reference hashes out of a SQLite table fast enough for start-up. Iterating rows makes a
 * JavaScript object and a Buffer per hash (about 2 µs a row); asking SQLite for 65 536 rows at a
 * time as one hex string and one id list is about three times faster at a million rows (see
 * bench/RESULTS.md), and feeds {@link HammingIndex.buildFromRows} all the same.
 */
import type Database from 'better-sqlite3';

import type { HashRow } from './multi-index';

/** Where the hashes live: a table with an integer `id` primary key and a 32-byte `hash` BLOB. */
export interface HashTableSource {
  /** Table name (an SQL identifier, checked against an allow-list pattern). */
  readonly table: string;
  /** Optional equality filter, e.g. `{ column: 'algo', value: 'pdq' }`. */
  readonly filter?: { readonly column: string; readonly value: string | number };
  /** Rows per round trip (default 65 536). */
  readonly chunk?: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`not an SQL identifier: ${name}`);
  return `"${name}"`;
}

/**
 * Streams `{ id, hash }` rows in id order, in chunks. Throws if a hash is not 32 bytes, rather
 * than index a truncated one.
 */
export function* hashRowsFromSqlite(
  db: Database.Database,
  source: HashTableSource,
): Generator<HashRow> {
  const where = source.filter ? `${identifier(source.filter.column)} = ? AND ` : '';
  const stmt = db
    .prepare<unknown[], [string | null, string | null, number | null, number | null]>(
      `SELECT group_concat(id), group_concat(hex(hash), ''), max(id), sum(length(hash) <> 32)
         FROM (SELECT id, hash FROM ${identifier(source.table)}
                WHERE ${where}id > ? ORDER BY id LIMIT ?)`,
    )
    .raw(true);
  const chunk = source.chunk ?? 65_536;
  const params = source.filter ? [source.filter.value] : [];
  for (let after = -1; ;) {
    const [ids, hex, max, bad] = stmt.get(...params, after, chunk)!;
    if (ids === null || hex === null || max === null) return;
    if (bad) throw new Error(`${source.table}: ${bad} hash(es) after id ${after} are not 32 bytes`);
    const bytes = Buffer.from(hex, 'hex');
    const list = ids.split(',');
    for (let i = 0; i < list.length; i++) {
      yield { id: Number(list[i]), hash: bytes.subarray(i * 32, i * 32 + 32) };
    }
    after = max;
  }
}
