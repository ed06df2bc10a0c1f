import type { Migration } from './types';

/**
 * Issue 18 #1, decision 0049: a retro-match is no longer recorded from stored hashes alone. What
 * the stored hashes propose for a newly registered reference becomes a candidate (one per place
 * the image was seen), fetched again through the crawler by a verification run and decided by the
 * crawler's own rule, verification and evidence included. A sighting whose image is gone (404,
 * 410, 451, or other bytes now at its URL) is marked so, and proposes nothing afterwards.
 */
export const migrationRetroCandidates: Migration = {
  version: 23,
  name: 'retro-candidates',
  up(db) {
    db.exec(`
      CREATE TABLE crawl_retro_candidates (
        id INTEGER PRIMARY KEY,
        sighting_id INTEGER NOT NULL REFERENCES crawl_sightings(id) ON DELETE CASCADE,
        reference_image_id INTEGER NOT NULL REFERENCES reference_images(id) ON DELETE CASCADE,
        image_sha256 TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        run_id INTEGER REFERENCES crawl_runs(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN
          ('pending', 'matched', 'no-match', 'gone', 'unreachable')),
        outcome TEXT,
        decided_at TEXT,
        match_id INTEGER REFERENCES crawl_matches(id) ON DELETE SET NULL,
        UNIQUE (sighting_id, reference_image_id)
      ) STRICT;
      CREATE INDEX crawl_retro_candidates_pending ON crawl_retro_candidates(state, run_id)
        WHERE state = 'pending';
      ALTER TABLE crawl_sightings ADD COLUMN gone_at TEXT;
      ALTER TABLE crawl_sightings ADD COLUMN gone_reason TEXT;
    `);
  },
};
