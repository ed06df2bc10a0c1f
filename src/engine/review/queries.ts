/**
 * Read queries of the review queue — one queue for every source of a match (a case's references
 * or an imported hash list, decision 0091). Every list and count is shaped so that an index
 * answers it (review_items_queue / _case / _algo / _source, review_pages_host / _site);
 * review.test.ts checks that with EXPLAIN QUERY PLAN. Filters are `sql` fragments (decision 0093),
 * never spliced values. Also the one writer of `review_settings` (a reviewer's blur and breaks).
 */
import type Database from 'better-sqlite3';
import { all, get, run, sql, sqlId, sqlJoin, type Query } from '../db/sql';
import type {
  ReviewCounts,
  ReviewFilter,
  ReviewHistoryEntry,
  ReviewItemSummary,
  ReviewPage,
  ReviewPageInfo,
  ReviewSettings,
  ReviewState,
} from '../../shared/review-types';
import { REVIEW_STATES } from '../../shared/review-types';
import { caseCode } from '../cases/queries';
import { shownTransform } from '../matches/transform';

type Facet = 'state' | 'case' | 'site' | 'host' | 'algo' | 'source' | 'list';

/** WHERE clause of a filter over review_items `i`, leaving out one facet. */
export function whereOf(f: ReviewFilter, without?: Facet): Query<never> {
  const parts: Query<unknown>[] = [];
  if (without !== 'state') parts.push(sql`i.state = ${f.state}`);
  if (f.caseId !== undefined && without !== 'case') parts.push(sql`i.case_id = ${f.caseId}`);
  if (f.source !== undefined && without !== 'source') parts.push(sql`i.source = ${f.source}`);
  if (f.listId !== undefined && without !== 'list') parts.push(sql`i.list_id = ${f.listId}`);
  if (f.algo !== undefined && without !== 'algo') parts.push(sql`i.algo = ${f.algo}`);
  // review_pages carries the item's state, so its (state, host|site, item) index narrows first.
  const pageState = without !== 'state' ? sql`state = ${f.state} AND ` : sql``;
  if (f.host !== undefined && without !== 'host') {
    parts.push(sql`i.id IN (SELECT item_id FROM review_pages WHERE ${pageState}host = ${f.host})`);
  }
  if (f.siteId !== undefined && without !== 'site') {
    parts.push(
      sql`i.id IN (SELECT item_id FROM review_pages WHERE ${pageState}site_id = ${f.siteId})`,
    );
  }
  return parts.length ? sqlJoin(parts, ' AND ') : sql`1`;
}

/** The SQL that picks one window of ids (exported for the query-plan test). */
export function windowSql(f: ReviewFilter, limit: number, offset: number): Query<{ id: number }> {
  return sql`SELECT i.id FROM review_items i WHERE ${whereOf(f)}
    ORDER BY i.priority DESC, i.id LIMIT ${limit} OFFSET ${offset}`;
}

interface DbSummary {
  id: number;
  source: 'case' | 'list';
  case_id: number | null;
  code: string | null;
  list_id: number | null;
  list_name: string | null;
  state: ReviewState;
  priority: number;
  best_distance: number;
  algo: string;
  page_count: number;
  new_pages: number;
  host: string | null;
  page_url: string | null;
  first_found_at: string;
  found_earlier: number;
}

const SUMMARY_COLUMNS = sql`i.id, i.source, i.case_id, c.code, i.list_id, l.name AS list_name, i.state,
  i.priority, i.best_distance, i.algo, i.page_count, i.new_pages, p.host, bm.page_url, i.first_found_at,
  EXISTS (SELECT 1 FROM review_pages rp JOIN crawl_retro_matches r ON r.match_id = rp.match_id
    WHERE rp.item_id = i.id) AS found_earlier`;
const SUMMARY_JOINS = sql`LEFT JOIN cases c ON c.id = i.case_id
  LEFT JOIN hash_lists l ON l.id = i.list_id
  LEFT JOIN review_pages p ON p.match_id = i.best_match_id
  LEFT JOIN crawl_matches bm ON bm.id = i.best_match_id`;

