import type { Migration } from './types';

/**
 * The hash-chained audit log (append-only: triggers refuse UPDATE and DELETE) and the key vault row
 * holding the protected master key. Users get the time of their last password change.
 */
export const migrationAuditAndKeys: Migration = {
  version: 2,
  name: 'audit-and-keys',
  up: (db) => {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        record_type TEXT,
        record_id TEXT,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      CREATE TABLE key_vault (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'os-keystore')),
        salt BLOB NOT NULL,
        wrapped_master BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE users ADD COLUMN password_changed_at TEXT;
    `);
  },
};
