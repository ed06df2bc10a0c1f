import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { hashRowsFromSqlite } from './load-sqlite';
import { HammingIndex } from './multi-index';
import { randomHash, seededRandom } from './test-hashes';

function caseFileWith(rows: { id: number; algo: string; hash: Uint8Array }[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE ref_hash (id INTEGER PRIMARY KEY, algo TEXT NOT NULL, hash BLOB NOT NULL) STRICT',
  );
  const insert = db.prepare('INSERT INTO ref_hash (id, algo, hash) VALUES (?, ?, ?)');
  for (const r of rows) insert.run(r.id, r.algo, r.hash);
  return db;
}

describe('hashRowsFromSqlite', () => {
  it('streams every row of the filter, in chunks, exactly as stored', () => {
    const rand = seededRandom(3);
    const rows = Array.from({ length: 1_000 }, (_, i) => ({
      id: i * 3 + 1,
      algo: i % 4 === 0 ? 'blockhash' : 'pdq',
      hash: randomHash(rand),
    }));
    const db = caseFileWith(rows);
    const got = [
      ...hashRowsFromSqlite(db, {
        table: 'ref_hash',
        filter: { column: 'algo', value: 'pdq' },
        chunk: 97,
      }),
    ];
    const want = rows.filter((r) => r.algo === 'pdq');
    expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
    got.forEach((r, i) => expect(Uint8Array.from(r.hash)).toEqual(want[i]!.hash));
    const index = HammingIndex.buildFromRows(hashRowsFromSqlite(db, { table: 'ref_hash' }));
    expect(index.size).toBe(1_000);
    expect(index.rangeSearch(rows[5]!.hash, 0)).toEqual([{ id: rows[5]!.id, distance: 0 }]);
    db.close();
  });

  it('refuses hashes of the wrong length and bad identifiers', () => {
    const db = caseFileWith([{ id: 1, algo: 'pdq', hash: new Uint8Array(31) }]);
    expect(() => [...hashRowsFromSqlite(db, { table: 'ref_hash' })]).toThrow(/not 32 bytes/);
    expect(() => [...hashRowsFromSqlite(db, { table: 'ref_hash; DROP TABLE x' })]).toThrow(
      RangeError,
    );
    expect([...hashRowsFromSqlite(caseFileWith([]), { table: 'ref_hash' })]).toEqual([]);
    db.close();
  });
});