function summaryOf(r: DbSummary): ReviewItemSummary {
  return {
    id: r.id,
    source: r.source,
    caseId: r.case_id,
    caseCode: r.code ?? '',
    listId: r.list_id,
    listName: r.list_name,
    state: r.state,
    priority: r.priority,
    distance: r.best_distance,
    algo: r.algo,
    pageCount: r.page_count,
    newPages: r.new_pages,
    host: r.host ?? '',
    pageUrl: r.page_url ?? '',
    firstFoundAt: r.first_found_at,
    foundEarlier: r.found_earlier === 1,
  };
}

/** One window of the queue, highest priority first, with the filter's total. */
export function listQueue(
  db: Database.Database,
  f: ReviewFilter,
  offset: number,
  limit: number,
): Omit<ReviewPage, 'timeZone'> {
  const rows = all(
    db,
    sql<DbSummary>`SELECT ${SUMMARY_COLUMNS} FROM (${windowSql(f, limit, offset)}) w
      JOIN review_items i ON i.id = w.id ${SUMMARY_JOINS} ORDER BY i.priority DESC, i.id`,
  );
  const total = get(
    db,
    sql<{ n: number }>`SELECT count(*) AS n FROM review_items i WHERE ${whereOf(f)}`,
  )!.n;
  return { total, offset, items: rows.map(summaryOf) };
}

export function getSummary(db: Database.Database, itemId: number): ReviewItemSummary | null {
  const r = get(
    db,
    sql<DbSummary>`SELECT ${SUMMARY_COLUMNS} FROM review_items i ${SUMMARY_JOINS}
      WHERE i.id = ${itemId}`,
  );
  return r ? summaryOf(r) : null;
}

