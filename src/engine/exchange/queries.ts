/**
 * The query module of `hash_lists` and `hash_list_entries` (decision 0093): the only code that
 * writes them — an import's list and entries, a list's settings, its suppressed count, and the
 * quarantine columns of lists and entries. Also the lists with their match counts and the matches
 * they produced (rows of the one match table, source 'hash-list', decision 0091), whose review
 * state matches/ writes.
 */
import type {
  HashListInfo,
  HashListKind,
  ListMatchInfo,
  ListMatchState,
  QuarantineInfo,
  QuarantineReason,
} from '../../shared/exchange-types';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { all, get, preparedOnce, run, sql } from '../db/sql';
import { hexToBytes } from '../fingerprint';
import type { ListRow } from './format';
import { foundInfoOf, type DbFoundColumns } from '../matches/found-row';
import { setMatchReviewState } from '../matches/review-state';

/** The quarantine stored in a row's two columns. */
export function quarantineOf(at: string | null, reason: string | null): QuarantineInfo | null {
  if (!at || !reason) return null;
  return { at, reason: JSON.parse(reason) as QuarantineReason };
}

interface DbList {
  id: number;
  name: string;
  source: string;
  format: string;
  enabled: number;
  entries: number;
  rejected: number;
  merged: number;
  imported_at: string;
  username: string | null;
  pending: number;
  confirmed: number;
  rejected_matches: number;
  kind: HashListKind;
  pdq_distance: number;
  suppressed: number;
  quarantined_at: string | null;
  quarantine_reason: string | null;
  quarantined_entries: number;
  entry_at: string | null;
  entry_reason: string | null;
  held: number;
  video_entries: number;
}

const LIST_SQL = sql<DbList>`SELECT l.id, l.name, l.source, l.format, l.enabled, l.entries, l.rejected, l.merged,
    l.imported_at, u.username,
    (SELECT count(*) FROM crawl_matches m WHERE m.list_id = l.id AND m.review_state = 'pending') AS pending,
    (SELECT count(*) FROM crawl_matches m WHERE m.list_id = l.id AND m.review_state = 'confirmed') AS confirmed,
    (SELECT count(*) FROM crawl_matches m WHERE m.list_id = l.id AND m.review_state = 'rejected') AS rejected_matches,
    l.kind, l.pdq_distance, l.suppressed, l.quarantined_at, l.quarantine_reason,
    (SELECT count(*) FROM hash_list_entries e WHERE e.list_id = l.id AND e.quarantined_at IS NOT NULL)
      AS quarantined_entries,
    q.quarantined_at AS entry_at, q.quarantine_reason AS entry_reason,
    (SELECT count(*) FROM crawl_matches m WHERE m.list_id = l.id AND m.review_state = 'pending'
       AND m.id NOT IN (SELECT match_id FROM review_pages)) AS held,
    (SELECT count(*) FROM hash_list_entries e WHERE e.list_id = l.id AND e.vpdq IS NOT NULL)
      AS video_entries
  FROM hash_lists l LEFT JOIN users u ON u.id = l.imported_by
  LEFT JOIN hash_list_entries q ON q.id = (SELECT e.id FROM hash_list_entries e
    WHERE e.list_id = l.id AND e.quarantined_at IS NOT NULL ORDER BY e.quarantined_at DESC LIMIT 1)`;

function toList(r: DbList): HashListInfo {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    format: r.format,
    enabled: r.enabled === 1,
    entries: r.entries,
    rejected: r.rejected,
    merged: r.merged,
    importedAt: r.imported_at,
    importedBy: r.username,
    matches: { pending: r.pending, confirmed: r.confirmed, rejected: r.rejected_matches },
    kind: r.kind,
    pdqDistance: r.pdq_distance,
    suppressed: r.suppressed,
    quarantine: quarantineOf(r.quarantined_at, r.quarantine_reason),
    quarantinedEntries: r.quarantined_entries,
    entryQuarantine: quarantineOf(r.entry_at, r.entry_reason),
    held: r.held,
    videoEntries: r.video_entries,
  };
}

