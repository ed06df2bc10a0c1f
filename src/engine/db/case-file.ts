/**
 * db/ owns the case file: opening and creating the SQLite file, its pragmas, and the numbered
 * migrations with their ledger. Domains keep their own queries; this folder keeps the plumbing.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { CaseFileInfo } from '../../shared/types';
import { MIGRATIONS, type Migration } from './migrations';

/** An open case file. */
export interface CaseFile {
  db: Database.Database;
  info: CaseFileInfo;
  close(): void;
}

export interface OpenOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  /** Override the migration list (tests of the migration machinery only). */
  migrations?: readonly Migration[];
  /** Clock for created_at and the ledger (tests). */
  now?: () => Date;
}

/**
 * Opens (or creates) a case file: WAL, foreign keys, a busy timeout for the worker connections,
 * then brings its schema up to date in one transaction per migration. Refuses a file written by
 * a newer Jium, or whose ledger disagrees with the known migrations, with a clear message.
 */
export function openCaseFile(path: string, options: OpenOptions = {}): CaseFile {
  const fullPath = resolve(path);
  const migrations = options.migrations ?? MIGRATIONS;
  const now = options.now ?? (() => new Date());
  if (options.create !== false) mkdirSync(dirname(fullPath), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(fullPath, { fileMustExist: options.create === false });
  } catch (e) {
    throw new ApiError(
      'case-file',
      `Cannot open the case file ${fullPath}: ${(e as Error).message}`,
    );
  }
  try {
    configure(db);
    migrate(db, migrations, now);
    const row = db.prepare('SELECT file_id, created_at FROM case_file WHERE id = 1').get() as
      { file_id: string; created_at: string } | undefined;
    if (!row) throw new ApiError('case-file', `${fullPath} has no case file identity row`);
    const info: CaseFileInfo = {
      path: fullPath,
      schemaVersion: currentVersion(db),
      createdAt: row.created_at,
      fileId: row.file_id,
    };
    return { db, info, close: () => db.close() };
  } catch (e) {
    db.close();
    if (e instanceof ApiError) throw e;
    throw new ApiError(
      'case-file',
      `${fullPath} is not a usable case file: ${(e as Error).message}`,
    );
  }
}

function configure(db: Database.Database): void {
  // Reading any page first makes "file is not a database" surface here, with a clear message.
  db.pragma('schema_version');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON'); // deleted victim data is overwritten, not left in free pages
}

function currentVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the pending migrations; each one and its ledger row commit together or not at all. */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
): void {
  // Versions only need to increase: domains reserve numbers in advance and may land out of order
  // (a file migrated without a number that arrives later gets it applied on its next open).
  migrations.forEach((m, i) => {
    const before = i === 0 ? 0 : migrations[i - 1]!.version;
    if (m.version <= before)
      throw new Error(`migration ${m.name} has version ${m.version}, expected more than ${before}`);
  });
  const known = migrations.at(-1)?.version ?? 0;
  const version = currentVersion(db);
  if (version > known) {
    throw new ApiError(
      'case-file',
      `This case file was written by a newer version of Jium (schema ${version}; this version knows up to ${known}). ` +
        'Update Jium to open it; the file was not changed.',
      undefined,
      'newer-case-file',
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const ledger = db
    .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
    .all() as {
    version: number;
    name: string;
  }[];
  const lastApplied = ledger.at(-1)?.version ?? 0;
  if (lastApplied !== version) {
    throw new ApiError(
      'case-file',
      `The migration ledger (up to ${lastApplied}) disagrees with schema version ${version}.`,
    );
  }
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of ledger) {
    const m = byVersion.get(row.version);
    if (!m || m.name !== row.name) {
      throw new ApiError(
        'case-file',
        `Migration ${row.version} in this file is "${row.name}" but Jium expects "${m?.name}": the file comes from a different build.`,
      );
    }
  }
  const applied = new Set(ledger.map((row) => row.version));
  for (const m of migrations.filter((x) => !applied.has(x.version))) {
    db.transaction(() => {
      m.up(db);
      if (m.version === 1 && !hasIdentity(db)) {
        db.prepare('INSERT INTO case_file (id, file_id, created_at) VALUES (1, ?, ?)').run(
          randomUUID(),
          now().toISOString(),
        );
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now().toISOString(),
      );
      db.pragma(`user_version = ${Math.max(m.version, currentVersion(db))}`);
    })();
  }
}

function hasIdentity(db: Database.Database): boolean {
  const t = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_file'")
    .get();
  return !!t && !!db.prepare('SELECT 1 FROM case_file WHERE id = 1').get();
}