/** Counts per facet value, each under the other facets of the filter. */
export function countQueue(db: Database.Database, f: ReviewFilter): ReviewCounts {
  const items = sql`review_items i`;
  const withPages = sql`review_pages p JOIN review_items i ON i.id = p.item_id`;
  const group = <T>(facet: Facet, select: Query, from: Query, by: Query) =>
    all(
      db,
      sql<T>`SELECT ${select}, ${from === withPages ? sql`count(DISTINCT i.id)` : sql`count(*)`}
        AS count FROM ${from} WHERE ${whereOf(f, facet)} GROUP BY ${by}`,
    );
  const states = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<
    ReviewState,
    number
  >;
  for (const r of group<{ state: ReviewState; count: number }>(
    'state',
    sql`i.state AS state`,
    items,
    sql`i.state`,
  ))
    states[r.state] = r.count;
  const cases = group<{ id: number | null; count: number }>(
    'case',
    sql`i.case_id AS id`,
    items,
    sql`i.case_id`,
  ).filter((c): c is { id: number; count: number } => c.id !== null);
  const sources = group<{ source: 'case' | 'list'; count: number }>(
    'source',
    sql`i.source AS source`,
    items,
    sql`i.source`,
  );
  const lists = group<{ id: number | null; count: number }>(
    'list',
    sql`i.list_id AS id`,
    items,
    sql`i.list_id`,
  ).filter((l): l is { id: number; count: number } => l.id !== null);
  const algos = group<{ algo: string; count: number }>(
    'algo',
    sql`i.algo AS algo`,
    items,
    sql`i.algo`,
  );
  // An item on pages of two hosts counts under both. Under the state filter alone the pages'
  // own (state, host|site, item) indexes answer without touching review_items.
  const pagesOnly = (facet: 'host' | 'site') =>
    f.caseId === undefined &&
    f.algo === undefined &&
    f.source === undefined &&
    f.listId === undefined &&
    (facet === 'host' ? f.siteId === undefined : f.host === undefined);
  const pageGroup = <T>(facet: 'host' | 'site'): T[] => {
    const column = sqlId(facet === 'host' ? 'host' : 'site_id', ['host', 'site_id']);
    const as = sqlId(facet === 'host' ? 'host' : 'id', ['host', 'id']);
    if (!pagesOnly(facet))
      return group<T>(facet, sql`p.${column} AS ${as}`, withPages, sql`p.${column}`);
    return all(
      db,
      sql<T>`SELECT ${column} AS ${as}, count(DISTINCT item_id) AS count
         FROM review_pages WHERE state = ${f.state} GROUP BY ${column}`,
    );
  };
  const hosts = pageGroup<{ host: string; count: number }>('host');
  const sites = pageGroup<{ id: number | null; count: number }>('site').filter(
    (s): s is { id: number; count: number } => s.id !== null,
  );
  const nameOf = (q: Query<{ name: string }>, id: number) => get(db, q)?.name ?? `#${id}`;
  return {
    states,
    cases: cases
      .map((c) => ({ ...c, code: caseCode(db, c.id) ?? '' }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    sites: sites.map((s) => ({
      ...s,
      name: nameOf(sql`SELECT name FROM crawl_sites WHERE id = ${s.id}`, s.id),
    })),
    hosts: hosts.sort((a, b) => b.count - a.count).slice(0, 200),
    algos,
    lists: lists.map((l) => ({
      ...l,
      name: nameOf(sql`SELECT name FROM hash_lists WHERE id = ${l.id}`, l.id),
    })),
    sources: Object.fromEntries(
      (['case', 'list'] as const).map((k) => [k, sources.find((x) => x.source === k)?.count ?? 0]),
    ) as Record<'case' | 'list', number>,
  };
}

/** The pages of an item (closest match first), at most `limit`. */
export function itemPages(db: Database.Database, itemId: number, limit = 200): ReviewPageInfo[] {
  const rows = all(
    db,
    sql<{
      id: number;
      page_url: string;
      image_url: string;
      host: string;
      site_name: string | null;
      found_at: string;
      http_status: number;
      server_ip: string;
      distance: number;
      algo: string;
      transform: string;
      review_state: ReviewPageInfo['reviewState'];
    }>`SELECT m.id, m.page_url, m.image_url, p.host, s.name AS site_name, m.found_at,
         m.http_status, m.server_ip, m.distance, m.algo, m.transform, m.review_state
       FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id
       LEFT JOIN crawl_sites s ON s.id = m.site_id
       WHERE p.item_id = ${itemId} ORDER BY m.distance, m.id LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    matchId: r.id,
    pageUrl: r.page_url,
    imageUrl: r.image_url,
    host: r.host,
    siteName: r.site_name,
    foundAt: r.found_at,
    httpStatus: r.http_status,
    serverIp: r.server_ip,
    distance: r.distance,
    algo: r.algo,
    transform: shownTransform(r.transform),
    reviewState: r.review_state,
  }));
}

export function itemHistory(db: Database.Database, itemId: number): ReviewHistoryEntry[] {
  return all(
    db,
    sql<{
      at: string;
      user: string;
      action: ReviewHistoryEntry['action'];
      new_state: ReviewState;
      note: string | null;
    }>`SELECT d.at, u.display_name AS user, d.action, d.new_state, d.note
       FROM review_decisions d JOIN users u ON u.id = d.user_id
       WHERE d.item_id = ${itemId} ORDER BY d.id DESC LIMIT 50`,
  ).map((r) => ({ at: r.at, user: r.user, action: r.action, newState: r.new_state, note: r.note }));
}

/** The decisions a user made since a moment, not counting undone ones. */
export function dailyCount(db: Database.Database, userId: number, since: string) {
  const rows = all(
    db,
    sql<{ action: string; n: number }>`SELECT d.action, count(*) AS n FROM review_decisions d
       JOIN review_batches b ON b.id = d.batch_id
       WHERE d.user_id = ${userId} AND d.at >= ${since} AND d.action != 'undo'
         AND b.undone_by_batch IS NULL
       GROUP BY d.action`,
  );
  const n = (a: string) => rows.find((r) => r.action === a)?.n ?? 0;
  const out = { confirmed: n('confirm'), rejected: n('reject'), unsure: n('unsure') };
  return { ...out, total: out.confirmed + out.rejected + out.unsure };
}

/** A user's own review settings (blur, break reminder), or undefined before they saved any. */
export function reviewSettingsOf(
  db: Database.Database,
  userId: number,
): ReviewSettings | undefined {
  const r = get(
    db,
    sql<{ blur: number; break_minutes: number }>`SELECT blur, break_minutes
      FROM review_settings WHERE user_id = ${userId}`,
  );
  return r && { blur: r.blur, breakMinutes: r.break_minutes };
}

/** Saves a user's review settings (the only writer of `review_settings`). */
export function saveReviewSettings(db: Database.Database, userId: number, s: ReviewSettings) {
  run(
    db,
    sql`INSERT INTO review_settings (user_id, blur, break_minutes)
      VALUES (${userId}, ${s.blur}, ${s.breakMinutes})
      ON CONFLICT (user_id) DO UPDATE SET blur = excluded.blur,
        break_minutes = excluded.break_minutes`,
  );
}
