import type { Migration } from './types';

/** The queue trigger's condition before this migration (v18-one-queue), and after it. */
const QUEUED_BEFORE = 'WHEN NEW.list_id IS NOT NULL BEGIN';
const QUEUED_AFTER = `WHEN NEW.list_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hash_lists WHERE id = NEW.list_id
          AND (quarantined_at IS NOT NULL OR kind <> 'match'))
        AND NOT EXISTS (SELECT 1 FROM hash_list_entries WHERE id = NEW.list_entry_id
          AND quarantined_at IS NOT NULL) BEGIN`;

/**
 * Hash lists under control (issue 13 item 5, issue 15 item 6; decision 0053). Each list gets its
 * own PDQ distance (20, the rule's PDQ-alone bound, for every list imported before), a kind
 * ('match', or 'benign': entries that suppress matches, counted in `suppressed`), and a quarantine
 * (when, why as JSON, and the last release) for the list and for each entry. A match of a quarantined list or entry
 * is still recorded but does not enter the review queue: the queue's trigger (v18) gains that
 * condition, edited in its stored SQL so the rest of its body stays as v18 made it. An entry may
 * be a vPDQ video signal (`vpdq`, the ThreatExchange text form); the table's CHECK wants a PDQ or
 * a SHA-256, so such an entry's `sha256` holds the SHA-256 of its signal text, which also merges
 * a signal listed twice (no crawled file's bytes hash to it; lookups by SHA-256 skip vPDQ rows).
 */
export const migrationListControls: Migration = {
  version: 20,
  name: 'list-controls',
  up: (db) => {
    db.exec(`
      ALTER TABLE hash_lists ADD COLUMN pdq_distance INTEGER NOT NULL DEFAULT 20
        CHECK (pdq_distance BETWEEN 0 AND 64);
      ALTER TABLE hash_lists ADD COLUMN kind TEXT NOT NULL DEFAULT 'match'
        CHECK (kind IN ('match', 'benign'));
      ALTER TABLE hash_lists ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE hash_lists ADD COLUMN quarantined_at TEXT;
      ALTER TABLE hash_lists ADD COLUMN quarantine_reason TEXT;
      ALTER TABLE hash_lists ADD COLUMN released_at TEXT;
      ALTER TABLE hash_list_entries ADD COLUMN quarantined_at TEXT;
      ALTER TABLE hash_list_entries ADD COLUMN quarantine_reason TEXT;
      ALTER TABLE hash_list_entries ADD COLUMN released_at TEXT;
      ALTER TABLE hash_list_entries ADD COLUMN vpdq TEXT;
      CREATE INDEX hash_list_entries_quarantined ON hash_list_entries(list_id)
        WHERE quarantined_at IS NOT NULL;
      CREATE INDEX crawl_matches_list_entry ON crawl_matches(list_entry_id)
        WHERE list_entry_id IS NOT NULL;
    `);
    const trigger = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'review_list_match_in'",
      )
      .get();
    if (!trigger || !trigger.sql.includes(QUEUED_BEFORE)) {
      throw new Error('list-controls: the list queue trigger is not the one v18 made');
    }
    db.exec('DROP TRIGGER review_list_match_in');
    db.exec(trigger.sql.replace(QUEUED_BEFORE, QUEUED_AFTER));
  },
};
