import type Database from 'better-sqlite3';

/**
 * One numbered schema change. Versions are consecutive from 1; the name is recorded in the ledger
 * and must never change once released, so start-up can tell a file from a different lineage.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}
