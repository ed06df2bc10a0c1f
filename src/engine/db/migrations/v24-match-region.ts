import type { Migration } from './types';

/**
 * Issue 13 item 7 (decision 0021): where in a found image the reference's picture is, when the
 * verification stage decided the match — the reference's corners (top-left, top-right,
 * bottom-right, bottom-left) mapped into the found image, as x, y fractions of its width and
 * height, a JSON array of 8 numbers. Review draws it as an outline over the blurred preview.
 * Null for matches decided by hashes alone, and for every match recorded before.
 */
export const migrationMatchRegion: Migration = {
  version: 24,
  name: 'match-region',
  up(db) {
    db.exec(`
      ALTER TABLE crawl_matches ADD COLUMN region TEXT
        CHECK (region IS NULL OR (json_valid(region) AND json_array_length(region) = 8));
    `);
  },
};
