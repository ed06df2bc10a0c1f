import type { Migration } from './types';

/**
 * Issue 18: the audit chain's anchor and the crawl runs' leases.
 *
 * `audit_anchor` (#7, decision 0043): one row with the number of entries and the last entry's
 * hash, moved in the transaction of every append, plus the same pair sealed with the master key
 * (NULL until an append happens with the key open). Started from the log as it is: the plain copy
 * only, since no key is open while migrating.
 *
 * `crawl_leases` (#3, decision 0044): the one process that crawls a run — a random owner token,
 * its host name and pid, since when, and a heartbeat (ms since the epoch) it renews while it
 * runs. A second process refuses the run while the heartbeat is fresh and takes it over once it
 * is stale (the holder was killed).
 */
export const migrationAnchorAndLeases: Migration = {
  version: 12,
  name: 'anchor-and-leases',
  up: (db) => {
    db.exec(`
      CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        count INTEGER NOT NULL,
        head TEXT NOT NULL,
        sealed BLOB
      ) STRICT;
      INSERT INTO audit_anchor (id, count, head)
        SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;

      CREATE TABLE crawl_leases (
        run_id INTEGER PRIMARY KEY REFERENCES crawl_runs(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
