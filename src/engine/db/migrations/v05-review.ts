import type { Migration } from './types';
import { hostSql as host } from './frozen-sql';

/**
 * Priority of a queue item, higher first: case urgency, then match strength (256 minus the
 * smallest Hamming distance), then how many pages carry the image (capped); ties go to the oldest
 * item (smaller id). One integer, so one index orders the whole queue. See docs/decisions/0050.
 */
export const PRIORITY_SQL = (urgency: string, distance: string, pages: string) =>
  `(${urgency}) * 1000000 + (256 - min(256, ${distance})) * 1000 + min(999, ${pages})`;

/**
 * The review queue (issue 7). A queue item is one image content (SHA-256) matched for one case,
 * however many pages carry it; `review_pages` lists those pages (a crawl match each) with their
 * host for filtering. Items are kept by triggers on `crawl_matches`, so every writer (crawl
 * workers on their own connections included) feeds the queue in the same transaction as the
 * match. Decisions are append-only rows (an undo is a row too); `review_rejected` remembers what a
 * monitor said is not the victim's image, so the crawler never queues it again for that case.
 */
export const migrationReview: Migration = {
  version: 5,
  name: 'review',
  up: (db) => {
    db.exec(`
      CREATE TABLE review_case_urgency (
        case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        urgency INTEGER NOT NULL CHECK (urgency BETWEEN 0 AND 3)
      ) STRICT;

      CREATE TABLE review_items (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        image_sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'unsure', 'confirmed', 'rejected')),
        priority INTEGER NOT NULL,
        best_match_id INTEGER NOT NULL,
        best_distance INTEGER NOT NULL,
        algo TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        first_found_at TEXT NOT NULL,
        last_found_at TEXT NOT NULL,
        -- pages that arrived after the item was last decided (shown to the next reviewer)
        new_pages INTEGER NOT NULL DEFAULT 0,
        decided_at TEXT,
        decided_by INTEGER REFERENCES users(id),
        UNIQUE (case_id, image_sha256)
      ) STRICT;
      CREATE INDEX review_items_queue ON review_items(state, priority DESC, id);
      CREATE INDEX review_items_case ON review_items(state, case_id, priority DESC, id);
      CREATE INDEX review_items_algo ON review_items(state, algo, priority DESC, id);

      CREATE TABLE review_pages (
        match_id INTEGER PRIMARY KEY REFERENCES crawl_matches(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
        host TEXT NOT NULL,
        site_id INTEGER,
        -- the item's state, copied so host and site counts need no join (kept by a trigger)
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_pages_item ON review_pages(item_id);
      CREATE INDEX review_pages_host ON review_pages(state, host, item_id);
      CREATE INDEX review_pages_site ON review_pages(state, site_id, item_id);
      CREATE TRIGGER review_items_state AFTER UPDATE OF state ON review_items
        WHEN OLD.state != NEW.state
        BEGIN UPDATE review_pages SET state = NEW.state WHERE item_id = NEW.id; END;

      CREATE TABLE review_batches (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        decision TEXT NOT NULL CHECK (decision IN ('confirm', 'reject', 'unsure', 'undo')),
        note TEXT,
        at TEXT NOT NULL,
        undone_by_batch INTEGER REFERENCES review_batches(id)
      ) STRICT;
      CREATE INDEX review_batches_user ON review_batches(user_id, id);

      -- Append-only: one row per item decided (or undone). 'pages' is a JSON array of
      -- [matchId, previous review_state] of the pages the row changed, so an undo can restore them.
      CREATE TABLE review_decisions (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES review_batches(id),
        item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        action TEXT NOT NULL CHECK (action IN ('confirm', 'reject', 'unsure', 'undo')),
        prev_state TEXT NOT NULL,
        new_state TEXT NOT NULL,
        pages TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_decisions_item ON review_decisions(item_id, id);
      CREATE INDEX review_decisions_batch ON review_decisions(batch_id);
      CREATE INDEX review_decisions_user_at ON review_decisions(user_id, at);
      CREATE TRIGGER review_decisions_append_only_u BEFORE UPDATE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;

      CREATE TABLE review_rejected (
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        image_sha256 TEXT NOT NULL,
        pdq BLOB,
        item_id INTEGER NOT NULL REFERENCES review_items(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        PRIMARY KEY (case_id, image_sha256)
      ) STRICT;

      CREATE TABLE review_settings (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        blur INTEGER NOT NULL CHECK (blur BETWEEN 4 AND 40),
        break_minutes INTEGER NOT NULL CHECK (break_minutes BETWEEN 0 AND 240)
      ) STRICT;

      CREATE TRIGGER review_match_in AFTER INSERT ON crawl_matches BEGIN
        INSERT INTO review_items (case_id, image_sha256, state, priority, best_match_id,
          best_distance, algo, page_count, first_found_at, last_found_at)
        VALUES (NEW.case_id, NEW.image_sha256,
          CASE WHEN EXISTS (SELECT 1 FROM review_rejected r
            WHERE r.case_id = NEW.case_id AND r.image_sha256 = NEW.image_sha256)
            THEN 'rejected' ELSE 'pending' END,
          0, NEW.id, NEW.distance, NEW.algo, 1, NEW.found_at, NEW.found_at)
        ON CONFLICT (case_id, image_sha256) DO UPDATE SET
          page_count = page_count + 1,
          last_found_at = max(last_found_at, excluded.last_found_at),
          best_match_id = CASE WHEN excluded.best_distance < best_distance
            THEN excluded.best_match_id ELSE best_match_id END,
          algo = CASE WHEN excluded.best_distance < best_distance
            THEN excluded.algo ELSE algo END,
          best_distance = min(best_distance, excluded.best_distance),
          -- a confirmed image on a new page goes back to the queue for that page
          state = CASE WHEN state = 'confirmed' THEN 'pending' ELSE state END,
          new_pages = CASE WHEN state IN ('confirmed', 'unsure') THEN new_pages + 1
            ELSE new_pages END;
        UPDATE review_items SET priority = ${PRIORITY_SQL(
          `coalesce((SELECT urgency FROM review_case_urgency u WHERE u.case_id = NEW.case_id), 0)`,
          'best_distance',
          'page_count',
        )}
          WHERE case_id = NEW.case_id AND image_sha256 = NEW.image_sha256;
        INSERT INTO review_pages (match_id, item_id, host, site_id, state)
          SELECT NEW.id, id, ${host('NEW.page_url')}, NEW.site_id, state FROM review_items
          WHERE case_id = NEW.case_id AND image_sha256 = NEW.image_sha256;
        UPDATE crawl_matches SET review_state = 'rejected'
          WHERE id = NEW.id AND EXISTS (SELECT 1 FROM review_rejected r
            WHERE r.case_id = NEW.case_id AND r.image_sha256 = NEW.image_sha256);
      END;
    `);
    // Matches recorded before this version join the queue, grouped the same way.
    db.exec(`
      INSERT INTO review_items (case_id, image_sha256, state, priority, best_match_id,
        best_distance, algo, page_count, first_found_at, last_found_at)
      SELECT case_id, image_sha256,
        CASE WHEN min(review_state) = max(review_state) AND min(review_state) != 'pending'
          THEN min(review_state) ELSE 'pending' END,
        0, id, min(distance), algo, count(*), min(found_at), max(found_at)
      FROM crawl_matches GROUP BY case_id, image_sha256;
      UPDATE review_items SET priority = ${PRIORITY_SQL('0', 'best_distance', 'page_count')};
      INSERT INTO review_pages (match_id, item_id, host, site_id, state)
        SELECT m.id, i.id, ${host('m.page_url')}, m.site_id, i.state FROM crawl_matches m
        JOIN review_items i ON i.case_id = m.case_id AND i.image_sha256 = m.image_sha256;
      INSERT INTO review_rejected (case_id, image_sha256, pdq, item_id, at)
        SELECT i.case_id, i.image_sha256, CASE WHEN h.low_quality = 0 THEN h.pdq END, i.id,
          i.last_found_at
        FROM review_items i LEFT JOIN crawl_image_hashes h ON h.sha256 = i.image_sha256
        WHERE i.state = 'rejected';
    `);
  },
};
