import type { Migration } from './types';

/**
 * Follow-ups of accounts, cases and the crawler (decision 0080). A crawl site's login secrets
 * (cookie and header values) move out of its clear JSON configuration into `secrets`, sealed with
 * the master key; `secret_names` keeps what the UI may show (header names, whether a cookie is set).
 * Run snapshots lose their copies: a run takes the site's secrets when it starts. Rows that still
 * hold clear secrets are sealed by the engine the first time the master key is open (a migration
 * cannot: it runs before any key is available), see crawl/site-secrets.ts.
 */
export const migrationFollowups: Migration = {
  version: 8,
  name: 'followups',
  up: (db) => {
    db.exec(`
      ALTER TABLE crawl_sites ADD COLUMN secrets BLOB;
      ALTER TABLE crawl_sites ADD COLUMN secret_names TEXT;
      UPDATE crawl_runs SET config = json_set(config, '$.headers', json('{}'), '$.cookies', '')
        WHERE json_extract(config, '$.cookies') <> '' OR json_extract(config, '$.headers') <> '{}';
    `);
  },
};
