/**
 * SQL of the exchange domain besides import and export: the lists with their match counts, the
 * matches they produced (rows of the one match table, source 'hash-list', decision 0091), and
 * their review state.
 */
import type Database from 'better-sqlite3';
import type {
  HashListInfo,
  HashListKind,
  ListMatchInfo,
  ListMatchState,
} from '../../shared/exchange-types';
import { quarantineOf } from './quarantine';

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

const LIST_SQL = `SELECT l.id, l.name, l.source, l.format, l.enabled, l.entries, l.rejected, l.merged,
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
  return (db.prepare(`${LIST_SQL} ORDER BY l.id DESC`).all() as DbList[]).map(toList);
}

export function getHashList(db: Database.Database, id: number): HashListInfo | undefined {
  const r = db.prepare(`${LIST_SQL} WHERE l.id = ?`).get(id) as DbList | undefined;
  return r && toList(r);
}

export function setListEnabled(db: Database.Database, id: number, enabled: boolean): boolean {
  return (
    db.prepare('UPDATE hash_lists SET enabled = ? WHERE id = ?').run(enabled ? 1 : 0, id).changes >
    0
  );
}

/** Sets a list's PDQ distance; false when there is no such list. */
export function setListDistance(db: Database.Database, id: number, distance: number): boolean {
  return (
    db.prepare('UPDATE hash_lists SET pdq_distance = ? WHERE id = ?').run(distance, id).changes > 0
  );
}

export function deleteHashList(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM hash_lists WHERE id = ?').run(id).changes > 0;
}

interface DbMatch {
  id: number;
  list_id: number;
  name: string;
  entry_id: number;
  run_id: number | null;
  site_id: number | null;
  page_url: string;
  image_url: string;
  image_sha256: string;
  found_at: string;
  http_status: number;
  server_ip: string;
  distance: number;
  algo: string;
  review_state: ListMatchState;
  reviewed_at: string | null;
}

const MATCH_SQL = `SELECT m.id, m.list_id, l.name, m.list_entry_id AS entry_id, m.run_id, m.site_id, m.page_url,
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
    pageUrl: r.page_url,
    imageUrl: r.image_url,
    imageSha256: r.image_sha256,
    foundAt: r.found_at,
    httpStatus: r.http_status,
    serverIp: r.server_ip,
    distance: r.distance,
    algo: r.algo,
    reviewState: r.review_state,
    reviewedAt: r.reviewed_at,
  };
}

/** Matches of imported lists, newest first. */
export function listListMatches(
  db: Database.Database,
  f: { listId?: number; state?: ListMatchState; limit: number },
): ListMatchInfo[] {
  return (
    db
      .prepare(
        `${MATCH_SQL} WHERE (? IS NULL OR m.list_id = ?) AND (? IS NULL OR m.review_state = ?)
         ORDER BY m.id DESC LIMIT ?`,
      )
      .all(
        f.listId ?? null,
        f.listId ?? null,
        f.state ?? null,
        f.state ?? null,
        f.limit,
      ) as DbMatch[]
  ).map(toMatch);
}

export function getListMatch(db: Database.Database, id: number): ListMatchInfo | undefined {
  const r = db.prepare(`${MATCH_SQL} WHERE m.id = ?`).get(id) as DbMatch | undefined;
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
  return (
    db
      .prepare(
        `UPDATE crawl_matches SET review_state = ?, reviewed_by = ?, reviewed_at = ?
         WHERE id = ? AND source = 'hash-list'`,
      )
      .run(
        state,
        state === 'pending' ? null : userId,
        state === 'pending' ? null : now.toISOString(),
        id,
      ).changes > 0
  );
}
