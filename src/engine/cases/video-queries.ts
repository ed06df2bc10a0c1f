/**
 * SQL of reference videos and their frame hashes, and the mapper from rows to API types. The query
 * module of `reference_videos`, `reference_video_frames`, `reference_video_variants`,
 * `reference_video_originals` and `reference_video_keyframes`: the only code that writes them
 * (decision 0093).
 */
import type Database from 'better-sqlite3';
import type { ReferenceVideoInfo } from '../../shared/cases-types';
import type { VideoFingerprint, VideoFrameHash } from '../video';
import { all, get, run, runEach, sql } from '../db/sql';
import { findImageInCase, otherCasesWith } from './queries';

/** A reference video row. */
export interface DbVideo {
  id: number;
  case_id: number;
  sha256: string;
  file_name: Buffer;
  format: string;
  duration_s: number;
  width: number;
  height: number;
  byte_size: number;
  sample_every_s: number;
  sampled: 0 | 1;
  added_at: string;
  added_by: number;
  has_original: 0 | 1;
  frame_count: number;
  keyframe_count: number;
}

const VIDEO_SELECT = sql`SELECT v.*,
    EXISTS (SELECT 1 FROM reference_video_originals o WHERE o.video_id = v.id) AS has_original,
    (SELECT count(*) FROM reference_video_frames f WHERE f.video_id = v.id) AS frame_count,
    (SELECT count(*) FROM reference_video_keyframes k WHERE k.video_id = v.id) AS keyframe_count
  FROM reference_videos v`;

export function getVideo(db: Database.Database, videoId: number): DbVideo | undefined {
  return get(db, sql<DbVideo>`${VIDEO_SELECT} WHERE v.id = ${videoId}`);
}

export function listVideos(db: Database.Database, caseId: number): DbVideo[] {
  return all(db, sql<DbVideo>`${VIDEO_SELECT} WHERE v.case_id = ${caseId} ORDER BY v.id`);
}

export function findVideoInCase(
  db: Database.Database,
  caseId: number,
  sha256: string,
): { id: number } | undefined {
  return findImageInCase(db, caseId, sha256, 'reference_videos');
}

/** Codes of the other cases that hold a video with this SHA-256. */
export function otherCasesWithVideo(
  db: Database.Database,
  caseId: number,
  sha256: string,
): string[] {
  return otherCasesWith(db, caseId, sha256, 'reference_videos');
}

/** What is stored of a video besides its sealed parts. */
export interface NewVideo {
  caseId: number;
  sha256: string;
  sealedFileName: Buffer;
  format: string;
  byteSize: number;
  fingerprint: VideoFingerprint;
  addedAt: string;
  addedBy: number;
}

/** Inserts a video row and its frame hashes; returns the video id. */
export function insertVideo(db: Database.Database, v: NewVideo): number {
  const fp = v.fingerprint;
  const r = run(
    db,
    sql`INSERT INTO reference_videos (case_id, sha256, file_name, format, duration_s, width,
          height, byte_size, sample_every_s, sampled, added_at, added_by)
        VALUES (${v.caseId}, ${v.sha256}, ${v.sealedFileName}, ${v.format}, ${fp.durationS},
          ${fp.width}, ${fp.height}, ${v.byteSize}, ${fp.sampleEveryS}, ${fp.sampled ? 1 : 0},
          ${v.addedAt}, ${v.addedBy})`,
  );
  const videoId = Number(r.lastInsertRowid);
  // OR IGNORE: two frames at the same rounded timestamp keep the first (vPDQ prunes anyway).
  runEach(
    db,
    fp.frames,
    (f) =>
      sql`INSERT OR IGNORE INTO reference_video_frames (video_id, timestamp_s, hash, quality)
          VALUES (${videoId}, ${f.timestampS}, ${Buffer.from(f.pdq)}, ${Math.round(f.quality)})`,
  );
  runEach(
    db,
    fp.frames.flatMap((f) => (f.variants ?? []).map((v) => ({ t: f.timestampS, v }))),
    ({ t, v }) =>
      sql`INSERT OR IGNORE INTO reference_video_variants (video_id, timestamp_s, region, hash,
            quality) VALUES (${videoId}, ${t}, ${v.region}, ${Buffer.from(v.pdq)},
            ${Math.round(v.quality)})`,
  );
  return videoId;
}

