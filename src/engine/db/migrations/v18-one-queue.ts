import type { Migration } from './types';
import { hostSql as host, setChildrenAside } from './frozen-sql';

/** v05's priority with urgency 0 (a list has no case, so no case urgency). */
const LIST_PRIORITY = `(256 - min(256, best_distance)) * 1000 + min(999, page_count)`;

/**
 * One review queue for every source of a match (issue 14 item 2, decision 0091). A queue item is
 * one found content (SHA-256) matched for one case — or, now, for one imported hash list
 * (`source` 'list', `list_id`, no case) — however many pages carry it. `review_items` is rebuilt
 * because its `case_id` was NOT NULL; its ids stay, so review pages, decisions and the reject
 * memory keep pointing at the same items. List matches recorded before join the queue grouped the
 * same way, their pages' review states kept (an item whose pages were all decided alike takes that
 * state and who decided it; otherwise it waits, as v05 did for crawl matches), and a trigger queues
 * new ones. Children of review_items are set aside and restored around the swap (see
 * v17-one-match-model: migrations run with foreign keys on).
 */
export const migrationOneQueue: Migration = {
  version: 18,
  name: 'one-queue',
  up: (db) => {
    // The table's own indexes, and every trigger that names it (its own, and those on
    // crawl_matches that feed it): dropped around the swap, made again after it as they were.
    const keep = db
      .prepare<[], { type: string; name: string; sql: string }>(
        `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND (
           (type = 'index' AND tbl_name = 'review_items')
           OR (type = 'trigger' AND (tbl_name = 'review_items' OR sql LIKE '%review_items%')))
         ORDER BY type, name`,
      )
      .all();
    for (const k of keep) if (k.type === 'trigger') db.exec(`DROP TRIGGER "${k.name}"`);
    db.exec(`
      CREATE TABLE items_new (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL DEFAULT 'case' CHECK (source IN ('case', 'list')),
        case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
        list_id INTEGER REFERENCES hash_lists(id) ON DELETE CASCADE,
        image_sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'unsure', 'confirmed', 'rejected')),
        priority INTEGER NOT NULL,
        best_match_id INTEGER NOT NULL,
        best_distance INTEGER NOT NULL,
        algo TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        first_found_at TEXT NOT NULL,
        last_found_at TEXT NOT NULL,
        new_pages INTEGER NOT NULL DEFAULT 0,
        decided_at TEXT,
        decided_by INTEGER REFERENCES users(id),
        CHECK (CASE source WHEN 'case' THEN case_id IS NOT NULL AND list_id IS NULL
          ELSE list_id IS NOT NULL AND case_id IS NULL END),
        UNIQUE (case_id, image_sha256)
      ) STRICT;
      INSERT INTO items_new (id, source, case_id, image_sha256, state, priority, best_match_id,
        best_distance, algo, page_count, first_found_at, last_found_at, new_pages, decided_at,
        decided_by)
      SELECT id, 'case', case_id, image_sha256, state, priority, best_match_id, best_distance, algo,
        page_count, first_found_at, last_found_at, new_pages, decided_at, decided_by
      FROM review_items ORDER BY id;
    `);
    const restoreChildren = setChildrenAside(db, 'review_items', ['items_new']);
    db.exec(`DROP TABLE review_items; ALTER TABLE items_new RENAME TO review_items;`);
    restoreChildren();
    for (const k of keep) db.exec(k.sql);
    db.exec(`
      CREATE UNIQUE INDEX review_items_list_sha ON review_items(list_id, image_sha256)
        WHERE list_id IS NOT NULL;
      CREATE INDEX review_items_source ON review_items(state, source, priority DESC, id);

      INSERT INTO review_items (source, list_id, image_sha256, state, priority, best_match_id,
        best_distance, algo, page_count, first_found_at, last_found_at, decided_at, decided_by)
      SELECT 'list', g.list_id, g.image_sha256, g.state, 0, b.id, b.distance, b.algo, g.pages,
        g.first_found_at, g.last_found_at,
        CASE WHEN g.state != 'pending' THEN g.reviewed_at END,
        CASE WHEN g.state != 'pending' THEN g.reviewed_by END
      FROM (SELECT list_id, image_sha256, count(*) AS pages, min(found_at) AS first_found_at,
              max(found_at) AS last_found_at, max(reviewed_at) AS reviewed_at,
              max(reviewed_by) AS reviewed_by,
              CASE WHEN min(review_state) = max(review_state) AND min(review_state) != 'pending'
                THEN min(review_state) ELSE 'pending' END AS state
            FROM crawl_matches WHERE source = 'hash-list' GROUP BY list_id, image_sha256) g
      -- the closest copy is the item's best match (ties to the oldest), as the trigger keeps it
      JOIN crawl_matches b ON b.id = (SELECT m.id FROM crawl_matches m
        WHERE m.list_id = g.list_id AND m.image_sha256 = g.image_sha256
        ORDER BY m.distance, m.id LIMIT 1)
      ORDER BY g.list_id, g.image_sha256;
      UPDATE review_items SET priority = ${LIST_PRIORITY} WHERE source = 'list';
      INSERT INTO review_pages (match_id, item_id, host, site_id, state)
        SELECT m.id, i.id, ${host('m.page_url')}, m.site_id, i.state FROM crawl_matches m
        JOIN review_items i ON i.list_id = m.list_id AND i.image_sha256 = m.image_sha256
        WHERE m.source = 'hash-list';

      CREATE TRIGGER review_list_match_in AFTER INSERT ON crawl_matches
        WHEN NEW.list_id IS NOT NULL BEGIN
        INSERT INTO review_items (source, list_id, image_sha256, state, priority, best_match_id,
          best_distance, algo, page_count, first_found_at, last_found_at)
        VALUES ('list', NEW.list_id, NEW.image_sha256, 'pending', 0, NEW.id, NEW.distance,
          NEW.algo, 1, NEW.found_at, NEW.found_at)
        ON CONFLICT (list_id, image_sha256) WHERE list_id IS NOT NULL DO UPDATE SET
          page_count = page_count + 1,
          last_found_at = max(last_found_at, excluded.last_found_at),
          best_match_id = CASE WHEN excluded.best_distance < best_distance
            THEN excluded.best_match_id ELSE best_match_id END,
          algo = CASE WHEN excluded.best_distance < best_distance
            THEN excluded.algo ELSE algo END,
          best_distance = min(best_distance, excluded.best_distance),
          state = CASE WHEN state = 'confirmed' THEN 'pending' ELSE state END,
          new_pages = CASE WHEN state IN ('confirmed', 'unsure') THEN new_pages + 1
            ELSE new_pages END;
        UPDATE review_items SET priority = ${LIST_PRIORITY}
          WHERE list_id = NEW.list_id AND image_sha256 = NEW.image_sha256;
        INSERT INTO review_pages (match_id, item_id, host, site_id, state)
          SELECT NEW.id, id, ${host('NEW.page_url')}, NEW.site_id, state FROM review_items
          WHERE list_id = NEW.list_id AND image_sha256 = NEW.image_sha256;
      END;
    `);
  },
};
