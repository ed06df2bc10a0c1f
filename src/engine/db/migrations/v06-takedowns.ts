import type { Migration } from './types';

/**
 * Takedowns (issue 8). Schema, for the domains that build on it (notices, exports, reports):
 *
 * - `takedown_platforms`: the registry of hosts/platforms — name, abuse e-mail, web form or
 *   reporting-tool URL, preferred channel, notice language (BCP 47, e.g. 'ko', 'en', 'ja', 'zh')
 *   and notes. `takedown_platform_hosts` maps host names to a platform; a host matches itself and
 *   its subdomains ('example.com' covers 'img.example.com'), the longest match wins.
 * - `takedown_requests`: one per page URL (at most one open request per URL — draft, sent or
 *   acknowledged — enforced by a partial unique index). `host` is the URL's host name;
 *   `platform_id` the registry entry at creation (contact fields are copied into the request, so a
 *   later registry edit does not rewrite what was sent). `state` follows
 *   draft → sent → acknowledged → removed | refused | expired. `route` is 'ncii' (illegal content /
 *   non-consensual intimate imagery) or 'copyright' — the notice template used. Times are ISO 8601
 *   UTC strings: `first_sent_at` (start of the service level), `last_sent_at` (re-send reminders
 *   run from it), `deadline_at` (= first_sent_at + service level hours at sending),
 *   `closed_at` (removed/refused/expired), `removed_at` (when removal was observed or recorded).
 *   `reupload_of` links to an earlier request for the same content (same image SHA-256 or the same
 *   reference image) at another URL. `flagged_at` is set by a re-check that finds the content
 *   still there after the deadline.
 * - `takedown_request_items`: the confirmed matches (one per image on the page) a request covers;
 *   `image_url`, `image_sha256` and `case_id` are copied from crawl_matches so that evidence and
 *   statistics survive the match row; `gone_at`/`gone_reason` record a re-check's finding per image.
 * - `takedown_events`: the append-only history (who, when, what): kinds 'created', 'extended',
 *   'withdrawn', 'state' (from_state → to_state), 'resent', 'edited', 'checked', 'flagged'.
 *   `actor_id` is NULL for the scheduler. Updates are refused by trigger; rows are deleted only
 *   with a draft (undo of a confirm).
 * - `takedown_checks`: every re-check with its evidence: page HTTP status, outcome
 *   ('present' | 'removed' | 'error'), and a JSON detail per image (url, status, sha256, on page).
 * - `takedown_settings`: one row — service level (hours, default 48), re-send interval (24),
 *   re-check interval (24).
 */
export const migrationTakedowns: Migration = {
  version: 6,
  name: 'takedowns',
  up: (db) => {
    db.exec(`
      CREATE TABLE takedown_platforms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        abuse_email TEXT,
        form_url TEXT,
        preferred_channel TEXT NOT NULL
          CHECK (preferred_channel IN ('email', 'web-form', 'platform-tool', 'regulator')),
        language TEXT NOT NULL DEFAULT 'en',
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE takedown_platform_hosts (
        host TEXT PRIMARY KEY,
        platform_id INTEGER NOT NULL REFERENCES takedown_platforms(id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX takedown_platform_hosts_platform ON takedown_platform_hosts(platform_id);

      CREATE TABLE takedown_requests (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        platform_id INTEGER REFERENCES takedown_platforms(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN
          ('draft', 'sent', 'acknowledged', 'removed', 'refused', 'expired')),
        route TEXT NOT NULL DEFAULT 'ncii' CHECK (route IN ('ncii', 'copyright')),
        channel TEXT NOT NULL
          CHECK (channel IN ('email', 'web-form', 'platform-tool', 'regulator')),
        contact TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en',
        reference_number TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        reupload_of INTEGER REFERENCES takedown_requests(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL,
        first_sent_at TEXT,
        last_sent_at TEXT,
        deadline_at TEXT,
        closed_at TEXT,
        removed_at TEXT,
        flagged_at TEXT,
        last_checked_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX takedown_requests_open_url ON takedown_requests(url)
        WHERE state IN ('draft', 'sent', 'acknowledged');
      CREATE INDEX takedown_requests_host ON takedown_requests(host, state);
      CREATE INDEX takedown_requests_state ON takedown_requests(state, deadline_at);

      CREATE TABLE takedown_request_items (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES takedown_requests(id) ON DELETE CASCADE,
        match_id INTEGER REFERENCES crawl_matches(id) ON DELETE SET NULL,
        case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
        reference_image_id INTEGER REFERENCES reference_images(id) ON DELETE SET NULL,
        image_url TEXT NOT NULL,
        image_sha256 TEXT NOT NULL,
        found_at TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by INTEGER REFERENCES users(id),
        gone_at TEXT,
        gone_reason TEXT,
        UNIQUE (request_id, match_id)
      ) STRICT;
      CREATE INDEX takedown_items_request ON takedown_request_items(request_id);
      CREATE INDEX takedown_items_match ON takedown_request_items(match_id);
      CREATE INDEX takedown_items_sha ON takedown_request_items(image_sha256);
      CREATE INDEX takedown_items_reference ON takedown_request_items(reference_image_id);

      CREATE TABLE takedown_events (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES takedown_requests(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor_id INTEGER REFERENCES users(id),
        kind TEXT NOT NULL CHECK (kind IN
          ('created', 'extended', 'withdrawn', 'state', 'resent', 'edited', 'checked', 'flagged')),
        from_state TEXT,
        to_state TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX takedown_events_request ON takedown_events(request_id, id);
      CREATE TRIGGER takedown_events_no_update BEFORE UPDATE ON takedown_events
        BEGIN SELECT RAISE(ABORT, 'takedown events are append-only'); END;
      CREATE TRIGGER takedown_events_draft_only_delete BEFORE DELETE ON takedown_events
        WHEN EXISTS (SELECT 1 FROM takedown_requests r
                     WHERE r.id = OLD.request_id AND r.state <> 'draft')
        BEGIN SELECT RAISE(ABORT, 'takedown events are append-only'); END;
      CREATE TRIGGER takedown_requests_draft_only_delete BEFORE DELETE ON takedown_requests
        WHEN OLD.state <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'only draft takedown requests can be deleted'); END;

      CREATE TABLE takedown_checks (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES takedown_requests(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor_id INTEGER REFERENCES users(id),
        page_status INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('present', 'removed', 'error')),
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX takedown_checks_request ON takedown_checks(request_id, id);

      CREATE TABLE takedown_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        service_level_hours REAL NOT NULL DEFAULT 48 CHECK (service_level_hours > 0),
        resend_hours REAL NOT NULL DEFAULT 24 CHECK (resend_hours > 0),
        recheck_hours REAL NOT NULL DEFAULT 24 CHECK (recheck_hours > 0)
      ) STRICT;
      INSERT INTO takedown_settings (id) VALUES (1);
    `);
  },
};
