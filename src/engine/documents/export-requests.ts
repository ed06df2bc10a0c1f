/**
 * Exports of takedown requests as CSV, XLSX and JSON for the centre's own records and for
 * partners. One row per request; the images and videos it covers are listed by SHA-256, and each
 * video with the seconds of it that matched (`video_time_ranges`). Case codes are the
 * pseudonymous ones; nothing here reads a case's identity.
 */
import type Database from 'better-sqlite3';
import type { ExportFormat, ExportedFile } from '../../shared/notices-types';
import { bytesToHex } from '../fingerprint/hash-bits';
import { all, sql, sqlJoin, sqlList, type Query } from '../db/sql';
import { REQUEST_PLATFORM_ID } from '../takedowns/platforms';
import { toCsv, type Cell } from './csv';
import { matchedRanges, rangesText, requestItems } from './notice-video';
import { toXlsx } from './xlsx';

export interface ExportFilter {
  requestIds?: number[];
  states?: string[];
  host?: string;
}

interface DbExportRow {
  id: number;
  url: string;
  host: string;
  platform: string | null;
  state: string;
  route: string;
  channel: string;
  contact: string;
  language: string;
  reference_number: string;
  notes: string;
  reupload_of: number | null;
  created_at: string;
  first_sent_at: string | null;
  last_sent_at: string | null;
  deadline_at: string | null;
  removed_at: string | null;
  closed_at: string | null;
  flagged_at: string | null;
  last_checked_at: string | null;
  case_codes: string | null;
  list_names: string;
}

export interface ExportedImage {
  url: string;
  /** 'video' for a found video; its matched seconds (of the video) in `matchedTimes`. */
  mediaKind: 'image' | 'video';
  matchedTimes: { startS: number; endS: number }[] | null;
  sha256: string;
  pdq: string | null;
  blockhash: string | null;
  firstSeenAt: string;
  goneAt: string | null;
}

/** One request as exported (the JSON shape; CSV and XLSX flatten it). */
export interface ExportedRequest {
  id: number;
  url: string;
  host: string;
  platform: string | null;
  state: string;
  overdue: boolean;
  route: string;
  channel: string;
  contact: string;
  language: string;
  referenceNumber: string;
  createdAt: string;
  firstSentAt: string | null;
  lastSentAt: string | null;
  deadlineAt: string | null;
  removedAt: string | null;
  closedAt: string | null;
  flaggedAt: string | null;
  lastCheckedAt: string | null;
  reuploadOf: number | null;
  caseCodes: string[];
  /** Imported hash lists whose confirmed matches the request covers (no case behind them). */
  hashLists: string[];
  images: ExportedImage[];
  notes: string;
}

/** Loads the requests matching a filter, oldest first, with their images. */
export function loadExportRequests(
  db: Database.Database,
  filter: ExportFilter,
  now: Date,
): ExportedRequest[] {
  const where: Query<unknown>[] = [];
  if (filter.requestIds?.length) where.push(sql`r.id IN (${sqlList(filter.requestIds)})`);
  if (filter.states?.length) where.push(sql`r.state IN (${sqlList(filter.states)})`);
  if (filter.host) where.push(sql`r.host = ${filter.host.toLowerCase()}`);
  const rows = all(
    db,
    sql<DbExportRow>`SELECT r.id, r.url, r.host, p.name AS platform, r.state, r.route, r.channel, r.contact,
              r.language, r.reference_number, r.notes, r.reupload_of, r.created_at,
              r.first_sent_at, r.last_sent_at, r.deadline_at, r.removed_at, r.closed_at,
              r.flagged_at, r.last_checked_at,
              (SELECT group_concat(code, ' ') FROM (SELECT DISTINCT c.code AS code
                 FROM takedown_request_items i JOIN cases c ON c.id = i.case_id
                WHERE i.request_id = r.id ORDER BY c.code)) AS case_codes,
              (SELECT json_group_array(name) FROM (SELECT DISTINCT i.list_name AS name
                 FROM takedown_request_items i
                WHERE i.request_id = r.id AND i.list_name IS NOT NULL ORDER BY name)) AS list_names
         FROM takedown_requests r LEFT JOIN takedown_platforms p ON p.id = ${REQUEST_PLATFORM_ID}
        ${where.length ? sql`WHERE ${sqlJoin(where, ' AND ')}` : sql``}
        ORDER BY r.id`,
  );
  const nowIso = now.toISOString();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    host: r.host,
    platform: r.platform,
    state: r.state,
    overdue:
      (r.state === 'sent' || r.state === 'acknowledged') &&
      r.deadline_at !== null &&
      r.deadline_at < nowIso,
    route: r.route,
    channel: r.channel,
    contact: r.contact,
    language: r.language,
    referenceNumber: r.reference_number,
    createdAt: r.created_at,
    firstSentAt: r.first_sent_at,
    lastSentAt: r.last_sent_at,
    deadlineAt: r.deadline_at,
    removedAt: r.removed_at,
    closedAt: r.closed_at,
    flaggedAt: r.flagged_at,
    lastCheckedAt: r.last_checked_at,
    reuploadOf: r.reupload_of,
    caseCodes: r.case_codes ? r.case_codes.split(' ') : [],
    hashLists: JSON.parse(r.list_names) as string[],
    images: requestItems(db, r.id).map((i) => ({
      url: i.image_url,
      mediaKind: i.media_kind === 'video' ? ('video' as const) : ('image' as const),
      matchedTimes: matchedRanges(i),
      sha256: i.image_sha256,
      pdq: i.pdq ? bytesToHex(i.pdq) : null,
      blockhash: i.blockhash ? bytesToHex(i.blockhash) : null,
      firstSeenAt: i.found_at,
      goneAt: i.gone_at,
    })),
    notes: r.notes,
  }));
}

