import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { all, get, iterate, preparedOnce, run, runEach, sql, sqlId, sqlJoin, sqlList } from './sql';

const dir = mkdtempSync(path.join(tmpdir(), 'jium-sql-'));
let db: Database.Database;
beforeAll(() => {
  db = new Database(path.join(dir, 'sql.db'));
  db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, photo BLOB) STRICT');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Person {
  id: number;
  name: string;
  photo: Buffer | null;
}

describe('sql', () => {
  it('binds every interpolated value as a parameter, never as SQL text', () => {
    const hostile = "x'); DROP TABLE people; --";
    const q = sql`INSERT INTO people (name, photo) VALUES (${hostile}, ${Buffer.from([1, 2])})`;
    expect(q.text).toBe('INSERT INTO people (name, photo) VALUES (?, ?)');
    expect(q.params).toEqual([hostile, Buffer.from([1, 2])]);
    const id = Number(run(db, q).lastInsertRowid);
    const row = get(db, sql<Person>`SELECT * FROM people WHERE id = ${id}`);
    expect(row).toEqual({ id, name: hostile, photo: Buffer.from([1, 2]) });
    expect(get(db, sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master`)!.n).toBe(1);
  });

  it('carries the row type to get, all and iterate', () => {
    run(db, sql`INSERT INTO people (name) VALUES (${'Ada'}), (${'Grace'})`);
    const q = sql<Person>`SELECT * FROM people WHERE name IN (${sqlList(['Ada', 'Grace'])}) ORDER BY name`;
    expect(q.text).toContain('IN (?, ?)');
    const rows = all(db, q);
    expectTypeOf(rows).toEqualTypeOf<Person[]>();
    expect(rows.map((r) => r.name)).toEqual(['Ada', 'Grace']);
    expect([...iterate(db, q)].map((r) => r.name)).toEqual(['Ada', 'Grace']);
    expectTypeOf(get(db, q)).toEqualTypeOf<Person | undefined>();
  });

  it('nests queries and joins conditions with their parameters in order', () => {
    const conditions = [sql`name <> ${'nobody'}`, sql`id > ${0}`];
    const q = sql<Person>`SELECT * FROM people WHERE ${sqlJoin(conditions, ' AND ')} AND name = ${'Ada'}`;
    expect(q.text).toBe('SELECT * FROM people WHERE name <> ? AND id > ? AND name = ?');
    expect(q.params).toEqual(['nobody', 0, 'Ada']);
    expect(all(db, q).map((r) => r.name)).toEqual(['Ada']);
  });

  it('takes identifiers only from the allow-list it is given', () => {
    const columns = ['name', 'id'] as const;
    const order = (c: string) => sqlId(c as (typeof columns)[number], columns);
    const q = sql<Person>`SELECT * FROM people ORDER BY ${order('name')} DESC`;
    expect(q.text).toBe('SELECT * FROM people ORDER BY "name" DESC');
    expect(all(db, q)[0]!.name).toBe("x'); DROP TABLE people; --");
    expect(() => order('photo')).toThrow(/not an allowed identifier/);
    expect(() => order('name; DROP TABLE people')).toThrow(/not an allowed identifier/);
    // Even a listed name must be a plain SQL name.
    expect(() => sqlId('a"b', ['a"b'])).toThrow(/not an allowed identifier/);
  });

  it('runs one prepared statement per item, and refuses a different statement midway', () => {
    const names = ['Lin', 'Mei', 'Jun'];
    const insert = (name: string) => sql`INSERT INTO people (name) VALUES (${name})`;
    expect(runEach(db, names, insert)).toBe(3);
    const q = sql<Person>`SELECT * FROM people WHERE name IN (${sqlList(names)}) ORDER BY id`;
    expect(all(db, q).map((r) => r.name)).toEqual(names);
    const mixed = (name: string) =>
      name === 'B' ? sql`DELETE FROM people` : sql`INSERT INTO people (name) VALUES (${name})`;
    expect(() => runEach(db, ['A', 'B'], mixed)).toThrow(/same statement/);
    expect(get(db, sql<{ n: number }>`SELECT count(*) AS n FROM people`)!.n).toBeGreaterThan(3);
  });

  it('keeps each distinct statement of a loop prepared once, whatever order they come in', () => {
    const prepared: string[] = [];
    const counting = new Proxy(db, {
      get(target, key) {
        if (key !== 'prepare') return Reflect.get(target, key, target) as unknown;
        return (text: string) => {
          prepared.push(text);
          return target.prepare(text);
        };
      },
    });
    const once = preparedOnce(counting);
    for (const name of ['Ana', 'Bo', 'Cy', 'Di']) {
      once.run(sql`INSERT INTO people (name) VALUES (${name})`);
      if (name === 'Bo' || name === 'Di') {
        once.run(sql`UPDATE people SET photo = ${Buffer.from(name)} WHERE name = ${name}`);
      }
    }
    const bo = once.get(sql<Person>`SELECT * FROM people WHERE name = ${'Bo'}`);
    expect(bo?.photo).toEqual(Buffer.from('Bo'));
    expect(once.get(sql<Person>`SELECT * FROM people WHERE name = ${'Cy'}`)?.photo).toBeNull();
    // Four inserts, two updates and two reads through three statements.
    expect(prepared).toHaveLength(3);
  });

  it('refuses what would not bind as meant: booleans, undefined, empty lists, a plain call', () => {
    expect(() => sql`SELECT ${true as unknown as number}`).toThrow(/bind 1\/0 or null/);
    expect(() => sql`SELECT ${undefined as unknown as null}`).toThrow(/undefined/);
    expect(() => sqlList([])).toThrow(/empty list/);
    const forged = ['SELECT 1'] as unknown as TemplateStringsArray;
    expect(() => sql(forged)).toThrow(/tagged template/);
  });
});
