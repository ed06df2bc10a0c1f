/**
 * The quarantine of hash lists and entries (issue 13 item 5, decision 0053). Platforms that use
 * third-party lists report lists that flood them with generic entries; a list (or one entry) that
 * suddenly matches far more than it should is taken out of the review queue automatically. Its
 * matches are still recorded (held, not queued: the queue's trigger skips them, migration v20),
 * the monitor is told why, and a release puts the held matches into the queue. "Should" comes
 * from the list's own history:
 * - a list: the distinct images it matched in one crawl run per 1,000 images that run crawled,
 *   against its own rate over its earlier runs (the baseline); with no history yet, against an
 *   absolute bound;
 * - an entry: the distinct images (by SHA-256) it matched. Re-uploads of one picture are a few
 *   re-encodes and crops; an entry that matches dozens of different files is generic.
 * Quarantines and releases are audited (automatic ones as 'system').
 */
import type Database from 'better-sqlite3';
import type { QuarantineInfo, QuarantineReason } from '../../shared/exchange-types';
import { audit } from '../audit/record';

/** The rule's numbers (measured on the fixture site: decision 0053). */
export const QUARANTINE_RULE = {
  /** A run's rate is judged once it has matched this many distinct images… */
  minMatched: 10,
  /** …and crawled this many images (a rate over a handful of images says nothing). */
  minCrawled: 100,
  /** A list is quarantined above this multiple of its own baseline… */
  factor: 4,
  /** …and never below this rate (per 1,000 images crawled), whatever its baseline. */
  floorPerThousand: 20,
  /** With no history yet (under `minHistory` images crawled before), this bound alone. */
  noHistoryPerThousand: 150,
  /** Images crawled in earlier runs before their rate counts as the list's baseline. */
  minHistory: 200,
  /** An entry matching more distinct images than this (since its last release). */
  entryImages: 24,
} as const;

type Clock = { now: () => Date };

/** The quarantine stored in a row's two columns. */
export function quarantineOf(at: string | null, reason: string | null): QuarantineInfo | null {
  if (!at || !reason) return null;
  return { at, reason: JSON.parse(reason) as QuarantineReason };
}

/**
 * After a list match is recorded: quarantines its entry or its list when the rule says so. Runs
 * in the caller's transaction. `runId` is null for matches found outside a run (retro-matching
 * at import); those are judged by {@link checkImportRate}.
 */
export function checkQuarantine(
  db: Database.Database,
  listId: number,
  entryId: number,
  runId: number | null,
  now: Date,
): void {
  const entry = db
    .prepare<[number], { quarantined_at: string | null; cleared: string | null }>(
      'SELECT quarantined_at, released_at AS cleared FROM hash_list_entries WHERE id = ?',
    )
    .get(entryId);
  if (entry && !entry.quarantined_at) {
    const { n } = db
      .prepare<[number, string], { n: number }>(
        `SELECT count(DISTINCT image_sha256) AS n FROM crawl_matches
         WHERE list_entry_id = ? AND found_at > ?`,
      )
      .get(entryId, entry.cleared ?? '')!;
    if (n > QUARANTINE_RULE.entryImages) {
      quarantineEntry(
        db,
        entryId,
        { code: 'entry-spread', images: n, limit: QUARANTINE_RULE.entryImages },
        now,
      );
    }
  }
  if (runId !== null) checkRunRate(db, listId, runId, now);
}

function listState(db: Database.Database, listId: number) {
  return db
    .prepare<
      [number],
      { quarantined_at: string | null; imported_at: string; cleared: string | null }
    >('SELECT quarantined_at, imported_at, released_at AS cleared FROM hash_lists WHERE id = ?')
    .get(listId);
}

