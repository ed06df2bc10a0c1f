/**
 * The keyframe evidence of a crawled video match (issue 15 item 5, decision 0107): a few small
 * JPEGs of the found video per matched segment, taken at crawl time from the downloaded file
 * (which is deleted right after), sealed with the case key and kept in `crawl_match_frames`, so
 * review can show which seconds matched without keeping the video. Also the binding that ties a
 * match's sealed evidence to it, shared by every reader of that evidence.
 */
import type Database from 'better-sqlite3';
import { keyframes, type VideoSegment } from '../video';
import type { EvidenceStore } from './evidence';

/** Bounds of what is kept per match: segments, frames per segment, longer side in px. */
export const MATCH_FRAMES = { maxSegments: 3, perSegment: 3, maxSide: 320 } as const;

/**
 * The text a match's sealed evidence is bound to (part of its authenticated data): page URL, found
 * SHA-256 and what it matched — the reference image's id, or `video:<id>` for a reference video.
 */
export function matchBinding(m: {
  page_url: string;
  image_sha256: string;
  reference_image_id: number | null;
  reference_video_id?: number | null;
}): string {
  const target =
    m.reference_video_id != null ? `video:${m.reference_video_id}` : m.reference_image_id;
  return `${m.page_url}\n${m.image_sha256}\n${target}`;
}

/** A keyframe's own binding: the match's, its place in the strip and its time. */
export function frameBinding(matchBinding: string, seq: number, timeS: number): string {
  return `${matchBinding}\nframe:${seq}@${timeS.toFixed(3)}`;
}

/** One planned frame: which segment, and when in the found video (seconds). */
export interface FrameTime {
  segment: number;
  timeS: number;
}

/**
 * The times to keep: for the first MATCH_FRAMES.maxSegments segments, the start, middle and end
 * of the found video's matched seconds (the end half a second in, since a segment's end is one
 * sampling step past its last matched frame); fewer for a segment too short for three.
 */
export function frameTimes(segments: readonly VideoSegment[]): FrameTime[] {
  const out: FrameTime[] = [];
  segments.slice(0, MATCH_FRAMES.maxSegments).forEach((s, segment) => {
    const last = Math.max(s.queryStartS, s.queryEndS - 0.5);
    const picks = [s.queryStartS, (s.queryStartS + last) / 2, last];
    const seen = new Set<string>();
    for (const t of picks.slice(0, MATCH_FRAMES.perSegment)) {
      const key = t.toFixed(1);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ segment, timeS: Math.max(0, t) });
    }
  });
  return out;
}

/** A keyframe taken from the found video. */
export interface MatchFrame extends FrameTime {
  jpeg: Buffer;
}

/**
 * Takes the planned frames from the downloaded file. Evidence only: a file FFmpeg cannot seek
 * gives no frames rather than losing the match.
 */
export async function takeMatchFrames(
  file: { path: string; bytes: number },
  segments: readonly VideoSegment[],
): Promise<MatchFrame[]> {
  const times = frameTimes(segments);
  if (times.length === 0) return [];
  try {
    const jpegs = await keyframes(
      file.path,
      times.map((t) => t.timeS),
      {
        maxSide: MATCH_FRAMES.maxSide,
        limits: { maxBytes: Math.max(1, file.bytes), wallClockMs: 30_000 },
      },
    );
    return times.map((t, i) => ({ ...t, jpeg: jpegs[i]! }));
  } catch {
    return [];
  }
}

/** Seals and stores a match's frames (inside the transaction that recorded the match). */
export function storeMatchFrames(
  db: Database.Database,
  evidence: EvidenceStore,
  match: { id: number; caseId: number; binding: string },
  frames: readonly MatchFrame[],
): number {
  const put = db.prepare(
    `INSERT INTO crawl_match_frames (match_id, seq, segment, time_s, sealed) VALUES (?, ?, ?, ?, ?)`,
  );
  let kept = 0;
  frames.forEach((f, seq) => {
    const sealed = evidence.seal(
      match.caseId,
      'image',
      f.jpeg,
      frameBinding(match.binding, seq, f.timeS),
    );
    if (!sealed) return;
    put.run(match.id, seq, f.segment, f.timeS, sealed);
    kept++;
  });
  return kept;
}

/** A stored frame, still sealed. */
export interface StoredMatchFrame {
  seq: number;
  segment: number;
  timeS: number;
  sealed: Buffer;
}

/** A match's stored frames in order. */
export function matchFrames(db: Database.Database, matchId: number): StoredMatchFrame[] {
  return db
    .prepare<[number], { seq: number; segment: number; time_s: number; sealed: Buffer }>(
      `SELECT seq, segment, time_s, sealed FROM crawl_match_frames WHERE match_id = ? ORDER BY seq`,
    )
    .all(matchId)
    .map((r) => ({ seq: r.seq, segment: r.segment, timeS: r.time_s, sealed: r.sealed }));
}
