import type { Migration } from './types';

/** The case file's identity and the local accounts and sessions every other domain relies on. */
export const migrationFoundation: Migration = {
  version: 1,
  name: 'foundation',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_file (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        file_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'counsellor', 'monitor', 'staff')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
