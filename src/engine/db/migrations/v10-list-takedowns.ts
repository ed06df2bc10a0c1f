import type { Migration } from './types';

/**
 * Takedowns from hash-list matches (decision 0078). A confirmed match of an imported list opens
 * (or extends) a draft request like a confirmed crawl match does, but it has no case, no
 * reference image and no crawl_matches row, so a request item learns which list match it came
 * from (`list_match_id`, NULL for case items) and keeps the list's name (`list_name`), copied like
 * `case_id` so that the request still says where it came from after the list is deleted.
 * Items of older files are case items: both columns stay NULL for them.
 */
export const migrationListTakedowns: Migration = {
  version: 10,
  name: 'list-takedowns',
  up: (db) => {
    db.exec(`
      ALTER TABLE takedown_request_items ADD COLUMN
        list_match_id INTEGER REFERENCES hash_list_matches(id) ON DELETE SET NULL;
      ALTER TABLE takedown_request_items ADD COLUMN list_name TEXT;
      CREATE UNIQUE INDEX takedown_items_list_match ON takedown_request_items(request_id, list_match_id)
        WHERE list_match_id IS NOT NULL;
      CREATE INDEX takedown_items_list_match_id ON takedown_request_items(list_match_id)
        WHERE list_match_id IS NOT NULL;
    `);
  },
};
