import type { Migration } from './types';

/**
 * Issue 15 item 5 (decision 0107): a few small keyframes of a crawled video per matched segment,
 * taken at crawl time from the downloaded file (which is deleted after), sealed with the case key
 * like the match's other evidence, for review's keyframe strip. At most 3 segments × 3 frames,
 * 320 px on the longer side. They hang off their match: deleting the match deletes them.
 */
export const migrationMatchVideoFrames: Migration = {
  version: 22,
  name: 'match-video-frames',
  up(db) {
    db.exec(`
      CREATE TABLE crawl_match_frames (
        match_id INTEGER NOT NULL REFERENCES crawl_matches(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 0),
        segment INTEGER NOT NULL CHECK (segment >= 0),
        time_s REAL NOT NULL CHECK (time_s >= 0),
        sealed BLOB NOT NULL,
        PRIMARY KEY (match_id, seq)
      ) STRICT;
    `);
  },
};
