/**
 * A takedown notice for one host: its requests' URLs, first-seen times, SHA-256 and perceptual
 * hashes (for a video: its URL and the matched time ranges), in the chosen language and route,
 * optionally with blurred evidence — and never anything that identifies the victim. Not even the
 * pseudonymous case code is printed: the platform does not need it, and it would let notices of
 * one person be linked across platforms; the notice reference (date and lowest request id) is what the platform quotes back (docs/decisions/0072-notices.md).
 */
import type Database from 'better-sqlite3';
import sharp from 'sharp';
import { ApiError } from '../../shared/errors';
import type { NoticeRoute } from '../../shared/notices-types';
import { caseKey, open } from '../cases/sealing';
import type { HandlerContext } from '../core/context';
import { evidenceAad } from '../crawl/evidence';
import { matchBinding } from '../crawl/video-evidence';
import { all, get, sql, sqlList } from '../db/sql';
import { bytesToHex } from '../fingerprint/hash-bits';
import { REQUEST_PLATFORM_ID } from '../takedowns/platforms';
import { labelsFor } from './default-templates';
import { noticeHtml, type NoticeDocument, type NoticeItem } from './notice-html';
import { matchedRanges, rangesText, requestItems, type ItemMedia } from './notice-video';
import { centreIn, findTemplate, getCentre } from './template-store';
import { fillText, renderTemplate, type TemplateValues } from './template';

export interface NoticeRequest {
  requestIds: number[];
  language?: string | undefined;
  route?: NoticeRoute | undefined;
  includeEvidence: boolean;
}

interface DbReq {
  id: number;
  url: string;
  host: string;
  route: NoticeRoute;
  language: string;
  created_at: string;
  platform: string | null;
}

/** What a notice is made of, before evidence pictures and PDF. */
export interface ComposedNotice {
  host: string;
  language: string;
  route: NoticeRoute;
  reference: string;
  document: NoticeDocument;
  /** Match ids per item, for the evidence pictures. */
  matchIds: number[][];
}

/** A video item's matched seconds as text ('' when none were recorded); null for an image. */
function timeRangesOf(i: ItemMedia): string | null {
  const ranges = matchedRanges(i);
  return ranges && rangesText(ranges);
}

/** The notice date in the notice's language, e.g. '2026년 11월 30일', 'November 30, 2026'. */
export function noticeDate(language: string, now: Date): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function serviceLevelHours(db: Database.Database): string {
  const row = get(
    db,
    sql<{ h: number }>`SELECT service_level_hours AS h FROM takedown_settings WHERE id = 1`,
  );
  return String(row?.h ?? 48);
}

/** Reads the requests and fills the template. Throws ApiError for bad selections. */
export function composeNotice(
  db: Database.Database,
  input: NoticeRequest,
  now: Date,
): ComposedNotice {
  const ids = [...new Set(input.requestIds)];
  const requests = all(
    db,
    sql<DbReq>`SELECT r.id, r.url, r.host, r.route, r.language, r.created_at, p.name AS platform
         FROM takedown_requests r LEFT JOIN takedown_platforms p ON p.id = ${REQUEST_PLATFORM_ID}
        WHERE r.id IN (${sqlList(ids)}) ORDER BY r.id`,
  );
  const missing = ids.filter((id) => !requests.some((r) => r.id === id));
  if (missing.length)
    throw new ApiError('not-found', `There is no takedown request ${missing.join(', ')}.`);
  const hosts = [...new Set(requests.map((r) => r.host))];
  if (hosts.length > 1)
    throw new ApiError(
      'validation',
      `A notice goes to one host; these requests are on ${hosts.join(', ')}. Make one notice per host.`,
      [{ path: 'requestIds', message: 'requests on more than one host' }],
    );
  const first = requests[0]!;
  const routes = [...new Set(requests.map((r) => r.route))];
  const route = input.route ?? (routes.length === 1 ? routes[0]! : null);
  if (!route)
    throw new ApiError(
      'validation',
      'These requests use different routes (illegal content and copyright): choose one.',
      [{ path: 'route', message: 'choose a route' }],
    );
  const language = input.language ?? first.language;
  const template = findTemplate(db, language, route);
  if (!template)
    throw new ApiError(
      'not-found',
      `There is no ${route} notice template in "${language}". Add one in Settings → Notices.`,
    );
  const centre = centreIn(getCentre(db), language);
  const reference = `JIUM-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${first.id}`;
  const values: TemplateValues = {
    date: noticeDate(language, now),
    reference,
    platform: first.platform ?? first.host,
    host: first.host,
    count: String(requests.length),
    serviceLevelHours: serviceLevelHours(db),
    'centre.name': centre.name,
    'centre.address': centre.address,
    'centre.email': centre.email,
    'centre.phone': centre.phone,
    'centre.website': centre.website,
    'centre.signatory': centre.signatory,
  };
  const matchIds: number[][] = [];
  const items: NoticeItem[] = requests.map((r) => {
    const rows = requestItems(db, r.id);
    matchIds.push(rows.flatMap((i) => (i.match_id === null ? [] : [i.match_id])));
    const seen = rows.map((i) => i.found_at).sort();
    return {
      pageUrl: r.url,
      firstSeenAt: seen[0] ?? r.created_at,
      images: rows.map((i) => ({
        url: i.image_url,
        timeRanges: timeRangesOf(i),
        sha256: i.image_sha256,
        pdq: i.pdq ? bytesToHex(i.pdq) : null,
        blockhash: i.blockhash ? bytesToHex(i.blockhash) : null,
      })),
      evidence: [],
    };
  });
  return {
    host: first.host,
    language,
    route,
    reference,
    matchIds,
    document: {
      language,
      subject: fillText(template.subject, values),
      blocks: renderTemplate(template.body, values),
      items,
      labels: labelsFor(language),
      includeEvidence: input.includeEvidence,
    },
  };
}

