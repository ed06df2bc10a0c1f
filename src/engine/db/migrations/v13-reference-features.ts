import type { Migration } from './types';

/**
 * Issue 13: reference images' local features (ORB keypoints and descriptors, decision 0017), so
 * that the crawler verifies weak hash agreement as `jium match` does. One row per reference image,
 * sealed with the case key (AAD `jium/reference-features/v1/<case>/<sha256>`): descriptors with
 * their positions say more about a picture than its hashes do, so they are kept like the original,
 * and destroyed with the case's key. `kind` names how they were computed (`orb512-v1`); rows of
 * another kind are recomputed from the sealed original where one is kept. Existing files get no
 * rows here (no key is open while migrating): the crawler fills them in before its first run.
 */
export const migrationReferenceFeatures: Migration = {
  version: 13,
  name: 'reference-features',
  up: (db) => {
    db.exec(`
      CREATE TABLE reference_features (
        image_id INTEGER PRIMARY KEY REFERENCES reference_images(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        sealed BLOB NOT NULL
      ) STRICT;
    `);
  },
};
