import type { Migration } from './types';

/**
 * Cases and their reference images. Everything that could identify a victim (identity, timeline,
 * original file names, original images) is sealed with the case's own key, which is stored only
 * wrapped by the master key in `case_keys`. Deleting the case row cascades to all of it.
 */
export const migrationCases: Migration = {
  version: 3,
  name: 'cases',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_code_counters (
        year INTEGER PRIMARY KEY,
        last INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('open', 'monitoring', 'closed')),
        assigned_to INTEGER REFERENCES users(id),
        consent_search INTEGER NOT NULL CHECK (consent_search IN (0, 1)),
        consent_takedown INTEGER NOT NULL CHECK (consent_takedown IN (0, 1)),
        consent_storage TEXT NOT NULL CHECK (consent_storage IN ('originals', 'hashes-only')),
        consent_recorded_at TEXT NOT NULL,
        consent_recorded_by INTEGER NOT NULL REFERENCES users(id),
        identity BLOB NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE case_keys (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        wrapped_key BLOB NOT NULL
      ) STRICT;

      CREATE TABLE case_timeline (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES users(id),
        body BLOB NOT NULL
      ) STRICT;
      CREATE INDEX case_timeline_case ON case_timeline(case_id);

      CREATE TABLE reference_images (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        file_name BLOB NOT NULL,
        format TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        byte_size INTEGER NOT NULL,
        pdq TEXT,
        pdq_quality INTEGER,
        blockhash TEXT,
        low_quality INTEGER NOT NULL CHECK (low_quality IN (0, 1)),
        added_at TEXT NOT NULL,
        added_by INTEGER NOT NULL REFERENCES users(id),
        UNIQUE (case_id, sha256)
      ) STRICT;
      CREATE INDEX reference_images_sha256 ON reference_images(sha256);
      CREATE INDEX reference_images_case ON reference_images(case_id);

      CREATE TABLE reference_hashes (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES reference_images(id) ON DELETE CASCADE,
        algo TEXT NOT NULL,
        region TEXT NOT NULL,
        transform TEXT NOT NULL,
        hash BLOB NOT NULL,
        quality INTEGER
      ) STRICT;
      CREATE INDEX reference_hashes_image ON reference_hashes(image_id);

      CREATE TABLE reference_originals (
        image_id INTEGER PRIMARY KEY REFERENCES reference_images(id) ON DELETE CASCADE,
        sealed BLOB NOT NULL
      ) STRICT;
    `);
  },
};
