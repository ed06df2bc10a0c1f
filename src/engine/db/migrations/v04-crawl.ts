import type { Migration } from './types';

/**
 * The crawler's tables (issue 6). The frontier is the crawl's memory: a row per URL and run with
 * its state, so that a crash or `kill -9` loses nothing (in-flight rows go back to queued on the
 * next start). Matches are unique per page, image content and reference, so re-visiting (or
 * resuming) never records one twice. Images that did not match leave only their hashes.
 */
export const migrationCrawl: Migration = {
  version: 4,
  name: 'crawl',
  up: (db) => {
    db.exec(`
      CREATE TABLE crawl_sites (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        config TEXT NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        schedule_hours REAL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE crawl_runs (
        id INTEGER PRIMARY KEY,
        site_id INTEGER NOT NULL REFERENCES crawl_sites(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN
          ('running', 'paused', 'interrupted', 'cancelled', 'finished', 'failed')),
        config TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        images INTEGER NOT NULL DEFAULT 0,
        hashed INTEGER NOT NULL DEFAULT 0,
        matches INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX crawl_runs_site ON crawl_runs(site_id, id);

      CREATE TABLE crawl_frontier (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES crawl_runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('page', 'image')),
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        path_key TEXT NOT NULL,
        depth INTEGER NOT NULL,
        page_url TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'in-flight', 'done', 'failed', 'skipped')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        UNIQUE (run_id, kind, url)
      ) STRICT;
      CREATE INDEX crawl_frontier_due ON crawl_frontier(run_id, state, next_at);
      CREATE INDEX crawl_frontier_path ON crawl_frontier(run_id, path_key);
      CREATE INDEX crawl_frontier_host ON crawl_frontier(run_id, host, kind);

      CREATE TABLE crawl_log (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES crawl_runs(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        code TEXT NOT NULL,
        url TEXT,
        message TEXT NOT NULL
      ) STRICT;
      CREATE INDEX crawl_log_run ON crawl_log(run_id, id);

      CREATE TABLE crawl_validators (
        site_id INTEGER NOT NULL REFERENCES crawl_sites(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        links TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (site_id, url)
      ) STRICT;

      CREATE TABLE crawl_image_hashes (
        sha256 TEXT PRIMARY KEY,
        pdq BLOB,
        blockhash BLOB,
        low_quality INTEGER NOT NULL CHECK (low_quality IN (0, 1)),
        matched INTEGER NOT NULL CHECK (matched IN (0, 1)),
        first_seen_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE crawl_matches (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES crawl_runs(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES crawl_sites(id) ON DELETE SET NULL,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        reference_image_id INTEGER NOT NULL REFERENCES reference_images(id) ON DELETE CASCADE,
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
        transform TEXT NOT NULL,
        evidence_image BLOB,
        snapshot BLOB,
        snapshot_kind TEXT CHECK (snapshot_kind IN ('html', 'png')),
        warc BLOB,
        review_state TEXT NOT NULL DEFAULT 'pending'
          CHECK (review_state IN ('pending', 'confirmed', 'rejected')),
        UNIQUE (page_url, image_sha256, reference_image_id)
      ) STRICT;
      CREATE INDEX crawl_matches_run ON crawl_matches(run_id);
      CREATE INDEX crawl_matches_case ON crawl_matches(case_id);
    `);
  },
};
