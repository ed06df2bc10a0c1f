import type { Migration } from './types';

/**
 * Issue 13 item 4 (decision 0019, update of 23:15): whether a reference image is a page with a
 * picture inside it (a screenshot of a post or a chat), found at registration. Its keypoints and
 * hashes are the page's, so that picture re-posted on its own may be missed; the counsellor is
 * told so (`hardToFind` = `inner-picture`). 0 for every image registered before: not known.
 */
export const migrationInnerPicture: Migration = {
  version: 27,
  name: 'inner-picture',
  up(db) {
    db.exec(`
      ALTER TABLE reference_images ADD COLUMN inner_picture INTEGER NOT NULL DEFAULT 0
        CHECK (inner_picture IN (0, 1));
    `);
  },
};
