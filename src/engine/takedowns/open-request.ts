/**
 * Opening takedown requests from confirmed matches, and the undo of a confirm: one opener for
 * every source of a match (a case reference or an imported hash list, decision 0091). Review
 * calls these inside its own transaction, so they only write — no transaction of their own
 * (better-sqlite3 nests a `db.transaction` as a savepoint when a caller wants one anyway).
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { all, get, run, sql } from '../db/sql';
import { deleteDraftRequest, insertDraftRequest, updateRequest } from './request-store';

interface MatchRow {
  id: number;
  source: 'case-image' | 'case-video' | 'hash-list';
  case_id: number | null;
  reference_image_id: number | null;
  list_name: string | null;
  page_url: string;
  image_url: string;
  image_sha256: string;
  found_at: string;
}

interface PlatformRow {
  id: number;
  abuse_email: string | null;
  form_url: string | null;
  preferred_channel: string;
  language: string;
}

/** The host name of a URL (lower-case, without port), or '' when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * The registry entry for a host: the entry of the host itself or of its nearest parent domain
 * ('img.cdn.example.com' → 'cdn.example.com' → 'example.com'), or null.
 */
export function platformForHost(db: Database.Database, host: string): PlatformRow | null {
  const entryOf = (name: string) =>
    get(
      db,
      sql<PlatformRow>`SELECT p.id, p.abuse_email, p.form_url, p.preferred_channel, p.language
         FROM takedown_platform_hosts h JOIN takedown_platforms p ON p.id = h.platform_id
        WHERE h.host = ${name}`,
    );
  // An address literal matches only itself; a name also matches its parent domains.
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  const labels = host.split('.');
  for (let i = 0; i === 0 || (!literal && i < labels.length - 1); i++) {
    const row = entryOf(labels.slice(i).join('.'));
    if (row) return row;
  }
  return null;
}

/** The channel and the contact for it that a registry entry gives a new request. */
function contactOf(platform: PlatformRow | null): { channel: string; contact: string } {
  const channel = platform?.preferred_channel ?? 'email';
  const contact =
    (channel === 'email' ? platform?.abuse_email : platform?.form_url) ??
    platform?.abuse_email ??
    platform?.form_url ??
    '';
  return { channel, contact };
}

/**
 * Gives drafts that have no contact yet the channel, contact and language of their host's
 * registry entry — for a host registered (or given a contact) after its requests were opened.
 * Only drafts without a contact: a contact someone typed, or one a request was sent to, stays.
 * Each filled draft's history says so ('edited', from the registry). Returns their ids.
 */
export function prefillDraftsFromRegistry(
  db: Database.Database,
  actorUserId: number,
  now: Date,
): number[] {
  const drafts = all(
    db,
    sql<{ id: number; host: string }>`SELECT id, host FROM takedown_requests
      WHERE state = 'draft' AND contact = ''`,
  );
  const filled: number[] = [];
  for (const d of drafts) {
    const platform = platformForHost(db, d.host);
    const { channel, contact } = contactOf(platform);
    if (!platform || !contact) continue;
    updateRequest(db, d.id, {
      channel,
      contact,
      language: platform.language,
      updated_at: now.toISOString(),
    });
    addEvent(db, d.id, now, actorUserId, 'edited', {
      fields: ['channel', 'contact', 'language'],
      channel,
      contact,
      language: platform.language,
      source: 'registry',
    });
    filled.push(d.id);
  }
  return filled;
}

/** Appends one line to a request's history. */
export function addEvent(
  db: Database.Database,
  requestId: number,
  at: Date,
  actorId: number | null,
  kind: string,
  detail: Record<string, unknown> = {},
  from: string | null = null,
  to: string | null = null,
): void {
  run(
    db,
    sql`INSERT INTO takedown_events (request_id, at, actor_id, kind, from_state, to_state, detail)
        VALUES (${requestId}, ${at.toISOString()}, ${actorId}, ${kind}, ${from}, ${to},
          ${JSON.stringify(detail)})`,
  );
}

/**
 * An earlier request for the same content (same image SHA-256, else the same reference image) at
 * another URL, opened before this copy was found: the new request is a re-upload of it. Copies
 * found by the same crawl, before any request existed, are siblings, not re-uploads. The most
 * recent such request wins, so a chain of re-uploads links each to the one before.
 */
function earlierRequestFor(db: Database.Database, m: MatchRow, exceptUrl: string): number | null {
  const row = get(
    db,
    sql<{ id: number }>`SELECT r.id FROM takedown_requests r
        JOIN takedown_request_items i ON i.request_id = r.id
       WHERE (i.image_sha256 = ${m.image_sha256} OR i.reference_image_id = ${m.reference_image_id})
         AND r.url <> ${exceptUrl} AND r.created_at <= ${m.found_at}
       ORDER BY r.id DESC LIMIT 1`,
  );
  return row?.id ?? null;
}

/** The open request (draft, sent or acknowledged) for a page URL: at most one exists. */
export function openRequestFor(db: Database.Database, url: string): { id: number } | undefined {
  return get(
    db,
    sql<{ id: number }>`SELECT id FROM takedown_requests
        WHERE url = ${url} AND state IN ('draft', 'sent', 'acknowledged')`,
  );
}