/** Every imported list, newest first. */
export function listHashLists(db: Database.Database): HashListInfo[] {
  return all(db, sql<DbList>`${LIST_SQL} ORDER BY l.id DESC`).map(toList);
}

export function getHashList(db: Database.Database, id: number): HashListInfo | undefined {
  const r = get(db, sql<DbList>`${LIST_SQL} WHERE l.id = ${id}`);
  return r && toList(r);
}

export function setListEnabled(db: Database.Database, id: number, enabled: boolean): boolean {
  return (
    run(db, sql`UPDATE hash_lists SET enabled = ${enabled ? 1 : 0} WHERE id = ${id}`).changes > 0
  );
}

/** Sets a list's PDQ distance; false when there is no such list. */
export function setListDistance(db: Database.Database, id: number, distance: number): boolean {
  return (
    run(db, sql`UPDATE hash_lists SET pdq_distance = ${distance} WHERE id = ${id}`).changes > 0
  );
}

export function deleteHashList(db: Database.Database, id: number): boolean {
  return run(db, sql`DELETE FROM hash_lists WHERE id = ${id}`).changes > 0;
}

/** Whether a list of this name exists. */
export function hashListNamed(db: Database.Database, name: string): boolean {
  return get(db, sql`SELECT 1 FROM hash_lists WHERE name = ${name}`) !== undefined;
}

/** A new imported list's row, enabled, with no entries yet (`finishHashList` counts them). */
export function insertHashList(
  db: Database.Database,
  l: {
    name: string;
    source: string;
    at: string;
    userId: number | null;
    kind: HashListKind;
    pdqDistance: number;
  },
): number {
  return Number(
    run(
      db,
      sql`INSERT INTO hash_lists (name, source, format, enabled, entries, rejected, merged,
         imported_at, imported_by, kind, pdq_distance)
       VALUES (${l.name}, ${l.source}, '', 1, 0, 0, 0, ${l.at}, ${l.userId}, ${l.kind},
         ${l.pdqDistance})`,
    ).lastInsertRowid,
  );
}

/**
 * Writes an import's rows into a list, each statement prepared once for the whole file. A hash met
 * twice is merged: the first PDQ quality and hashes win, gaps are filled; a vPDQ entry is keyed by
 * the SHA-256 of its signal text (migration v20), so it merges too.
 */
export function entryWriter(db: Database.Database, listId: number): (r: ListRow) => void {
  const once = preparedOnce(db);
  return (r) => {
    if (r.vpdq) {
      const key = createHash('sha256').update(r.vpdq).digest('hex');
      once.run(sql`INSERT INTO hash_list_entries (list_id, pdq, pdq_quality, blockhash, sha256,
          line, vpdq) VALUES (${listId}, NULL, NULL, NULL, ${key}, ${r.line}, ${r.vpdq})
        ON CONFLICT (list_id, sha256) WHERE pdq IS NULL DO NOTHING`);
    } else if (r.pdq) {
      const pdq = Buffer.from(hexToBytes(r.pdq));
      const blockhash = r.blockhash ? Buffer.from(hexToBytes(r.blockhash)) : null;
      once.run(sql`INSERT INTO hash_list_entries (list_id, pdq, pdq_quality, blockhash, sha256, line)
        VALUES (${listId}, ${pdq}, ${r.quality}, ${blockhash}, ${r.sha256}, ${r.line})
        ON CONFLICT (list_id, pdq) WHERE pdq IS NOT NULL DO UPDATE SET
          pdq_quality = coalesce(pdq_quality, excluded.pdq_quality),
          blockhash = coalesce(blockhash, excluded.blockhash),
          sha256 = coalesce(sha256, excluded.sha256)`);
    } else {
      once.run(sql`INSERT INTO hash_list_entries (list_id, pdq, pdq_quality, blockhash, sha256, line)
        VALUES (${listId}, NULL, NULL, NULL, ${r.sha256}, ${r.line})
        ON CONFLICT (list_id, sha256) WHERE pdq IS NULL DO NOTHING`);
    }
  };
}

