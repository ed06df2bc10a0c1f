/**
 * Reading takedown requests: rows mapped to the contract's types, with the computed deadline
 * flags (overdue, re-send due) evaluated against the caller's clock.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { all, get, run, sql, sqlJoin, type Query } from '../db/sql';
import { REQUEST_PLATFORM_ID } from './platforms';
import type {
  CheckedImage,
  TakedownChannel,
  TakedownCheck,
  TakedownCounts,
  TakedownDetail,
  TakedownEvent,
  TakedownItem,
  TakedownRoute,
  TakedownSettings,
  TakedownState,
  TakedownSummary,
} from '../../shared/takedown-types';

const HOUR = 3_600_000;

interface DbRequest {
  id: number;
  url: string;
  host: string;
  current_platform_id: number | null;
  platform_name: string | null;
  state: TakedownState;
  route: TakedownRoute;
  channel: TakedownChannel;
  contact: string;
  language: string;
  reference_number: string;
  notes: string;
  reupload_of: number | null;
  created_at: string;
  updated_at: string;
  first_sent_at: string | null;
  last_sent_at: string | null;
  deadline_at: string | null;
  closed_at: string | null;
  removed_at: string | null;
  flagged_at: string | null;
  last_checked_at: string | null;
  case_codes: string | null;
  list_names: string | null;
  images: number;
  images_gone: number;
}

const SELECT = sql<DbRequest>`
  SELECT r.*, p.id AS current_platform_id, p.name AS platform_name,
         (SELECT group_concat(DISTINCT c.code) FROM takedown_request_items i
            JOIN cases c ON c.id = i.case_id WHERE i.request_id = r.id) AS case_codes,
         (SELECT group_concat(DISTINCT i.list_name) FROM takedown_request_items i
           WHERE i.request_id = r.id AND i.list_name IS NOT NULL) AS list_names,
         (SELECT COUNT(*) FROM takedown_request_items i WHERE i.request_id = r.id) AS images,
         (SELECT COUNT(*) FROM takedown_request_items i
           WHERE i.request_id = r.id AND i.gone_at IS NOT NULL) AS images_gone
    FROM takedown_requests r LEFT JOIN takedown_platforms p ON p.id = ${REQUEST_PLATFORM_ID}`;

/** The newest request's id (0 when there is none): requests above it were opened later. */
export function lastRequestId(db: Database.Database): number {
  return get(db, sql<{ n: number }>`SELECT coalesce(max(id), 0) AS n FROM takedown_requests`)!.n;
}

/** Which of these requests still exist (a withdrawn draft left empty is deleted). */
export function existingRequestIds(db: Database.Database, ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  return all(
    db,
    sql<{ id: number }>`SELECT id FROM takedown_requests
      WHERE id IN (${sqlJoin(
        ids.map((id) => sql`${id}`),
        ', ',
      )}) ORDER BY id`,
  ).map((r) => r.id);
}

export function getSettings(db: Database.Database): TakedownSettings {
  const row = get(
    db,
    sql<{ service_level_hours: number; resend_hours: number; recheck_hours: number }>`SELECT
      service_level_hours, resend_hours, recheck_hours FROM takedown_settings WHERE id = 1`,
  )!;
  return {
    serviceLevelHours: row.service_level_hours,
    resendHours: row.resend_hours,
    recheckHours: row.recheck_hours,
  };
}

export function saveSettings(db: Database.Database, s: TakedownSettings): void {
  run(
    db,
    sql`UPDATE takedown_settings SET service_level_hours = ${s.serviceLevelHours},
          resend_hours = ${s.resendHours}, recheck_hours = ${s.recheckHours} WHERE id = 1`,
  );
}

const isChased = (state: TakedownState) => state === 'sent' || state === 'acknowledged';

function toSummary(r: DbRequest, now: Date, settings: TakedownSettings): TakedownSummary {
  const t = now.getTime();
  const chased = isChased(r.state);
  const resendAt =
    chased && r.last_sent_at
      ? new Date(Date.parse(r.last_sent_at) + settings.resendHours * HOUR).toISOString()
      : null;
  return {
    id: r.id,
    url: r.url,
    host: r.host,
    platformId: r.current_platform_id,
    platformName: r.platform_name,
    state: r.state,
    route: r.route,
    channel: r.channel,
    contact: r.contact,
    language: r.language,
    referenceNumber: r.reference_number,
    caseCodes: r.case_codes ? r.case_codes.split(',').sort() : [],
    hashLists: r.list_names ? r.list_names.split(',').sort() : [],
    images: r.images,
    imagesGone: r.images_gone,
    reuploadOf: r.reupload_of,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    firstSentAt: r.first_sent_at,
    lastSentAt: r.last_sent_at,
    deadlineAt: r.deadline_at,
    closedAt: r.closed_at,
    removedAt: r.removed_at,
    flaggedAt: r.flagged_at,
    lastCheckedAt: r.last_checked_at,
    overdue: chased && r.deadline_at !== null && Date.parse(r.deadline_at) < t,
    resendDue: resendAt !== null && Date.parse(resendAt) <= t,
    resendAt,
  };
}

