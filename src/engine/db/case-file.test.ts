import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from './case-file';
import { MIGRATIONS, type Migration } from './migrations';

const NEXT_VERSION = MIGRATIONS.at(-1)!.version + 1;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

describe('case file', () => {
  it('creates a fresh file with WAL, foreign keys, STRICT tables and a full ledger', () => {
    const cf = openCaseFile(join(dir, 'new.jium'));
    try {
      expect(cf.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(cf.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(cf.info.schemaVersion).toBe(NEXT_VERSION - 1);
      expect(cf.info.fileId).toMatch(/^[0-9a-f-]{36}$/);
      const ledger = cf.db
        .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
        .all();
      expect(ledger).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      const nonStrict = (
        cf.db
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          )
          .all() as {
          name: string;
          sql: string;
        }[]
      ).filter((t) => !/\)\s*STRICT\s*$/i.test(t.sql));
      expect(nonStrict.map((t) => t.name)).toEqual([]);
    } finally {
      cf.close();
    }
  });

  it('reopens an existing file without re-running migrations and keeps its identity', () => {
    const path = join(dir, 'a.jium');
    const first = openCaseFile(path);
    const id = first.info.fileId;
    first.close();
    const second = openCaseFile(path);
    expect(second.info.fileId).toBe(id);
    expect(
      (second.db.prepare('SELECT count(*) n FROM schema_migrations').get() as { n: number }).n,
    ).toBe(MIGRATIONS.length);
    second.close();
  });

  it('upgrades a file written by an older schema, keeping its data', () => {
    const path = join(dir, 'old.jium');
    const extra: Migration = {
      version: NEXT_VERSION,
      name: 'test-notes',
      up: (db) =>
        db.exec('CREATE TABLE test_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT'),
    };
    const old = openCaseFile(path);
    old.db
      .prepare(
        "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('kim', 'Kim', 'staff', 'x', 'now')",
      )
      .run();
    old.close();
    const upgraded = openCaseFile(path, { migrations: [...MIGRATIONS, extra] });
    expect(upgraded.info.schemaVersion).toBe(NEXT_VERSION);
    expect(tables(upgraded.db)).toContain('test_notes');
    expect(upgraded.db.prepare('SELECT username FROM users').all()).toEqual([{ username: 'kim' }]);
    upgraded.close();
  });

  it('refuses a file from a newer schema with a clear message and leaves it untouched', () => {
    const path = join(dir, 'newer.jium');
    const extra: Migration = { version: NEXT_VERSION, name: 'future', up: () => {} };
    openCaseFile(path, { migrations: [...MIGRATIONS, extra] }).close();
    const err = (() => {
      try {
        openCaseFile(path);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('case-file');
    expect((err as ApiError).message).toMatch(
      /newer version of Jium \(schema \d+; this version knows up to \d+\)/,
    );
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(NEXT_VERSION);
    raw.close();
  });

  it('applies a reserved migration number that lands after a later one', () => {
    const path = join(dir, 'gap.jium');
    const later: Migration = {
      version: NEXT_VERSION + 1,
      name: 'later',
      up: (db) => db.exec('CREATE TABLE later_t (id INTEGER PRIMARY KEY) STRICT'),
    };
    const earlier: Migration = {
      version: NEXT_VERSION,
      name: 'earlier',
      up: (db) => db.exec('CREATE TABLE earlier_t (id INTEGER PRIMARY KEY) STRICT'),
    };
    openCaseFile(path, { migrations: [...MIGRATIONS, later] }).close();
    const both = openCaseFile(path, { migrations: [...MIGRATIONS, earlier, later] });
    expect(both.info.schemaVersion).toBe(NEXT_VERSION + 1);
    expect(tables(both.db)).toEqual(expect.arrayContaining(['earlier_t', 'later_t']));
    both.close();
    expect(() => openCaseFile(path, { migrations: [...MIGRATIONS, later, earlier] })).toThrow(
      /expected more than/,
    );
  });

  it('refuses a file whose ledger names a different migration', () => {
    const path = join(dir, 'fork.jium');
    const fork: Migration = { version: NEXT_VERSION, name: 'fork-a', up: () => {} };
    openCaseFile(path, { migrations: [...MIGRATIONS, fork] }).close();
    expect(() =>
      openCaseFile(path, { migrations: [...MIGRATIONS, { ...fork, name: 'fork-b' }] }),
    ).toThrow(/Migration \d+ in this file is "fork-a" but Jium expects "fork-b"/);
  });

  it('rolls back a failing migration completely', () => {
    const path = join(dir, 'fail.jium');
    openCaseFile(path).close();
    const broken: Migration = {
      version: NEXT_VERSION,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT');
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => openCaseFile(path, { migrations: [...MIGRATIONS, broken] })).toThrow(
      /not a usable case file/,
    );
    const cf = openCaseFile(path);
    expect(cf.info.schemaVersion).toBe(NEXT_VERSION - 1);
    expect(tables(cf.db)).not.toContain('half');
    cf.close();
  });

  it('says clearly when the file is not a case file at all', () => {
    const path = join(dir, 'photo.jium');
    writeFileSync(path, Buffer.alloc(4096, 0x41));
    expect(() => openCaseFile(path)).toThrow(/is not a usable case file/);
  });
});
