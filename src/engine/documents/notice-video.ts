/**
 * What notices and exports say about a reported video (issue 15 item 6): that the item is a video,
 * and the time ranges of it that match the victim's video — the seconds of the *found* video, the
 * only times the platform can look up (the reference's own times identify nothing for them).
 */
import { formatClock } from '../../shared/clock';
import type { MatchSegment } from '../matches';

/** A takedown item's match facts as read beside it (LEFT JOIN crawl_matches). */
export interface ItemMedia {
  media_kind: 'image' | 'video' | null;
  segments: string | null;
}

/** SQL columns to select from `crawl_matches m` for ItemMedia. */
export const ITEM_MEDIA_COLUMNS = 'm.media_kind, m.segments';

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