/** The stored fingerprint of a video (frames in time order), as the video engine matches it. */
export function videoFingerprintOf(db: Database.Database, row: DbVideo): VideoFingerprint {
  const frames = all(
    db,
    sql<{ timestamp_s: number; hash: Buffer; quality: number }>`
      SELECT timestamp_s, hash, quality FROM reference_video_frames
      WHERE video_id = ${row.id} ORDER BY timestamp_s`,
  ).map((f): VideoFrameHash => ({
    timestampS: f.timestamp_s,
    pdq: new Uint8Array(f.hash),
    quality: f.quality,
  }));
  const at = new Map(frames.map((f) => [f.timestampS, f]));
  for (const v of all(
    db,
    sql<{ timestamp_s: number; region: string; hash: Buffer; quality: number }>`
      SELECT timestamp_s, region, hash, quality FROM reference_video_variants
      WHERE video_id = ${row.id} ORDER BY timestamp_s, region`,
  )) {
    const f = at.get(v.timestamp_s);
    if (f)
      (f.variants ??= []).push({
        region: v.region,
        pdq: new Uint8Array(v.hash),
        quality: v.quality,
      });
  }
  return {
    durationS: row.duration_s,
    width: row.width,
    height: row.height,
    sampleEveryS: row.sample_every_s,
    frames,
    sampled: row.sampled === 1,
  };
}

/** Times of the stored keyframes of a video, in order. */
export function keyframeTimes(db: Database.Database, videoId: number): number[] {
  return all(
    db,
    sql<{ timestamp_s: number }>`SELECT timestamp_s FROM reference_video_keyframes
                                 WHERE video_id = ${videoId} ORDER BY timestamp_s`,
  ).map((r) => r.timestamp_s);
}

/** `fileName` is given only when the caller may read it (counsellors): otherwise null. */
export function videoInfoOf(
  db: Database.Database,
  row: DbVideo,
  fileName: string | null = null,
): ReferenceVideoInfo {
  return {
    id: row.id,
    sha256: row.sha256,
    format: row.format,
    durationS: row.duration_s,
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    frameCount: row.frame_count,
    sampled: row.sampled === 1,
    hasOriginal: row.has_original === 1,
    keyframeCount: row.keyframe_count,
    fileName,
    addedAt: row.added_at,
    alsoIn: otherCasesWithVideo(db, row.case_id, row.sha256),
  };
}

/**
 * Consent withdrawn to keep originals: a case's sealed video originals and keyframes go now
 * (secure_delete overwrites the freed pages). Returns how many videos had an original.
 */
export function discardVideoOriginals(db: Database.Database, caseId: number): number {
  const ofCase = sql`SELECT id FROM reference_videos WHERE case_id = ${caseId}`;
  const had = get(
    db,
    sql<{ n: number }>`SELECT count(DISTINCT video_id) AS n FROM reference_video_originals
                       WHERE video_id IN (${ofCase})`,
  )!;
  run(db, sql`DELETE FROM reference_video_originals WHERE video_id IN (${ofCase})`);
  run(db, sql`DELETE FROM reference_video_keyframes WHERE video_id IN (${ofCase})`);
  return had.n;
}

/** How many reference videos a case holds. */
export function countVideos(db: Database.Database, caseId: number): number {
  return get(
    db,
    sql<{ n: number }>`SELECT count(*) AS n FROM reference_videos WHERE case_id = ${caseId}`,
  )!.n;
}

/** Stores a video's original as sealed parts in order (prepared once, run per part). */
export function insertVideoOriginalParts(
  db: Database.Database,
  videoId: number,
  parts: Iterable<{ seq: number; sealed: Buffer }>,
): void {
  runEach(
    db,
    parts,
    (p) =>
      sql`INSERT INTO reference_video_originals (video_id, seq, sealed)
          VALUES (${videoId}, ${p.seq}, ${p.sealed})`,
  );
}

/** Stores a video's sealed keyframes (the pictures its review strip shows). */
export function insertVideoKeyframes(
  db: Database.Database,
  videoId: number,
  frames: readonly { timestampS: number; sealed: Buffer }[],
): void {
  runEach(
    db,
    frames,
    (f) =>
      sql`INSERT INTO reference_video_keyframes (video_id, timestamp_s, sealed)
          VALUES (${videoId}, ${f.timestampS}, ${f.sealed})`,
  );
}

/** A video's sealed keyframes in time order. */
export function videoKeyframes(
  db: Database.Database,
  videoId: number,
): { timestamp_s: number; sealed: Buffer }[] {
  return all(
    db,
    sql<{ timestamp_s: number; sealed: Buffer }>`SELECT timestamp_s, sealed
      FROM reference_video_keyframes WHERE video_id = ${videoId} ORDER BY timestamp_s`,
  );
}

/** Deletes a reference video; its frames, parts, keyframes and matches go with it. */
export function deleteVideoRow(db: Database.Database, videoId: number): void {
  run(db, sql`DELETE FROM reference_videos WHERE id = ${videoId}`);
}