interface DbEvidence {
  case_id: number;
  reference_image_id: number | null;
  reference_video_id: number | null;
  page_url: string;
  image_sha256: string;
  evidence_image: Buffer | null;
  snapshot: Buffer | null;
  snapshot_kind: string | null;
}

/**
 * A blurred, greyscale, metadata-free JPEG of a matched image: enough to show that the content is
 * there, not what it shows (the same treatment as the review queue's previews).
 */
export async function blurredEvidence(bytes: Buffer): Promise<string> {
  const jpeg = await sharp(bytes, { failOn: 'none', limitInputPixels: 100_000_000 })
    .rotate()
    .resize(240, 240, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .blur(14)
    .jpeg({ quality: 60 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** The top of a page screenshot, blurred the same way, its tones stretched so it never looks blank. */
async function pageShot(bytes: Buffer): Promise<string> {
  const meta = await sharp(bytes, { failOn: 'none' }).metadata();
  const width = Math.min(360, meta.width ?? 360);
  const scaledHeight = Math.round(((meta.height ?? width) * width) / (meta.width ?? width));
  const jpeg = await sharp(bytes, { failOn: 'none', limitInputPixels: 100_000_000 })
    .resize({ width })
    .extract({ left: 0, top: 0, width, height: Math.max(1, Math.min(width, scaledHeight)) })
    .greyscale()
    // A mostly white page blurs to an even grey that reads as a blank tile: stretch its tones.
    .normalise()
    .blur(14)
    .jpeg({ quality: 60 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/**
 * Opens the sealed evidence of each item's matches with the case keys and blurs it. Evidence whose
 * case was deleted (key shredded) or that was never kept is left out.
 */
export async function attachEvidence(
  ctx: Pick<HandlerContext, 'db' | 'vault'>,
  notice: ComposedNotice,
): Promise<void> {
  await ctx.vault.unlock();
  const evidenceOf = (id: number) =>
    get(
      ctx.db,
      sql<DbEvidence>`SELECT case_id, reference_image_id, reference_video_id, page_url,
          image_sha256, evidence_image, snapshot, snapshot_kind FROM crawl_matches WHERE id = ${id}`,
    );
  for (const [i, ids] of notice.matchIds.entries()) {
    const item = notice.document.items[i]!;
    for (const id of ids) {
      const m = evidenceOf(id);
      if (!m) continue;
      const binding = matchBinding(m);
      let key: Buffer;
      try {
        key = caseKey(ctx, m.case_id);
      } catch {
        continue;
      }
      for (const [kind, sealed] of [
        ['image', m.evidence_image],
        ['snapshot', m.snapshot_kind === 'png' ? m.snapshot : null],
      ] as const) {
        if (!sealed) continue;
        let plain: Buffer | null = null;
        try {
          plain = open(key, sealed, evidenceAad(m.case_id, kind, binding));
          item.evidence.push({
            kind,
            src: kind === 'image' ? await blurredEvidence(plain) : await pageShot(plain),
          });
        } catch {
          // Not decodable or not openable: the notice goes out without this picture.
        } finally {
          plain?.fill(0);
        }
      }
    }
  }
}

/** The notice as HTML (for the PDF renderer). */
export function noticeDocumentHtml(notice: ComposedNotice): string {
  return noticeHtml(notice.document);
}
