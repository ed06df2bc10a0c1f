/**
 * Re-checks a reported page through the crawler's guarded fetcher (address checks at connect
 * time, size and time limits, redirects re-checked hop by hop) and records what it saw as
 * evidence: the page's status, and per image its status, SHA-256 and whether the page still
 * references it; a video is judged by its head against the fingerprint the crawl recorded
 * (crawl/video-recheck.ts). When every image is gone the request is marked removed (by the system, with
 * the evidence); when content is still there after the deadline the request is flagged.
 * See docs/decisions/0061 for what counts as gone.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import type { CheckedImage, TakedownCheck, TakedownState } from '../../shared/takedown-types';
import { extractFromHtml } from '../crawl/extract-html';
import { Fetcher, FetchError, type FetchLimits } from '../crawl/fetcher';
import { fetchFollowing, RefusedError, type FollowedResponse } from '../crawl/follow-redirects';
import { siteConfigSchema } from '../../shared/crawl-types';
import { normaliseUrl } from '../crawl/url-rules';
import { recheckReference, recheckVideo, recordedVideo } from '../crawl/video-recheck';
import { all, get as getRow, run, runEach, sql } from '../db/sql';
import type { VideoFingerprint } from '../video';
import { addEvent } from './open-request';
import { transition } from './lifecycle';
import { toCheck } from './queries';
import { updateRequest } from './request-store';

/** Statuses that say the content is gone, not just unavailable right now. */
const GONE = new Set([404, 410, 451]);
const DEFAULT_UA = 'JiumBot/0.1 (+victim-support takedown re-check)';

export interface RecheckOptions {
  limits?: Partial<FetchLimits>;
  /** Case keys: a video is also judged by its reference's crop-stage keyframes (decision 0122). */
  caseKeys?: ReadonlyMap<number, Buffer>;
}

interface Target {
  url: string;
  state: TakedownState;
  deadline_at: string | null;
  flagged_at: string | null;
}

/** The request as a re-check reads it, before the fetches and again after. */
function readTarget(db: Database.Database, id: number): Target | undefined {
  return getRow(
    db,
    sql<Target>`SELECT url, state, deadline_at, flagged_at FROM takedown_requests WHERE id = ${id}`,
  );
}

interface Item {
  id: number;
  image_url: string;
  image_sha256: string;
  /** 'video' when the match was a found video (re-checked by its head, crawl/video-recheck.ts). */
  media_kind: 'image' | 'video' | null;
  /** The crawler's redirect chain for the image (JSON), when the match row still exists. */
  chain: string | null;
  /** The case reference video a found video matched. */
  reference_video_id: number | null;
}

/**
 * Every URL the page may use for the image: the final one and each hop of the redirect chain the
 * crawler followed (pages often link a redirecting address, e.g. a CDN's short link).
 */
function imageAddresses(item: Item): string[] {
  const urls = [item.image_url];
  try {
    for (const hop of JSON.parse(item.chain ?? '[]') as { url?: unknown }[]) {
      if (typeof hop.url === 'string') urls.push(hop.url);
    }
  } catch {
    // An unreadable chain leaves the final URL.
  }
  return [...new Set(urls)];
}

/**
 * The address allowances and user agent of the crawl sites that found the request's images: a
 * re-check may reach exactly what the crawl could (loopback only for test and demo sites).
 */
function siteSettings(db: Database.Database, requestId: number) {
  const rows = all(
    db,
    sql<{ config: string }>`SELECT DISTINCT s.config FROM takedown_request_items i
         JOIN crawl_matches m ON m.id = i.match_id JOIN crawl_sites s ON s.id = m.site_id
        WHERE i.request_id = ${requestId}`,
  );
  const allow = new Set<string>();
  let userAgent = DEFAULT_UA;
  let scriptsOnly = false;
  for (const r of rows) {
    const parsed = siteConfigSchema.safeParse(JSON.parse(r.config));
    if (!parsed.success) continue;
    for (const a of parsed.data.allowAddresses) allow.add(a);
    userAgent = parsed.data.userAgent;
    if (parsed.data.renderMode === 'browser') scriptsOnly = true;
  }
  return { allowAddresses: [...allow], userAgent, scriptsOnly };
}

async function get(fetcher: Fetcher, url: string): Promise<FollowedResponse> {
  const start = normaliseUrl(url);
  if (!start) throw new RefusedError('bad-url', 'not an http(s) URL', []);
  return fetchFollowing(fetcher, start, { check: async () => null, maxRedirects: 5 });
}