/** The list's rate in one run against its baseline (its earlier runs since it was imported). */
function checkRunRate(db: Database.Database, listId: number, runId: number, now: Date): void {
  const list = listState(db, listId);
  if (!list || list.quarantined_at) return;
  const run = db
    .prepare<[number], { images: number; started_at: string }>(
      'SELECT images, started_at FROM crawl_runs WHERE id = ?',
    )
    .get(runId);
  // A monitor released the list during this run: the run's rate was judged and accepted.
  if (!run || (list.cleared && list.cleared > run.started_at)) return;
  const matchedIn = db.prepare<[number, number], { n: number }>(
    'SELECT count(DISTINCT image_sha256) AS n FROM crawl_matches WHERE list_id = ? AND run_id = ?',
  );
  const matched = matchedIn.get(listId, runId)!.n;
  const crawled = Math.max(run.images, matched);
  if (matched < QUARANTINE_RULE.minMatched || crawled < QUARANTINE_RULE.minCrawled) return;
  // The list's earlier runs since its import, in one pass: images they crawled, and the
  // distinct images the list matched in each.
  const { earlierImages, earlierMatched } = db
    .prepare<[number, string, number, number], { earlierImages: number; earlierMatched: number }>(
      `WITH earlier AS (SELECT id, images FROM crawl_runs
         WHERE id < ? AND started_at >= ? AND images > 0)
       SELECT coalesce((SELECT sum(images) FROM earlier), 0) AS earlierImages,
         (SELECT count(*) FROM (SELECT DISTINCT run_id, image_sha256 FROM crawl_matches
            WHERE list_id = ? AND run_id IN (SELECT id FROM earlier) AND run_id < ?))
           AS earlierMatched`,
    )
    .get(runId, list.imported_at, listId, runId)!;
  const baseline =
    earlierImages >= QUARANTINE_RULE.minHistory ? (1000 * earlierMatched) / earlierImages : null;
  const perThousand = (1000 * matched) / crawled;
  const limit =
    baseline === null
      ? QUARANTINE_RULE.noHistoryPerThousand
      : Math.max(QUARANTINE_RULE.factor * baseline, QUARANTINE_RULE.floorPerThousand);
  if (perThousand <= limit) return;
  quarantineList(
    db,
    listId,
    {
      code: 'list-rate',
      perThousand: round1(perThousand),
      matched,
      crawled,
      baselinePerThousand: baseline === null ? null : round1(baseline),
    },
    now,
  );
}

/**
 * After an import matched the images crawled before (no run): the share of every stored image
 * the new list matched, judged like a first run (no history).
 */
export function checkImportRate(db: Database.Database, listId: number, now: Date): void {
  const { crawled } = db
    .prepare<[], { crawled: number }>('SELECT count(*) AS crawled FROM crawl_image_hashes')
    .get()!;
  const { matched } = db
    .prepare<[number], { matched: number }>(
      'SELECT count(DISTINCT image_sha256) AS matched FROM crawl_matches WHERE list_id = ?',
    )
    .get(listId)!;
  if (matched < QUARANTINE_RULE.minMatched || crawled < QUARANTINE_RULE.minCrawled) return;
  const perThousand = (1000 * matched) / crawled;
  if (perThousand <= QUARANTINE_RULE.noHistoryPerThousand) return;
  const reason: QuarantineReason = {
    code: 'list-rate',
    perThousand: round1(perThousand),
    matched,
    crawled,
    baselinePerThousand: null,
  };
  quarantineList(db, listId, reason, now);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

const system = (db: Database.Database, now: Date) => ({ db, session: null, now: () => now });

/**
 * Pending queue items no one has decided on yet, of the list (or whose every page is a match of
 * the entry), leave the queue: their matches become held like the ones that follow.
 */
function holdPending(db: Database.Database, listId: number, entryId: number | null): number {
  return db
    .prepare(
      `DELETE FROM review_items WHERE source = 'list' AND list_id = ? AND state = 'pending'
         AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.item_id = review_items.id)
         AND (? IS NULL OR NOT EXISTS (SELECT 1 FROM review_pages p
           JOIN crawl_matches m ON m.id = p.match_id
           WHERE p.item_id = review_items.id AND m.list_entry_id IS NOT ?))`,
    )
    .run(listId, entryId, entryId).changes;
}

function quarantineList(
  db: Database.Database,
  listId: number,
  reason: QuarantineReason,
  now: Date,
) {
  db.prepare('UPDATE hash_lists SET quarantined_at = ?, quarantine_reason = ? WHERE id = ?').run(
    now.toISOString(),
    JSON.stringify(reason),
    listId,
  );
  const held = holdPending(db, listId, null);
  audit(
    system(db, now),
    'exchange.list.quarantine',
    { type: 'hash-list', id: listId },
    {
      ...flat(reason),
      held,
    },
  );
}

function quarantineEntry(
  db: Database.Database,
  entryId: number,
  reason: QuarantineReason,
  now: Date,
) {
  const { list_id: listId } = db
    .prepare<[number], { list_id: number }>('SELECT list_id FROM hash_list_entries WHERE id = ?')
    .get(entryId)!;
  db.prepare(
    'UPDATE hash_list_entries SET quarantined_at = ?, quarantine_reason = ? WHERE id = ?',
  ).run(now.toISOString(), JSON.stringify(reason), entryId);
  const held = holdPending(db, listId, entryId);
  audit(
    system(db, now),
    'exchange.entry.quarantine',
    { type: 'hash-list-entry', id: entryId },
    {
      list: listId,
      ...flat(reason),
      held,
    },
  );
}

function flat(reason: QuarantineReason): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(reason)) out[k] = v === null ? '' : v;
  return out;
}

