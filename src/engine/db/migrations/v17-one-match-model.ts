import type { Migration } from './types';
import { hostSql as host, setChildrenAside } from './frozen-sql';

/**
 * One model of a match (issue 14, decision 0091). `crawl_matches` becomes the one table of
 * matches, whatever was found and whatever it matched: it ties something a crawl found (an image
 * or a video: `media_kind`, at `image_url` with SHA-256 `image_sha256` — the names of version 4,
 * kept for the found file of either kind) to what it matched (`source`: a case reference image, a
 * case reference video, or an entry of an imported hash list), with the evidence of why
 * (distance, algorithm, transform; for video the matched `segments` as JSON, the reference time of
 * a still matched to a video frame, the shares of frames found each way, and `sampled` when a cap
 * stopped reading the video early).
 *
 * Rows of `hash_list_matches` move into it with new ids (after the crawl matches, in their order);
 * request items that named a list match (`list_match_id`) now name the same match by `match_id`,
 * and the column goes. Crawl match ids, request item ids and everything that refers to them
 * (review pages, decisions' page lists) are unchanged.
 *
 * Migrations run inside a transaction with foreign keys on (PRAGMA foreign_keys cannot change
 * there), and dropping a parent table deletes its children through ON DELETE: so the children
 * (review_pages, takedown_request_items, and any other table that refers to a match) are first
 * copied aside and emptied, the parents dropped and replaced, and the children filled again from
 * their copies, every row checked on the way in.
 */
