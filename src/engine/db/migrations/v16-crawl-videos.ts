import type { Migration } from './types';

/**
 * Videos in the crawl (issue 15 item 4, decision 0046). The frontier gains the kind `video` (a
 * video file or HLS playlist found on a page: fetched with the same politeness, robots and host
 * guards as images), which needs the table rebuilt because its CHECK names the kinds; every row
 * is copied with its id. `crawl_video_hashes` keeps the vPDQ fingerprint of each video content a
 * crawl read (by the SHA-256 of the bytes read), so a video seen on many pages is decoded once and
 * new reference videos can be matched against what was crawled before: frames packed 37 bytes
 * each (timestamp as float32 seconds, PDQ 32 bytes, quality 1 byte), `sampled` when a size or
 * duration cap stopped reading.
 */
export const migrationCrawlVideos: Migration = {
  version: 16,
  name: 'crawl-videos',
  up: (db) => {
    db.exec(`
      CREATE TABLE crawl_frontier_new (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES crawl_runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('page', 'image', 'video')),
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
      INSERT INTO crawl_frontier_new (id, run_id, kind, url, host, path_key, depth, page_url,
        state, attempts, next_at, outcome)
      SELECT id, run_id, kind, url, host, path_key, depth, page_url, state, attempts, next_at,
        outcome FROM crawl_frontier ORDER BY id;
      DROP TABLE crawl_frontier;
      ALTER TABLE crawl_frontier_new RENAME TO crawl_frontier;
      CREATE INDEX crawl_frontier_due ON crawl_frontier(run_id, state, next_at);
      CREATE INDEX crawl_frontier_path ON crawl_frontier(run_id, path_key);
      CREATE INDEX crawl_frontier_host ON crawl_frontier(run_id, host, kind);

      CREATE TABLE crawl_video_hashes (
        sha256 TEXT PRIMARY KEY,
        duration_s REAL NOT NULL CHECK (duration_s >= 0),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        sample_every_s REAL NOT NULL CHECK (sample_every_s > 0),
        sampled INTEGER NOT NULL CHECK (sampled IN (0, 1)),
        frames BLOB NOT NULL CHECK (length(frames) % 37 = 0),
        matched INTEGER NOT NULL DEFAULT 0 CHECK (matched IN (0, 1)),
        first_seen_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
