/**
 * Reference videos' crop-stage keyframes in the case file (reference_video_features, decision
 * 0104): sealed with the case key at registration, opened where the crawl decides. A video whose
 * row does not open (no key at hand, a moved row) is matched by its hashes alone.
 */
import type Database from 'better-sqlite3';
import { open, seal } from '../crypto/aead';
import { all, run, sql } from '../db/sql';
import { decodeKeyframes, encodeKeyframes, VIDEO_FEATURES_KIND } from '../video/keyframes-codec';
import type { VideoKeyframe } from '../video/crop-stage';

/** Where sealed keyframes belong: their case and their video's SHA-256. */
export const videoFeaturesAad = (caseId: number, sha256: string) =>
  `jium/reference-video-features/v1/${caseId}/${sha256}`;

/** Seals and stores (or replaces) one reference video's keyframes; none stores nothing. */
export function storeVideoFeatures(
  db: Database.Database,
  key: Buffer,
  video: { videoId: number; caseId: number; sha256: string },
  keyframes: readonly VideoKeyframe[],
): void {
  if (keyframes.length === 0) return;
  const sealed = seal(
    key,
    encodeKeyframes(keyframes),
    videoFeaturesAad(video.caseId, video.sha256),
  );
  run(
    db,
    sql`INSERT INTO reference_video_features (video_id, kind, sealed)
        VALUES (${video.videoId}, ${VIDEO_FEATURES_KIND}, ${sealed})
        ON CONFLICT (video_id) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed`,
  );
}

/** The keyframes of every reference video of the cases whose key is at hand, by video id. */
export function openVideoFeatures(
  db: Database.Database,
  keys: ReadonlyMap<number, Buffer>,
): Map<number, VideoKeyframe[]> {
  const out = new Map<number, VideoKeyframe[]>();
  if (keys.size === 0) return out;
  const rows = all(
    db,
    sql<{ video_id: number; sealed: Buffer; case_id: number; sha256: string }>`
      SELECT f.video_id, f.sealed, v.case_id, v.sha256 FROM reference_video_features f
      JOIN reference_videos v ON v.id = f.video_id WHERE f.kind = ${VIDEO_FEATURES_KIND}`,
  );
  for (const r of rows) {
    const key = keys.get(r.case_id);
    if (!key) continue;
    try {
      const plain = open(key, r.sealed, videoFeaturesAad(r.case_id, r.sha256));
      out.set(r.video_id, decodeKeyframes(plain));
    } catch {
      // Not openable or not readable: this video's hashes decide alone.
    }
  }
  return out;
}