export const migrationOneMatchModel: Migration = {
  version: 17,
  name: 'one-match-model',
  up: (db) => {
    db.exec(`
      CREATE TABLE matches_new (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES crawl_runs(id) ON DELETE SET NULL,
        site_id INTEGER REFERENCES crawl_sites(id) ON DELETE SET NULL,
        -- what it matched
        source TEXT NOT NULL DEFAULT 'case-image'
          CHECK (source IN ('case-image', 'case-video', 'hash-list')),
        case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
        reference_image_id INTEGER REFERENCES reference_images(id) ON DELETE CASCADE,
        reference_video_id INTEGER REFERENCES reference_videos(id) ON DELETE CASCADE,
        list_id INTEGER REFERENCES hash_lists(id) ON DELETE CASCADE,
        list_entry_id INTEGER REFERENCES hash_list_entries(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL
          GENERATED ALWAYS AS (coalesce(reference_image_id, reference_video_id, list_entry_id)) STORED,
        -- what was found
        media_kind TEXT NOT NULL DEFAULT 'image' CHECK (media_kind IN ('image', 'video')),
        page_url TEXT NOT NULL,
        image_url TEXT NOT NULL,
        image_sha256 TEXT NOT NULL,
        found_at TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        http_headers TEXT NOT NULL,
        redirect_chain TEXT NOT NULL,
        server_ip TEXT NOT NULL,
        -- why
        distance INTEGER NOT NULL,
        algo TEXT NOT NULL,
        transform TEXT NOT NULL,
        segments TEXT CHECK (segments IS NULL OR (json_valid(segments) AND media_kind = 'video')),
        ref_time_s REAL CHECK (ref_time_s IS NULL OR ref_time_s >= 0),
        query_pct REAL CHECK (query_pct IS NULL OR query_pct BETWEEN 0 AND 100),
        compare_pct REAL CHECK (compare_pct IS NULL OR compare_pct BETWEEN 0 AND 100),
        sampled INTEGER NOT NULL DEFAULT 0 CHECK (sampled IN (0, 1)),
        -- sealed evidence (case sources only: the case key seals it)
        evidence_image BLOB,
        snapshot BLOB,
        snapshot_kind TEXT CHECK (snapshot_kind IN ('html', 'png')),
        warc BLOB,
        review_state TEXT NOT NULL DEFAULT 'pending'
          CHECK (review_state IN ('pending', 'confirmed', 'rejected')),
        reviewed_by INTEGER REFERENCES users(id),
        reviewed_at TEXT,
        CHECK (CASE source
          WHEN 'case-image' THEN case_id IS NOT NULL AND reference_image_id IS NOT NULL
            AND reference_video_id IS NULL AND list_id IS NULL AND list_entry_id IS NULL
          WHEN 'case-video' THEN case_id IS NOT NULL AND reference_video_id IS NOT NULL
            AND reference_image_id IS NULL AND list_id IS NULL AND list_entry_id IS NULL
          ELSE list_id IS NOT NULL AND list_entry_id IS NOT NULL AND case_id IS NULL
            AND reference_image_id IS NULL AND reference_video_id IS NULL
            AND evidence_image IS NULL AND snapshot IS NULL END),
        UNIQUE (page_url, image_sha256, source, target_id)
      ) STRICT;

      INSERT INTO matches_new (id, run_id, site_id, source, case_id, reference_image_id,
        page_url, image_url, image_sha256, found_at, http_status, http_headers, redirect_chain,
        server_ip, distance, algo, transform, evidence_image, snapshot, snapshot_kind, warc,
        review_state)
      SELECT id, run_id, site_id, 'case-image', case_id, reference_image_id,
        page_url, image_url, image_sha256, found_at, http_status, http_headers, redirect_chain,
        server_ip, distance, algo, transform, evidence_image, snapshot, snapshot_kind, warc,
        review_state
      FROM crawl_matches ORDER BY id;

      CREATE TEMP TABLE list_match_ids (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
      INSERT INTO list_match_ids (old, new)
        SELECT id, (SELECT coalesce(max(id), 0) FROM matches_new)
          + row_number() OVER (ORDER BY id) FROM hash_list_matches;
      INSERT INTO matches_new (id, run_id, site_id, source, list_id, list_entry_id, page_url,
        image_url, image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip,
        distance, algo, transform, review_state, reviewed_by, reviewed_at)
      SELECT x.new, m.run_id, m.site_id, 'hash-list', m.list_id, m.entry_id, m.page_url,
        m.image_url, m.image_sha256, m.found_at, m.http_status, m.http_headers, m.redirect_chain,
        m.server_ip, m.distance, m.algo, 'identity', m.review_state, m.reviewed_by, m.reviewed_at
      FROM hash_list_matches m JOIN list_match_ids x ON x.old = m.id ORDER BY m.id;

      CREATE TEMP TABLE items_aside AS
        SELECT i.id, i.request_id,
          CASE WHEN i.list_match_id IS NOT NULL THEN x.new ELSE i.match_id END AS match_id,
          i.case_id, i.reference_image_id, i.list_name, i.image_url, i.image_sha256, i.found_at,
          i.added_at, i.added_by, i.gone_at, i.gone_reason
        FROM takedown_request_items i LEFT JOIN list_match_ids x ON x.old = i.list_match_id;
    `);
    // Every other table that refers to a match (review_pages; retro-matching's, when it came
    // first) keeps its rows aside while the parent is replaced.
    const restoreChildren = setChildrenAside(db, 'crawl_matches', [
      'takedown_request_items',
      'crawl_matches',
      'hash_list_matches',
    ]);
    db.exec(`
      DROP TABLE takedown_request_items;
      DROP TABLE hash_list_matches;
      DROP TABLE crawl_matches;
      DROP TABLE list_match_ids;
      ALTER TABLE matches_new RENAME TO crawl_matches;

      CREATE TABLE takedown_request_items (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES takedown_requests(id) ON DELETE CASCADE,
        match_id INTEGER REFERENCES crawl_matches(id) ON DELETE SET NULL,
        case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
        reference_image_id INTEGER REFERENCES reference_images(id) ON DELETE SET NULL,
        list_name TEXT,
        image_url TEXT NOT NULL,
        image_sha256 TEXT NOT NULL,
        found_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by INTEGER REFERENCES users(id),
        gone_at TEXT,
        gone_reason TEXT,
        UNIQUE (request_id, match_id)
      ) STRICT;
      INSERT INTO takedown_request_items (id, request_id, match_id, case_id, reference_image_id,
        list_name, image_url, image_sha256, found_at, added_at, added_by, gone_at, gone_reason)
      SELECT id, request_id, match_id, case_id, reference_image_id, list_name, image_url,
        image_sha256, found_at, added_at, added_by, gone_at, gone_reason
      FROM items_aside ORDER BY id;
      DROP TABLE items_aside;
    `);
    restoreChildren();
    db.exec(`
      CREATE INDEX crawl_matches_run ON crawl_matches(run_id);
      CREATE INDEX crawl_matches_case ON crawl_matches(case_id);
      CREATE INDEX crawl_matches_site ON crawl_matches(site_id);
      CREATE INDEX crawl_matches_list ON crawl_matches(list_id, review_state) WHERE list_id IS NOT NULL;
      CREATE INDEX crawl_matches_source ON crawl_matches(source, review_state, id);
      CREATE INDEX takedown_items_request ON takedown_request_items(request_id);
      CREATE INDEX takedown_items_match ON takedown_request_items(match_id);
      CREATE INDEX takedown_items_sha ON takedown_request_items(image_sha256);
      CREATE INDEX takedown_items_reference ON takedown_request_items(reference_image_id);

      -- The review queue's trigger (v05) went with the old table; matches of a case feed it as before.
      CREATE TRIGGER review_match_in AFTER INSERT ON crawl_matches WHEN NEW.case_id IS NOT NULL BEGIN
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
          state = CASE WHEN state = 'confirmed' THEN 'pending' ELSE state END,
          new_pages = CASE WHEN state IN ('confirmed', 'unsure') THEN new_pages + 1
            ELSE new_pages END;
        UPDATE review_items SET priority =
          coalesce((SELECT urgency FROM review_case_urgency u WHERE u.case_id = NEW.case_id), 0)
            * 1000000 + (256 - min(256, best_distance)) * 1000 + min(999, page_count)
          WHERE case_id = NEW.case_id AND image_sha256 = NEW.image_sha256;
        INSERT INTO review_pages (match_id, item_id, host, site_id, state)
          SELECT NEW.id, id, ${host('NEW.page_url')}, NEW.site_id, state FROM review_items
          WHERE case_id = NEW.case_id AND image_sha256 = NEW.image_sha256;
        UPDATE crawl_matches SET review_state = 'rejected'
          WHERE id = NEW.id AND EXISTS (SELECT 1 FROM review_rejected r
            WHERE r.case_id = NEW.case_id AND r.image_sha256 = NEW.image_sha256);
      END;
    `);
  },
};