/** Columns of crawl_matches an INSERT may name (not the generated ones). */
function matchColumns(db: Database.Database): string {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM pragma_table_xinfo('crawl_matches') WHERE hidden = 0 ORDER BY cid",
    )
    .all()
    .map((c) => `"${c.name.replace(/"/g, '""')}"`)
    .join(', ');
}

/**
 * Puts held matches into the queue: matches of the list (or of the entry) still pending and in no
 * queue item are written again with their own ids, so the queue's one trigger files them as it
 * files every list match (a quarantine still in force on the other level keeps them held).
 */
function replayHeld(db: Database.Database, listId: number, entryId: number | null): number {
  const cols = matchColumns(db);
  const where = `source = 'hash-list' AND list_id = ? AND (? IS NULL OR list_entry_id = ?)
    AND review_state = 'pending' AND id NOT IN (SELECT match_id FROM review_pages)
    AND id NOT IN (SELECT match_id FROM takedown_request_items WHERE match_id IS NOT NULL)`;
  db.exec('DROP TABLE IF EXISTS temp.held_matches');
  db.prepare(
    `CREATE TEMP TABLE held_matches AS SELECT ${cols} FROM crawl_matches WHERE ${where} ORDER BY id`,
  ).run(listId, entryId, entryId);
  db.exec('DELETE FROM crawl_matches WHERE id IN (SELECT id FROM temp.held_matches)');
  const n = db
    .prepare(
      `INSERT INTO crawl_matches (${cols}) SELECT ${cols} FROM temp.held_matches ORDER BY id`,
    )
    .run().changes;
  db.exec('DROP TABLE temp.held_matches');
  return n;
}

/** Matches held by a quarantine (recorded, pending, in no queue item). */
export function heldMatches(db: Database.Database, listId: number): number {
  return db
    .prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM crawl_matches WHERE list_id = ? AND review_state = 'pending'
         AND id NOT IN (SELECT match_id FROM review_pages)`,
    )
    .get(listId)!.n;
}

/** A monitor's release of a list: no longer quarantined, its held matches queued. Audited. */
export function releaseList(
  ctx: Clock & { db: Database.Database; session: Parameters<typeof audit>[0]['session'] },
  listId: number,
): boolean {
  const changed = ctx.db
    .prepare(
      `UPDATE hash_lists SET quarantined_at = NULL, quarantine_reason = NULL, released_at = ?
       WHERE id = ? AND quarantined_at IS NOT NULL`,
    )
    .run(ctx.now().toISOString(), listId).changes;
  if (!changed) return false;
  audit(
    ctx,
    'exchange.list.release',
    { type: 'hash-list', id: listId },
    {
      queued: replayHeld(ctx.db, listId, null),
    },
  );
  return true;
}

/** A monitor's release of every quarantined entry of a list. Audited per entry. */
export function releaseEntries(
  ctx: Clock & { db: Database.Database; session: Parameters<typeof audit>[0]['session'] },
  listId: number,
): number {
  const ids = ctx.db
    .prepare<[number], { id: number }>(
      'SELECT id FROM hash_list_entries WHERE list_id = ? AND quarantined_at IS NOT NULL',
    )
    .all(listId);
  for (const { id } of ids) {
    ctx.db
      .prepare(
        `UPDATE hash_list_entries SET quarantined_at = NULL, quarantine_reason = NULL,
           released_at = ? WHERE id = ?`,
      )
      .run(ctx.now().toISOString(), id);
    audit(
      ctx,
      'exchange.entry.release',
      { type: 'hash-list-entry', id },
      {
        list: listId,
        queued: replayHeld(ctx.db, listId, id),
      },
    );
  }
  return ids.length;
}
