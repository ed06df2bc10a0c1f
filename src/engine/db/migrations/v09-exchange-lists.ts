import type { Migration } from './types';

/**
 * Hash-list exchange (issue 8, decision 0075). Imported lists of other hotlines and platforms (PDQ
 * with quality, blockhash, SHA-256; no images, no identities) and the crawl matches they produce.
 * Entries are unique per list by PDQ (or by SHA-256 when a row has no PDQ), so duplicates merge.
 * A list match has no case and no reference image, which crawl_matches requires, so it lives in
 * its own table with the same evidence columns minus the sealed bytes (there is no case key).
 * crawl_image_hashes learns the PDQ quality of crawled images so that exports can carry it.
 */
export const migrationExchangeLists: Migration = {
  version: 9,
  name: 'exchange-lists',
  up: (db) => {
    db.exec(`
      CREATE TABLE hash_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        entries INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        merged INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by INTEGER REFERENCES users(id)
      ) STRICT;

      CREATE TABLE hash_list_entries (
        id INTEGER PRIMARY KEY,
        list_id INTEGER NOT NULL REFERENCES hash_lists(id) ON DELETE CASCADE,
        pdq BLOB CHECK (pdq IS NULL OR length(pdq) = 32),
        pdq_quality INTEGER CHECK (pdq_quality IS NULL OR pdq_quality BETWEEN 0 AND 100),
        blockhash BLOB CHECK (blockhash IS NULL OR length(blockhash) = 32),
        sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
        line INTEGER NOT NULL,
        CHECK (pdq IS NOT NULL OR sha256 IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX hash_list_entries_pdq ON hash_list_entries(list_id, pdq)
        WHERE pdq IS NOT NULL;
      CREATE UNIQUE INDEX hash_list_entries_sha ON hash_list_entries(list_id, sha256)
        WHERE pdq IS NULL;
      CREATE INDEX hash_list_entries_sha256 ON hash_list_entries(sha256) WHERE sha256 IS NOT NULL;

      CREATE TABLE hash_list_matches (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES crawl_runs(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES crawl_sites(id) ON DELETE SET NULL,
        list_id INTEGER NOT NULL REFERENCES hash_lists(id) ON DELETE CASCADE,
        entry_id INTEGER NOT NULL REFERENCES hash_list_entries(id) ON DELETE CASCADE,
        page_url TEXT NOT NULL,
        image_url TEXT NOT NULL,
        image_sha256 TEXT NOT NULL,
        found_at TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        http_headers TEXT NOT NULL,
        redirect_chain TEXT NOT NULL,
        server_ip TEXT NOT NULL,
        distance INTEGER NOT NULL,
        algo TEXT NOT NULL,
        review_state TEXT NOT NULL DEFAULT 'pending'
          CHECK (review_state IN ('pending', 'confirmed', 'rejected')),
        reviewed_by INTEGER REFERENCES users(id),
        reviewed_at TEXT,
        UNIQUE (page_url, image_sha256, entry_id)
      ) STRICT;
      CREATE INDEX hash_list_matches_list ON hash_list_matches(list_id);
      CREATE INDEX hash_list_matches_state ON hash_list_matches(review_state, id);

      ALTER TABLE crawl_image_hashes ADD COLUMN pdq_quality INTEGER;
    `);
  },
};
