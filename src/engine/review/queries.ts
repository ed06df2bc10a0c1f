/**
 * Read queries of the review queue — one queue for every source of a match (a case's references
 * or an imported hash list, decision 0091). Every list and count is shaped so that an index
 * answers it (review_items_queue / _case / _algo / _source, review_pages_host / _site);
 * review.test.ts checks that with EXPLAIN QUERY PLAN. Filters are parameterised fragments, never spliced values.
 */
import type Database from 'better-sqlite3';
import type {
  ReviewCounts,
  ReviewFilter,
  ReviewHistoryEntry,
  ReviewItemSummary,
  ReviewPage,
  ReviewPageInfo,
  ReviewState,
} from '../../shared/review-types';
import { REVIEW_STATES } from '../../shared/review-types';

type Facet = 'state' | 'case' | 'site' | 'host' | 'algo' | 'source' | 'list';

/** WHERE clause and parameters of a filter over review_items `i`, leaving out one facet. */
export function whereOf(
  f: ReviewFilter,
  without?: Facet,
): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (without !== 'state') {
    parts.push('i.state = ?');
    params.push(f.state);
  }
  if (f.caseId !== undefined && without !== 'case') {
    parts.push('i.case_id = ?');
    params.push(f.caseId);
  }
  if (f.source !== undefined && without !== 'source') {
    parts.push('i.source = ?');
    params.push(f.source);
  }
  if (f.listId !== undefined && without !== 'list') {
    parts.push('i.list_id = ?');
    params.push(f.listId);
  }
  if (f.algo !== undefined && without !== 'algo') {
    parts.push('i.algo = ?');
    params.push(f.algo);
  }
  // review_pages carries the item's state, so its (state, host|site, item) index narrows first.
  const pageState = without !== 'state' ? 'state = ? AND ' : '';
  if (f.host !== undefined && without !== 'host') {
    parts.push(`i.id IN (SELECT item_id FROM review_pages WHERE ${pageState}host = ?)`);
    params.push(...(pageState ? [f.state, f.host] : [f.host]));
  }
  if (f.siteId !== undefined && without !== 'site') {
    parts.push(`i.id IN (SELECT item_id FROM review_pages WHERE ${pageState}site_id = ?)`);
    params.push(...(pageState ? [f.state, f.siteId] : [f.siteId]));
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/** The SQL that picks one window of ids (exported for the query-plan test). */
export function windowSql(f: ReviewFilter): { sql: string; params: (string | number)[] } {
  const w = whereOf(f);
  return {
    sql: `SELECT i.id FROM review_items i WHERE ${w.sql} ORDER BY i.priority DESC, i.id LIMIT ? OFFSET ?`,
    params: w.params,
  };
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

const SUMMARY_COLUMNS = `i.id, i.source, i.case_id, c.code, i.list_id, l.name AS list_name, i.state,
  i.priority, i.best_distance, i.algo, i.page_count, i.new_pages, p.host, bm.page_url, i.first_found_at,
  EXISTS (SELECT 1 FROM review_pages rp JOIN crawl_retro_matches r ON r.match_id = rp.match_id
    WHERE rp.item_id = i.id) AS found_earlier`;
const SUMMARY_JOINS = `LEFT JOIN cases c ON c.id = i.case_id
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
  const win = windowSql(f);
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM (${win.sql}) w JOIN review_items i ON i.id = w.id
       ${SUMMARY_JOINS} ORDER BY i.priority DESC, i.id`,
    )
    .all(...win.params, limit, offset) as DbSummary[];
  const w = whereOf(f);
  const total = (
    db.prepare(`SELECT count(*) AS n FROM review_items i WHERE ${w.sql}`).get(...w.params) as {
      n: number;
    }
  ).n;
  return { total, offset, items: rows.map(summaryOf) };
}