function describe(e: unknown): string {
  if (e instanceof FetchError || e instanceof RefusedError) return `${e.code}: ${e.message}`;
  throw e;
}

/** The path and query of a URL, for finding it in page text written with relative links. */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** A reported image: fetched whole and compared by SHA-256. */
async function checkImage(fetcher: Fetcher, item: Item, seen: CheckedImage): Promise<void> {
  try {
    const { response } = await get(fetcher, item.image_url);
    seen.status = response.status;
    if (GONE.has(response.status)) {
      seen.gone = true;
      seen.reason = `image-${response.status}`;
    } else if (response.status === 200) {
      seen.sha256 = createHash('sha256').update(response.body).digest('hex');
      if (seen.sha256 !== item.image_sha256) {
        seen.gone = true;
        seen.reason = 'hash-changed';
      }
    } else {
      seen.error = `image answered ${response.status}`;
    }
  } catch (e) {
    seen.error = describe(e);
  }
}

/**
 * A reported video: its head is fetched and matched against the fingerprint the crawl recorded
 * (crawl/video-recheck.ts) — removed when the server says so (404, 410, 451) or serves something
 * other than a video, `video-changed` when another video now stands at the URL (as `hash-changed`
 * for an image), present when the head is the same video, an error when it cannot tell.
 */
async function checkVideo(
  fetcher: Fetcher,
  url: string,
  recorded: VideoFingerprint,
  seen: CheckedImage,
  reference: ReturnType<typeof recheckReference>,
): Promise<void> {
  const v = await recheckVideo(
    { fetcher, check: async () => null, maxRedirects: 5 },
    url,
    recorded,
    { reference },
  );
  seen.status = v.status;
  if (v.verdict === 'gone') {
    seen.gone = true;
    seen.reason = v.status !== null && GONE.has(v.status) ? `video-${v.status}` : 'video-removed';
  } else if (v.verdict === 'changed') {
    seen.gone = true;
    seen.reason = 'video-changed';
  } else if (v.verdict === 'unknown') {
    seen.error = `video: ${v.reason ?? 'could not tell'}`;
  }
}

/** Re-checks one request now and records the evidence. `actorId` null: the scheduler. */
export async function recheckRequest(
  db: Database.Database,
  id: number,
  actorId: number | null,
  now: () => Date,
  options: RecheckOptions = {},
): Promise<TakedownCheck> {
  const target = readTarget(db, id);
  if (!target) throw new ApiError('not-found', 'There is no such takedown request.');
  const items = all(
    db,
    sql<Item>`SELECT i.id, i.image_url, i.image_sha256, m.media_kind, m.redirect_chain AS chain,
              m.reference_video_id
         FROM takedown_request_items i LEFT JOIN crawl_matches m ON m.id = i.match_id
        WHERE i.request_id = ${id} AND i.gone_at IS NULL ORDER BY i.id`,
  );
  const site = siteSettings(db, id);
  const fetcher = new Fetcher({
    policy: { allowAddresses: site.allowAddresses },
    userAgent: site.userAgent,
    limits: { maxBytes: 20 * 1024 * 1024, headerTimeoutMs: 10_000, ...options.limits },
    maxSocketsPerHost: 2,
  });
  let pageStatus: number | null = null;
  let finalUrl: string | null = null;
  let error: string | null = null;
  const images: CheckedImage[] = [];
  try {
    let pageGone = false;
    let pageText: string | null = null;
    let pageImages: Set<string> | null = null;
    try {
      const { response } = await get(fetcher, target.url);
      pageStatus = response.status;
      finalUrl = response.url;
      pageGone = GONE.has(response.status);
      const type = response.headers['content-type'] ?? '';
      if (response.status === 200 && /html/i.test(type)) {
        pageText = response.body.toString('utf8');
        const ex = extractFromHtml(pageText);
        pageImages = new Set(
          [...ex.images, ...ex.videos]
            .map((u) => normaliseUrl(u, ex.base ?? response.url)?.href)
            .filter((u): u is string => !!u),
        );
      } else if (!pageGone) {
        error = `page answered ${response.status}`;
      }
    } catch (e) {
      error = `page: ${describe(e)}`;
    }
    for (const item of items) {
      if (pageGone) {
        images.push({
          url: item.image_url,
          status: null,
          sha256: null,
          onPage: false,
          gone: true,
          reason: `page-${pageStatus}`,
        });
        continue;
      }
      let onPage: boolean | null = null;
      if (pageImages && pageText !== null && !site.scriptsOnly) {
        const text = pageText;
        const images = pageImages;
        onPage = imageAddresses(item).some(
          (u) => images.has(normaliseUrl(u)?.href ?? u) || text.includes(pathOf(u)),
        );
      }
      const seen: CheckedImage = {
        url: item.image_url,
        status: null,
        sha256: null,
        onPage,
        gone: false,
        reason: null,
      };
      const recorded = item.media_kind === 'video' && recordedVideo(db, item.image_sha256);
      const reference =
        item.reference_video_id !== null
          ? recheckReference(db, item.reference_video_id, options.caseKeys)
          : undefined;
      if (recorded) await checkVideo(fetcher, item.image_url, recorded, seen, reference);
      else await checkImage(fetcher, item, seen);
      if (!seen.gone && onPage === false && !seen.error) {
        seen.gone = true;
        seen.reason = 'not-on-page';
      }
      images.push(seen);
    }
  } finally {
    fetcher.close();
  }
  return record(db, id, actorId, now(), { pageStatus, finalUrl, error, images });
}

