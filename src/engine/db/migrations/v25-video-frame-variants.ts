import type { Migration } from './types';

/**
 * More hashes per sampled moment of a reference video (issue 15, decision 0102): the picture
 * inside the video's content box (letterbox bars, a screen recording's page left out) and
 * sub-crops of it, so that letterboxed, screen-recorded and cropped re-uploads meet a hash of
 * their own extent. A new table only; nothing existing changes. Plaintext hashes like
 * `reference_video_frames` (what matching runs on, not the picture), deleted with their video
 * (and so with the case).
 */
export const migrationVideoFrameVariants: Migration = {
  version: 25,
  name: 'video-frame-variants',
  up(db) {
    db.exec(`
      CREATE TABLE reference_video_variants (
        video_id INTEGER NOT NULL REFERENCES reference_videos(id) ON DELETE CASCADE,
        timestamp_s REAL NOT NULL,
        region TEXT NOT NULL,
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 100),
        PRIMARY KEY (video_id, timestamp_s, region)
      ) STRICT;
    `);
  },
};
