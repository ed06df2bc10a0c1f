import type { Migration } from './types';

/**
 * Reference videos' crop-stage keyframes (issue 15, decision 0104): ORB keypoints and descriptors
 * of a frame about once a second, so that a cropped re-upload, which no frame hash survives, is
 * found by local features. One row per reference video, sealed with the case key (AAD
 * `jium/reference-video-features/v1/<case>/<sha256>`) like reference images' features (migration
 * 13): descriptors with their positions say more about a picture than its hashes do. Deleted with
 * the video, and unreadable once the case's key is destroyed. A new table only; videos registered
 * before have no row and are matched by their hashes alone.
 */
export const migrationVideoFeatures: Migration = {
  version: 26,
  name: 'video-features',
  up(db) {
    db.exec(`
      CREATE TABLE reference_video_features (
        video_id INTEGER PRIMARY KEY REFERENCES reference_videos(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        sealed BLOB NOT NULL
      ) STRICT;
    `);
  },
};
