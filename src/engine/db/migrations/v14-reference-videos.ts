import type { Migration } from './types';

/**
 * Reference videos of a case (issue 15 item 3, decision 0095). New tables only; nothing existing
 * changes. Like reference images, everything that is the victim's content is sealed with the
 * case key and hangs off the case row, so deleting the case (crypto-shredding) cascades to it:
 *
 * - `reference_videos`: one row per registered video — SHA-256 of the file, sealed file name,
 *   sniffed container, duration, size, dimensions, the sampling interval and whether a cap
 *   stopped reading early (`sampled`), who added it when.
 * - `reference_video_frames`: the vPDQ frame hashes (timestamp, 32-byte PDQ, quality) in plaintext,
 *   as image hashes are: what matching runs on, not the picture. A frame is (video id, timestamp);
 *   its integer `id` and `hash` BLOB columns are what the similarity index's SQLite loader reads.
 * - `reference_video_originals`: the original file sealed in chunks (AES-GCM per chunk, the chunk
 *   number in its AAD), only when consent keeps originals.
 * - `reference_video_keyframes`: small JPEG frames for the blurred greyscale strip, sealed; kept
 *   only when consent keeps originals (they are the victim's pictures as much as the original).
 */
export const migrationReferenceVideos: Migration = {
  version: 14,
  name: 'reference-videos',
  up: (db) => {
    db.exec(`
      CREATE TABLE reference_videos (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        file_name BLOB NOT NULL,
        format TEXT NOT NULL,
        duration_s REAL NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        byte_size INTEGER NOT NULL,
        sample_every_s REAL NOT NULL,
        sampled INTEGER NOT NULL CHECK (sampled IN (0, 1)),
        added_at TEXT NOT NULL,
        added_by INTEGER NOT NULL REFERENCES users(id),
        UNIQUE (case_id, sha256)
      ) STRICT;
      CREATE INDEX reference_videos_sha256 ON reference_videos(sha256);
      CREATE INDEX reference_videos_case ON reference_videos(case_id);

      CREATE TABLE reference_video_frames (
        id INTEGER PRIMARY KEY,
        video_id INTEGER NOT NULL REFERENCES reference_videos(id) ON DELETE CASCADE,
        timestamp_s REAL NOT NULL,
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 100),
        UNIQUE (video_id, timestamp_s)
      ) STRICT;

      CREATE TABLE reference_video_originals (
        video_id INTEGER NOT NULL REFERENCES reference_videos(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (video_id, seq)
      ) STRICT;

      CREATE TABLE reference_video_keyframes (
        video_id INTEGER NOT NULL REFERENCES reference_videos(id) ON DELETE CASCADE,
        timestamp_s REAL NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (video_id, timestamp_s)
      ) STRICT;
    `);
  },
};
