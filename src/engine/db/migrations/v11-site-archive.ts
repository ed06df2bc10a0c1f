import type { Migration } from './types';

/**
 * Archived crawl sites (issue 17 #12, decision 0083). A site that found something cannot be
 * deleted without losing what its matches point back to (the re-check reaches what the finding
 * site allowed, review shows its name), so it is archived instead: `archived_at` set, hidden from
 * the list of active sites, never scheduled or started, its runs, logs and matches kept. NULL for
 * every site of older files.
 *
 * Also the centre's time zone (issue 17 #4): `notice_centre.time_zone`, an IANA name whose days
 * the period report counts; '' (the default) means the system's zone.
 */
export const migrationSiteArchive: Migration = {
  version: 11,
  name: 'site-archive',
  up: (db) => {
    db.exec(`
      ALTER TABLE crawl_sites ADD COLUMN archived_at TEXT;
      ALTER TABLE notice_centre ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
    `);
  },
};