/**
 * A new draft request for a page URL, pre-filled from the host's platform in the registry
 * (channel, the contact for that channel, language), with its 'created' history entry saying
 * why (`cause`). Returns its id.
 */
export function createDraftRequest(
  db: Database.Database,
  url: string,
  reuploadOf: number | null,
  now: Date,
  actorUserId: number,
  cause: Record<string, unknown>,
): number {
  const at = now.toISOString();
  const host = hostOf(url);
  const platform = platformForHost(db, host);
  const { channel, contact } = contactOf(platform);
  const id = insertDraftRequest(db, {
    url,
    host,
    platformId: platform?.id ?? null,
    channel,
    contact,
    language: platform?.language ?? 'en',
    reuploadOf,
    at,
    by: actorUserId,
  });
  addEvent(db, id, now, actorUserId, 'created', cause, null, 'draft');
  return id;
}

/**
 * Opens a draft takedown request for the page of a confirmed match, or extends the open request
 * (draft, sent or acknowledged) for that URL with the match. Idempotent: a match already on an
 * open request changes nothing. Contact details come from the host registry. Returns the ids of
 * the requests that now cover the match — none when the match is of a case that did not consent
 * to takedowns. A hash-list match has no case and so no consent to ask: its content was judged by
 * the hotline that shared the list and again by our reviewer (decision 0078); its item names the
 * list instead of a case.
 */
export function openTakedownForMatch(
  db: Database.Database,
  matchId: number,
  actorUserId: number,
  now: Date,
): { requestIds: number[] } {
  const m = get(
    db,
    sql<MatchRow>`SELECT m.id, m.source, m.case_id, m.reference_image_id, l.name AS list_name,
         m.page_url, m.image_url, m.image_sha256, m.found_at
         FROM crawl_matches m LEFT JOIN hash_lists l ON l.id = m.list_id WHERE m.id = ${matchId}`,
  );
  if (!m) throw new ApiError('not-found', `Match ${matchId} does not exist.`);
  // The victim decides whether the centre files takedowns for them: without that consent a
  // confirmation opens nothing (review checks it too; this is the last line).
  if (m.case_id !== null) {
    const consent = get(
      db,
      sql<{ consent_takedown: number }>`SELECT consent_takedown FROM cases WHERE id = ${m.case_id}`,
    );
    if (consent?.consent_takedown !== 1) return { requestIds: [] };
  }
  const at = now.toISOString();
  const url = m.page_url;
  let request = openRequestFor(db, url);
  if (request) {
    const has = get(
      db,
      sql`SELECT 1 FROM takedown_request_items WHERE request_id = ${request.id}
            AND match_id = ${matchId}`,
    );
    if (has) return { requestIds: [request.id] };
  } else {
    const reuploadOf = earlierRequestFor(db, m, url);
    request = {
      id: createDraftRequest(db, url, reuploadOf, now, actorUserId, { matchId, reuploadOf }),
    };
  }
  run(
    db,
    sql`INSERT INTO takedown_request_items (request_id, match_id, case_id, reference_image_id,
          list_name, image_url, image_sha256, found_at, added_at, added_by)
        VALUES (${request.id}, ${matchId}, ${m.case_id}, ${m.reference_image_id},
          ${m.source === 'hash-list' ? m.list_name : null}, ${m.image_url}, ${m.image_sha256},
          ${m.found_at}, ${at}, ${actorUserId})`,
  );
  touch(db, request.id, at);
  const items = itemCount(db, request.id);
  if (items > 1) addEvent(db, request.id, now, actorUserId, 'extended', { matchId });
  return { requestIds: [request.id] };
}

/**
 * Undo of a confirm (or a reject after one): takes the match off every draft request, deleting a
 * draft left without items (with its history: a draft was never sent to anyone) and recording
 * 'withdrawn' on the others. Requests already sent are left alone: what was sent stays on record,
 * and staff close them by hand.
 */
export function withdrawTakedownForMatch(
  db: Database.Database,
  matchId: number,
  actorUserId: number,
  now: Date,
): number[] {
  const drafts = all(
    db,
    sql<{ id: number }>`SELECT r.id FROM takedown_requests r
        JOIN takedown_request_items i ON i.request_id = r.id
       WHERE i.match_id = ${matchId} AND r.state = 'draft'`,
  );
  for (const draft of drafts) {
    run(
      db,
      sql`DELETE FROM takedown_request_items WHERE request_id = ${draft.id}
            AND match_id = ${matchId}`,
    );
    if (itemCount(db, draft.id) === 0) {
      deleteDraftRequest(db, draft.id);
    } else {
      touch(db, draft.id, now.toISOString());
      addEvent(db, draft.id, now, actorUserId, 'withdrawn', { matchId });
    }
  }
  return drafts.map((d) => d.id);
}

/** Marks a request as changed now (an item was added or taken off). */
function touch(db: Database.Database, requestId: number, at: string): void {
  updateRequest(db, requestId, { updated_at: at });
}

/** How many items a request holds. */
function itemCount(db: Database.Database, requestId: number): number {
  return get(
    db,
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM takedown_request_items
      WHERE request_id = ${requestId}`,
  )!.n;
}
