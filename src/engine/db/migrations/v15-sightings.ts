import type { Migration } from './types';

/**
 * Issue 18 #1: what retro-matching needs of every crawled image (decision 0045).
 *
 * `crawl_image_hashes` learns every candidate hash the decision rule uses — `variants`, the
 * upright hashes of the full picture, its trimmed content, the photo inside a screenshot and the
 * contrast-stretched copy of a dark picture, packed 34 bytes each (sightings.ts) — and `pixels`,
 * the SHA-256 of a low-quality picture's working pixels (identical pixels match). Rows written
 * before keep their whole-image PDQ and blockhash, which still propose and decide as `full`.
 *
 * `crawl_sightings`: where a content was found — site, page, image URL, when first and last,
 * the HTTP status, headers, redirect chain and peer address of the last fetch — one row per
 * (site, page, image URL), keyed by 16 bytes of SHA-256 of the three so that the unique index
 * does not repeat the URLs. A match found later (a new reference, an unchanged image under a new
 * reference) is recorded from it.
 *
 * `crawl_retro_matches`: the crawl matches found from stored fingerprints when a reference was
 * registered after the crawl, rather than at fetch time — the review item's "found in earlier
 * crawls".
 */
export const migrationSightings: Migration = {
  version: 15,
  name: 'sightings',
  up: (db) => {
    db.exec(`
      ALTER TABLE crawl_image_hashes ADD COLUMN variants BLOB;
      ALTER TABLE crawl_image_hashes ADD COLUMN pixels BLOB;

      CREATE TABLE crawl_sightings (
        id INTEGER PRIMARY KEY,
        key BLOB NOT NULL UNIQUE,
        site_id INTEGER NOT NULL REFERENCES crawl_sites(id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES crawl_runs(id) ON DELETE SET NULL,
        page_url TEXT NOT NULL,
        image_url TEXT NOT NULL,
        image_sha256 TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        http_headers TEXT NOT NULL,
        redirect_chain TEXT NOT NULL,
        server_ip TEXT NOT NULL
      ) STRICT;
      CREATE INDEX crawl_sightings_sha ON crawl_sightings(image_sha256);

      CREATE TABLE crawl_retro_matches (
        match_id INTEGER PRIMARY KEY REFERENCES crawl_matches(id) ON DELETE CASCADE,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