export interface ListFilter {
  state?: TakedownState | undefined;
  filter?: 'all' | 'open' | 'overdue' | 'resend-due' | 'flagged';
  host?: string | undefined;
  limit?: number;
}

/** Requests, newest first; the deadline filters are evaluated against `now`. */
export function listRequests(db: Database.Database, f: ListFilter, now: Date): TakedownSummary[] {
  const where: Query<unknown>[] = [];
  if (f.state) where.push(sql`r.state = ${f.state}`);
  if (f.host) where.push(sql`r.host = ${f.host}`);
  const filter = f.filter ?? 'all';
  if (filter === 'open') where.push(sql`r.state IN ('draft', 'sent', 'acknowledged')`);
  if (filter === 'overdue' || filter === 'resend-due')
    where.push(sql`r.state IN ('sent', 'acknowledged')`);
  if (filter === 'flagged') where.push(sql`r.flagged_at IS NOT NULL AND r.closed_at IS NULL`);
  const settings = getSettings(db);
  const rows = all(
    db,
    sql<DbRequest>`${SELECT} ${where.length ? sql`WHERE ${sqlJoin(where, ' AND ')}` : sql``}
      ORDER BY r.id DESC LIMIT ${f.limit ?? 1000}`,
  ).map((r) => toSummary(r, now, settings));
  if (filter === 'overdue') return rows.filter((r) => r.overdue);
  if (filter === 'resend-due') return rows.filter((r) => r.resendDue);
  return rows;
}

export function countRequests(db: Database.Database, now: Date): TakedownCounts {
  const open = listRequests(db, { filter: 'open', limit: 1_000_000 }, now);
  const { total } = get(
    db,
    sql<{ total: number }>`SELECT COUNT(*) AS total FROM takedown_requests`,
  )!;
  return {
    total,
    open: open.length,
    draft: open.filter((r) => r.state === 'draft').length,
    overdue: open.filter((r) => r.overdue).length,
    resendDue: open.filter((r) => r.resendDue).length,
    flagged: open.filter((r) => r.flaggedAt !== null).length,
  };
}

export function getSummary(db: Database.Database, id: number, now: Date): TakedownSummary {
  const row = get(db, sql<DbRequest>`${SELECT} WHERE r.id = ${id}`);
  if (!row) throw new ApiError('not-found', 'There is no such takedown request.');
  return toSummary(row, now, getSettings(db));
}

export function getDetail(db: Database.Database, id: number, now: Date): TakedownDetail {
  const summary = getSummary(db, id, now);
  const { notes } = get(
    db,
    sql<{ notes: string }>`SELECT notes FROM takedown_requests WHERE id = ${id}`,
  )!;
  const items = all(
    db,
    sql<TakedownItem>`SELECT i.id, i.match_id AS matchId, c.code AS caseCode, i.list_name AS hashList,
              i.image_url AS imageUrl,
              i.image_sha256 AS imageSha256, i.found_at AS foundAt, i.added_at AS addedAt,
              i.gone_at AS goneAt, i.gone_reason AS goneReason
         FROM takedown_request_items i LEFT JOIN cases c ON c.id = i.case_id
        WHERE i.request_id = ${id} ORDER BY i.id`,
  );
  const events = all(
    db,
    sql<
      Omit<TakedownEvent, 'detail'> & { detail: string }
    >`SELECT e.id, e.at, u.display_name AS actor, e.kind, e.from_state AS fromState,
              e.to_state AS toState, e.detail
         FROM takedown_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.request_id = ${id} ORDER BY e.id`,
  ).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
  const checks = all(
    db,
    sql<DbCheck>`SELECT k.id, k.at, u.display_name AS actor, k.page_status, k.outcome, k.detail
         FROM takedown_checks k LEFT JOIN users u ON u.id = k.actor_id
        WHERE k.request_id = ${id} ORDER BY k.id DESC LIMIT 50`,
  ).map((k) => toCheck(k));
  const related = all(
    db,
    sql<TakedownDetail['related'][number]>`SELECT id, url, state, 'earlier' AS relation
         FROM takedown_requests
        WHERE id = (SELECT reupload_of FROM takedown_requests WHERE id = ${id})
       UNION ALL
       SELECT id, url, state, 'later' AS relation FROM takedown_requests WHERE reupload_of = ${id}`,
  );
  return { ...summary, notes, items, events, checks, related };
}

/** A stored re-check with the name of who ran it. */
export interface DbCheck {
  id: number;
  at: string;
  actor: string | null;
  page_status: number | null;
  outcome: TakedownCheck['outcome'];
  detail: string;
}

/** Maps a stored check row to the contract's form. */
export function toCheck(k: DbCheck): TakedownCheck {
  const d = JSON.parse(k.detail) as {
    finalUrl?: string | null;
    error?: string | null;
    images?: CheckedImage[];
  };
  return {
    id: k.id,
    at: k.at,
    actor: k.actor,
    pageStatus: k.page_status,
    outcome: k.outcome,
    finalUrl: d.finalUrl ?? null,
    error: d.error ?? null,
    images: d.images ?? [],
  };
}