function record(
  db: Database.Database,
  id: number,
  actorId: number | null,
  now: Date,
  seen: {
    pageStatus: number | null;
    finalUrl: string | null;
    error: string | null;
    images: CheckedImage[];
  },
): TakedownCheck {
  return db.transaction(() => {
    const at = now.toISOString();
    const { images } = seen;
    const anyPresent = images.some((i) => !i.gone && !i.error);
    const allGone = images.length > 0 && images.every((i) => i.gone);
    const pageGone = seen.pageStatus !== null && GONE.has(seen.pageStatus);
    const outcome: TakedownCheck['outcome'] =
      allGone || (pageGone && images.length === 0) ? 'removed' : anyPresent ? 'present' : 'error';
    const goneAt = (i: CheckedImage) =>
      sql`UPDATE takedown_request_items SET gone_at = ${at}, gone_reason = ${i.reason}
           WHERE request_id = ${id} AND image_url = ${i.url} AND gone_at IS NULL`;
    runEach(
      db,
      images.filter((i) => i.gone),
      goneAt,
    );
    const detail = JSON.stringify({ finalUrl: seen.finalUrl, error: seen.error, images });
    const checkId = Number(
      run(
        db,
        sql`INSERT INTO takedown_checks (request_id, at, actor_id, page_status, outcome, detail)
            VALUES (${id}, ${at}, ${actorId}, ${seen.pageStatus}, ${outcome}, ${detail})`,
      ).lastInsertRowid,
    );
    updateRequest(db, id, { last_checked_at: at });
    addEvent(db, id, now, actorId, 'checked', {
      checkId,
      outcome,
      pageStatus: seen.pageStatus,
      gone: images.filter((i) => i.gone).length,
      images: images.length,
    });
    // Re-read: a person may have changed the request while the fetches ran.
    const r = readTarget(db, id)!;
    const open = r.state === 'draft' || r.state === 'sent' || r.state === 'acknowledged';
    if (outcome === 'removed' && open) {
      transition(db, id, 'removed', null, now, { checkId, evidence: 'recheck' });
    } else if (
      outcome === 'present' &&
      (r.state === 'sent' || r.state === 'acknowledged') &&
      r.deadline_at !== null &&
      Date.parse(r.deadline_at) < now.getTime() &&
      r.flagged_at === null
    ) {
      updateRequest(db, id, { flagged_at: at });
      addEvent(db, id, now, null, 'flagged', { checkId, deadlineAt: r.deadline_at });
    }
    return toCheck({
      id: checkId,
      at,
      actor: null,
      page_status: seen.pageStatus,
      outcome,
      detail,
    });
  })();
}

/**
 * Open requests whose last re-check is older than the interval (sent and acknowledged ones; drafts
 * are checked on demand only), oldest first.
 */
export function dueForRecheck(
  db: Database.Database,
  now: Date,
  intervalHours: number,
  limit = 50,
): number[] {
  const before = new Date(now.getTime() - intervalHours * 3_600_000).toISOString();
  return all(
    db,
    sql<{ id: number }>`SELECT id FROM takedown_requests
        WHERE state IN ('sent', 'acknowledged')
          AND (last_checked_at IS NULL OR last_checked_at <= ${before})
        ORDER BY coalesce(last_checked_at, '') LIMIT ${limit}`,
  ).map((r) => r.id);
}