/** Stores an import's format and counts; returns the distinct entries the list holds. */
export function finishHashList(
  db: Database.Database,
  listId: number,
  format: string,
  rows: number,
  rejected: number,
): number {
  const entries = get(
    db,
    sql<{ n: number }>`SELECT count(*) AS n FROM hash_list_entries WHERE list_id = ${listId}`,
  )!.n;
  if (entries > 0) {
    run(
      db,
      sql`UPDATE hash_lists SET format = ${format}, entries = ${entries}, rejected = ${rejected},
        merged = ${rows - entries} WHERE id = ${listId}`,
    );
  }
  return entries;
}

/** Counts an image a benign list kept out of the queue. */
export function countSuppressed(db: Database.Database, listId: number): void {
  run(db, sql`UPDATE hash_lists SET suppressed = suppressed + 1 WHERE id = ${listId}`);
}

/** Quarantines a list or an entry (decision 0053), with the rule's reason. */
export function setQuarantine(
  db: Database.Database,
  target: 'list' | 'entry',
  id: number,
  reason: QuarantineReason,
  now: Date,
): void {
  const at = now.toISOString();
  const json = JSON.stringify(reason);
  run(
    db,
    target === 'list'
      ? sql`UPDATE hash_lists SET quarantined_at = ${at}, quarantine_reason = ${json} WHERE id = ${id}`
      : sql`UPDATE hash_list_entries SET quarantined_at = ${at}, quarantine_reason = ${json}
          WHERE id = ${id}`,
  );
}

/** Releases a quarantined list or entry; false when it was not quarantined. */
export function releaseQuarantine(
  db: Database.Database,
  target: 'list' | 'entry',
  id: number,
  now: Date,
): boolean {
  const at = now.toISOString();
  return (
    run(
      db,
      target === 'list'
        ? sql`UPDATE hash_lists SET quarantined_at = NULL, quarantine_reason = NULL,
            released_at = ${at} WHERE id = ${id} AND quarantined_at IS NOT NULL`
        : sql`UPDATE hash_list_entries SET quarantined_at = NULL, quarantine_reason = NULL,
            released_at = ${at} WHERE id = ${id} AND quarantined_at IS NOT NULL`,
    ).changes > 0
  );
}

interface DbMatch extends DbFoundColumns {
  id: number;
  list_id: number;
  name: string;
  entry_id: number;
  run_id: number | null;
  site_id: number | null;
  review_state: ListMatchState;
  reviewed_at: string | null;
}

const MATCH_SQL = sql<DbMatch>`SELECT m.id, m.list_id, l.name, m.list_entry_id AS entry_id, m.run_id, m.site_id, m.page_url,
    m.image_url, m.image_sha256, m.found_at, m.http_status, m.server_ip, m.distance, m.algo,
    m.review_state, m.reviewed_at
  FROM crawl_matches m JOIN hash_lists l ON l.id = m.list_id`;

function toMatch(r: DbMatch): ListMatchInfo {
  return {
    id: r.id,
    listId: r.list_id,
    listName: r.name,
    entryId: r.entry_id,
    runId: r.run_id,
    siteId: r.site_id,
    ...foundInfoOf(r),
    reviewState: r.review_state,
    reviewedAt: r.reviewed_at,
  };
}

/** Matches of imported lists, newest first. */
export function listListMatches(
  db: Database.Database,
  f: { listId?: number; state?: ListMatchState; limit: number },
): ListMatchInfo[] {
  const listId = f.listId ?? null;
  const state = f.state ?? null;
  return all(
    db,
    sql<DbMatch>`${MATCH_SQL} WHERE (${listId} IS NULL OR m.list_id = ${listId})
      AND (${state} IS NULL OR m.review_state = ${state})
      ORDER BY m.id DESC LIMIT ${f.limit}`,
  ).map(toMatch);
}

export function getListMatch(db: Database.Database, id: number): ListMatchInfo | undefined {
  const r = get(db, sql<DbMatch>`${MATCH_SQL} WHERE m.id = ${id}`);
  return r && toMatch(r);
}

/** Sets a list match's review state; false when there is no such match. */
export function setListMatchState(
  db: Database.Database,
  id: number,
  state: ListMatchState,
  userId: number,
  now: Date,
): boolean {
  return setMatchReviewState(db, id, state, userId, now, true);
}
