import type { Migration } from './types';

/**
 * Issue 16 item 3: crawl workers on other machines. An admin makes a one-time enrolment code
 * (only its SHA-256 is kept, with an expiry); a worker trades it once for a credential (only its
 * SHA-256 is kept). Revoking an enrolment refuses the worker's next call (engine/workers/).
 */
export const migrationCrawlWorkers: Migration = {
  version: 21,
  name: 'crawl-workers',
  up(db) {
    db.exec(`
      CREATE TABLE worker_codes (
        id INTEGER PRIMARY KEY,
        code_sha256 TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT;
      CREATE TABLE worker_enrolments (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL,
        credential_sha256 TEXT NOT NULL UNIQUE,
        code_id INTEGER NOT NULL REFERENCES worker_codes(id),
        enrolled_at TEXT NOT NULL,
        last_seen_at TEXT,
        revoked_at TEXT
      ) STRICT;
    `);
  },
};
