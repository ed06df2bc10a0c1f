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
import type { QuarantineReason } from '../../shared/exchange-types';
import { audit } from '../audit/record';
import { all, get, sql } from '../db/sql';
import { replayHeldListMatches } from '../matches/review-state';
import { removeUndecidedListItems } from '../review/decision-queries';
import { releaseQuarantine, setQuarantine } from './queries';

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
  const entry = get(
    db,
    sql<{ quarantined_at: string | null; cleared: string | null }>`SELECT quarantined_at,
      released_at AS cleared FROM hash_list_entries WHERE id = ${entryId}`,
  );
  if (entry && !entry.quarantined_at) {
    const { n } = get(
      db,
      sql<{ n: number }>`SELECT count(DISTINCT image_sha256) AS n FROM crawl_matches
         WHERE list_entry_id = ${entryId} AND found_at > ${entry.cleared ?? ''}`,
    )!;
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
  return get(
    db,
    sql<{ quarantined_at: string | null; imported_at: string; cleared: string | null }>`SELECT
      quarantined_at, imported_at, released_at AS cleared FROM hash_lists WHERE id = ${listId}`,
  );
}

/** The list's rate in one run against its baseline (its earlier runs since it was imported). */
function checkRunRate(db: Database.Database, listId: number, runId: number, now: Date): void {
  const list = listState(db, listId);
  if (!list || list.quarantined_at) return;
  const crawlRun = get(
    db,
    sql<{ images: number; started_at: string }>`SELECT images, started_at FROM crawl_runs
      WHERE id = ${runId}`,
  );
  // A monitor released the list during this run: the run's rate was judged and accepted.
  if (!crawlRun || (list.cleared && list.cleared > crawlRun.started_at)) return;
  const matched = get(
    db,
    sql<{ n: number }>`SELECT count(DISTINCT image_sha256) AS n FROM crawl_matches
      WHERE list_id = ${listId} AND run_id = ${runId}`,
  )!.n;
  const crawled = Math.max(crawlRun.images, matched);
  if (matched < QUARANTINE_RULE.minMatched || crawled < QUARANTINE_RULE.minCrawled) return;
  // The list's earlier runs since its import, in one pass: images they crawled, and the
  // distinct images the list matched in each.
  const { earlierImages, earlierMatched } = get(
    db,
    sql<{ earlierImages: number; earlierMatched: number }>`WITH earlier AS (SELECT id, images
         FROM crawl_runs WHERE id < ${runId} AND started_at >= ${list.imported_at} AND images > 0)
       SELECT coalesce((SELECT sum(images) FROM earlier), 0) AS earlierImages,
         (SELECT count(*) FROM (SELECT DISTINCT run_id, image_sha256 FROM crawl_matches
            WHERE list_id = ${listId} AND run_id IN (SELECT id FROM earlier) AND run_id < ${runId}))
           AS earlierMatched`,
  )!;
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
  const { crawled } = get(
    db,
    sql<{ crawled: number }>`SELECT count(*) AS crawled FROM crawl_image_hashes`,
  )!;
  const { matched } = get(
    db,
    sql<{ matched: number }>`SELECT count(DISTINCT image_sha256) AS matched FROM crawl_matches
      WHERE list_id = ${listId}`,
  )!;
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

function quarantineList(
  db: Database.Database,
  listId: number,
  reason: QuarantineReason,
  now: Date,
) {
  setQuarantine(db, 'list', listId, reason, now);
  // Undecided queue items leave the queue: their matches are held like the ones that follow.
  const held = removeUndecidedListItems(db, listId, null);
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
  const { list_id: listId } = get(
    db,
    sql<{ list_id: number }>`SELECT list_id FROM hash_list_entries WHERE id = ${entryId}`,
  )!;
  setQuarantine(db, 'entry', entryId, reason, now);
  const held = removeUndecidedListItems(db, listId, entryId);
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

/** Matches held by a quarantine (recorded, pending, in no queue item). */
export function heldMatches(db: Database.Database, listId: number): number {
  return get(
    db,
    sql<{ n: number }>`SELECT count(*) AS n FROM crawl_matches WHERE list_id = ${listId}
      AND review_state = 'pending' AND id NOT IN (SELECT match_id FROM review_pages)`,
  )!.n;
}

/** A monitor's release of a list: no longer quarantined, its held matches queued. Audited. */
export function releaseList(
  ctx: Clock & { db: Database.Database; session: Parameters<typeof audit>[0]['session'] },
  listId: number,
): boolean {
  if (!releaseQuarantine(ctx.db, 'list', listId, ctx.now())) return false;
  audit(
    ctx,
    'exchange.list.release',
    { type: 'hash-list', id: listId },
    {
      queued: replayHeldListMatches(ctx.db, listId, null),
    },
  );
  return true;
}

/** A monitor's release of every quarantined entry of a list. Audited per entry. */
export function releaseEntries(
  ctx: Clock & { db: Database.Database; session: Parameters<typeof audit>[0]['session'] },
  listId: number,
): number {
  const ids = all(
    ctx.db,
    sql<{ id: number }>`SELECT id FROM hash_list_entries
      WHERE list_id = ${listId} AND quarantined_at IS NOT NULL`,
  );
  for (const { id } of ids) {
    releaseQuarantine(ctx.db, 'entry', id, ctx.now());
    audit(
      ctx,
      'exchange.entry.release',
      { type: 'hash-list-entry', id },
      {
        list: listId,
        queued: replayHeldListMatches(ctx.db, listId, id),
      },
    );
  }
  return ids.length;
}