export function getSummary(db: Database.Database, itemId: number): ReviewItemSummary | null {
  const r = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM review_items i ${SUMMARY_JOINS} WHERE i.id = ?`)
    .get(itemId) as DbSummary | undefined;
  return r ? summaryOf(r) : null;
}

/** Counts per facet value, each under the other facets of the filter. */
export function countQueue(db: Database.Database, f: ReviewFilter): ReviewCounts {
  const group = <T>(facet: Facet, select: string, from: string, by: string): T[] => {
    const w = whereOf(f, facet);
    const count = from.startsWith('review_pages') ? 'count(DISTINCT i.id)' : 'count(*)';
    return db
      .prepare(`SELECT ${select}, ${count} AS count FROM ${from} WHERE ${w.sql} GROUP BY ${by}`)
      .all(...w.params) as T[];
  };
  const states = Object.fromEntries(REVIEW_STATES.map((s) => [s, 0])) as Record<
    ReviewState,
    number
  >;
  for (const r of group<{ state: ReviewState; count: number }>(
    'state',
    'i.state AS state',
    'review_items i',
    'i.state',
  ))
    states[r.state] = r.count;
  const cases = group<{ id: number | null; count: number }>(
    'case',
    'i.case_id AS id',
    'review_items i',
    'i.case_id',
  ).filter((c): c is { id: number; count: number } => c.id !== null);
  const sources = group<{ source: 'case' | 'list'; count: number }>(
    'source',
    'i.source AS source',
    'review_items i',
    'i.source',
  );
  const lists = group<{ id: number | null; count: number }>(
    'list',
    'i.list_id AS id',
    'review_items i',
    'i.list_id',
  ).filter((l): l is { id: number; count: number } => l.id !== null);
  const listName = db.prepare('SELECT name FROM hash_lists WHERE id = ?');
  const codes = db.prepare('SELECT code FROM cases WHERE id = ?');
  const algos = group<{ algo: string; count: number }>(
    'algo',
    'i.algo AS algo',
    'review_items i',
    'i.algo',
  );
  // An item on pages of two hosts counts under both. Under the state filter alone the pages'
  // own (state, host|site, item) indexes answer without touching review_items.
  const pagesOnly = (facet: 'host' | 'site') =>
    f.caseId === undefined &&
    f.algo === undefined &&
    f.source === undefined &&
    f.listId === undefined &&
    (facet === 'host' ? f.siteId === undefined : f.host === undefined);
  const pageGroup = <T>(facet: 'host' | 'site', column: string): T[] => {
    if (!pagesOnly(facet))
      return group<T>(
        facet,
        `p.${column} AS ${facet === 'host' ? 'host' : 'id'}`,
        'review_pages p JOIN review_items i ON i.id = p.item_id',
        `p.${column}`,
      );
    return db
      .prepare(
        `SELECT ${column} AS ${facet === 'host' ? 'host' : 'id'}, count(DISTINCT item_id) AS count
         FROM review_pages WHERE state = ? GROUP BY ${column}`,
      )
      .all(f.state) as T[];
  };
  const hosts = pageGroup<{ host: string; count: number }>('host', 'host');
  const sites = pageGroup<{ id: number | null; count: number }>('site', 'site_id').filter(
    (s): s is { id: number; count: number } => s.id !== null,
  );
  const siteName = db.prepare('SELECT name FROM crawl_sites WHERE id = ?');
  return {
    states,
    cases: cases
      .map((c) => ({ ...c, code: (codes.get(c.id) as { code: string } | undefined)?.code ?? '' }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    sites: sites.map((s) => ({
      ...s,
      name: (siteName.get(s.id) as { name: string } | undefined)?.name ?? `#${s.id}`,
    })),
    hosts: hosts.sort((a, b) => b.count - a.count).slice(0, 200),
    algos,
    lists: lists.map((l) => ({
      ...l,
      name: (listName.get(l.id) as { name: string } | undefined)?.name ?? `#${l.id}`,
    })),
    sources: Object.fromEntries(
      (['case', 'list'] as const).map((k) => [k, sources.find((x) => x.source === k)?.count ?? 0]),
    ) as Record<'case' | 'list', number>,
  };
}

/** The pages of an item (closest match first), at most `limit`. */
export function itemPages(db: Database.Database, itemId: number, limit = 200): ReviewPageInfo[] {
  const rows = db
    .prepare(
      `SELECT m.id, m.page_url, m.image_url, p.host, s.name AS site_name, m.found_at,
         m.http_status, m.server_ip, m.distance, m.algo, m.transform, m.review_state
       FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id
       LEFT JOIN crawl_sites s ON s.id = m.site_id
       WHERE p.item_id = ? ORDER BY m.distance, m.id LIMIT ?`,
    )
    .all(itemId, limit) as {
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
  }[];
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
    transform: r.transform,
    reviewState: r.review_state,
  }));
}

export function itemHistory(db: Database.Database, itemId: number): ReviewHistoryEntry[] {
  return (
    db
      .prepare(
        `SELECT d.at, u.display_name AS user, d.action, d.new_state, d.note
         FROM review_decisions d JOIN users u ON u.id = d.user_id
         WHERE d.item_id = ? ORDER BY d.id DESC LIMIT 50`,
      )
      .all(itemId) as {
      at: string;
      user: string;
      action: ReviewHistoryEntry['action'];
      new_state: ReviewState;
      note: string | null;
    }[]
  ).map((r) => ({ at: r.at, user: r.user, action: r.action, newState: r.new_state, note: r.note }));
}

/** The decisions a user made since a moment, not counting undone ones. */
export function dailyCount(db: Database.Database, userId: number, since: string) {
  const rows = db
    .prepare(
      `SELECT d.action, count(*) AS n FROM review_decisions d
       JOIN review_batches b ON b.id = d.batch_id
       WHERE d.user_id = ? AND d.at >= ? AND d.action != 'undo' AND b.undone_by_batch IS NULL
       GROUP BY d.action`,
    )
    .all(userId, since) as { action: string; n: number }[];
  const n = (a: string) => rows.find((r) => r.action === a)?.n ?? 0;
  const out = { confirmed: n('confirm'), rejected: n('reject'), unsure: n('unsure') };
  return { ...out, total: out.confirmed + out.rejected + out.unsure };
}
