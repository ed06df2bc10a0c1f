/**
 * What notices and exports say about a reported video (issue 15 item 6): that the item is a video,
 * and the time ranges of it that match the victim's video — the seconds of the *found* video, the
 * only times the platform can look up (the reference's own times identify nothing for them).
 */
import type Database from 'better-sqlite3';
import { formatClock } from '../../shared/clock';
import { all, sql } from '../db/sql';
import type { MatchSegment } from '../matches';

/** A takedown item's match facts as read beside it (LEFT JOIN crawl_matches). */
export interface ItemMedia {
  media_kind: 'image' | 'video' | null;
  segments: string | null;
}

/** A request's item as notices and exports print it: its file, hashes and match facts. */
export interface DbRequestItem extends ItemMedia {
  request_id: number;
  match_id: number | null;
  image_url: string;
  image_sha256: string;
  found_at: string;
  gone_at: string | null;
  pdq: Buffer | null;
  blockhash: Buffer | null;
}

/** The items of one request in the order they were added, with their hashes and media. */
export function requestItems(db: Database.Database, requestId: number): DbRequestItem[] {
  return all(
    db,
    sql<DbRequestItem>`SELECT i.request_id, i.match_id, i.image_url, i.image_sha256, i.found_at,
            i.gone_at, h.pdq, h.blockhash, m.media_kind, m.segments
       FROM takedown_request_items i LEFT JOIN crawl_image_hashes h ON h.sha256 = i.image_sha256
       LEFT JOIN crawl_matches m ON m.id = i.match_id
      WHERE i.request_id = ${requestId} ORDER BY i.id`,
  );
}

/** The found video's matched seconds, in order, as [start, end] pairs; null for an image. */
export function matchedRanges(item: ItemMedia): { startS: number; endS: number }[] | null {
  if (item.media_kind !== 'video') return null;
  let segments: MatchSegment[] = [];
  try {
    segments = JSON.parse(item.segments ?? '[]') as MatchSegment[];
  } catch {
    // Unreadable evidence lists no time: the URL is still reported.
  }
  return segments
    .map((s) => ({ startS: s.queryStartS, endS: s.queryEndS }))
    .sort((a, b) => a.startS - b.startS);
}

/** "0:12–0:31, 1:02–1:21" (en dash), or '' when there is none. */
export function rangesText(ranges: readonly { startS: number; endS: number }[]): string {
  return ranges.map((r) => `${formatClock(r.startS)}–${formatClock(r.endS)}`).join(', ');
}