/** Each video's URL and matched seconds: "URL 0:12–0:31, 1:02–1:21; URL …" ('' without videos). */
function videoTimes(r: ExportedRequest): string {
  return r.images
    .filter((i) => i.matchedTimes)
    .map((i) => `${i.url} ${rangesText(i.matchedTimes!)}`.trim())
    .join('; ');
}

/** The columns of CSV and XLSX, in order, with their widths in XLSX. */
const COLUMNS: [string, number, (r: ExportedRequest) => Cell][] = [
  ['id', 8, (r) => r.id],
  ['url', 50, (r) => r.url],
  ['host', 22, (r) => r.host],
  ['platform', 18, (r) => r.platform],
  ['state', 13, (r) => r.state],
  ['overdue', 9, (r) => (r.overdue ? 'yes' : 'no')],
  ['route', 10, (r) => r.route],
  ['channel', 13, (r) => r.channel],
  ['contact', 26, (r) => r.contact],
  ['language', 9, (r) => r.language],
  ['reference_number', 18, (r) => r.referenceNumber],
  ['created_at', 22, (r) => r.createdAt],
  ['first_sent_at', 22, (r) => r.firstSentAt],
  ['last_sent_at', 22, (r) => r.lastSentAt],
  ['deadline_at', 22, (r) => r.deadlineAt],
  ['removed_at', 22, (r) => r.removedAt],
  ['closed_at', 22, (r) => r.closedAt],
  ['flagged_at', 22, (r) => r.flaggedAt],
  ['reupload_of', 11, (r) => r.reuploadOf],
  ['case_codes', 16, (r) => r.caseCodes.join(' ')],
  ['hash_lists', 18, (r) => r.hashLists.join('; ')],
  ['images', 8, (r) => r.images.length],
  ['image_urls', 50, (r) => r.images.map((i) => i.url).join(' ')],
  ['image_sha256', 66, (r) => r.images.map((i) => i.sha256).join(' ')],
  ['video_time_ranges', 40, (r) => videoTimes(r)],
  ['notes', 40, (r) => r.notes],
];

export const EXPORT_COLUMNS = COLUMNS.map((c) => c[0]);

export function exportRows(requests: readonly ExportedRequest[]): Cell[][] {
  return [COLUMNS.map((c) => c[0]), ...requests.map((r) => COLUMNS.map((c) => c[2](r)))];
}

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

/** The file of an export, named after the time it was made. */
export function exportFile(
  requests: readonly ExportedRequest[],
  format: ExportFormat,
  now: Date,
): ExportedFile {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  let bytes: Buffer;
  if (format === 'csv') bytes = Buffer.from(toCsv(exportRows(requests)), 'utf8');
  else if (format === 'xlsx')
    bytes = toXlsx(exportRows(requests), {
      sheetName: 'Takedown requests',
      widths: COLUMNS.map((c) => c[1]),
    });
  else
    bytes = Buffer.from(
      JSON.stringify(
        { format: 'jium-takedown-requests', version: 1, exportedAt: now.toISOString(), requests },
        null,
        2,
      ) + '\n',
      'utf8',
    );
  return {
    fileName: `jium-takedown-requests-${stamp}.${format}`,
    mimeType: MIME[format],
    data: bytes.toString('base64'),
    count: requests.length,
  };
}
