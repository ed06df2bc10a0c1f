/**
 * Retro-matching for reference videos (issues 15 and 18, decision 0103): a video registered after
 * a crawl is compared at once with every crawled video whose frame hashes the case file keeps
 * (crawl_video_hashes, video-hashes.ts), by the crawler's own decision (`decideVideo`, decisions
 * 0106 and 0122; by the frame hashes alone: the crawled frames were not kept). What matches is recorded through the one door for each place the
 * video was seen (crawl_sightings: the video task writes one per page and video URL, as the image
 * task does for images), marked "found in earlier crawls" like an image retro-match, and so
 * arrives in review. Stored blobs are read in pages of {@link PAGE_ROWS}, never all at once.
 * Nothing is fetched: the match has the sighting's URLs, status, headers, chain and peer, its
 * segments and shares, but no sealed frames (the crawled bytes were never kept). The same
 * registration finds stored crawled still images that are one of the video's frames (decision
 * 0109's lookup, in reverse).
 */
import type Database from 'better-sqlite3';
import { getVideo, videoFingerprintOf } from '../cases/video-queries';
import { VideoReferenceSet, type FrameHit, type VideoOwner } from '../cases/video-references';
import { recordMatch } from '../matches';
import { rejectedBefore } from '../review/rejected';
import { HammingIndex } from '../similarity';
import {
  VPDQ_MAX_DISTANCE,
  VPDQ_MIN_QUALITY,
  type VideoFingerprint,
  type VideoMatch,
} from '../video';
import { decideVideo } from '../video/decide';
import type { CrawlEnv } from './crawl-env';
import { markRetroMatch, sightingFound } from './retro-match';
import { recordSighting, sightingsOf, type DbSighting } from './sightings';
import type { DownloadedVideo } from './video-files';
import { unpackFrames } from './video-hashes';

/** Stored videos read per query (a blob is 37 bytes a sampled moment: ~22 KB for 10 minutes). */
export const PAGE_ROWS = 32;

/** What re-checking one reference video against the stored crawled videos did. */
export interface RetroVideoResult {
  /** Stored crawled videos compared with it. */
  checked: number;
  /** Stored videos that matched (not rejected for the case before). */
  videos: number;
  /** Stored still images that are one frame of the reference (decision 0109 in reverse). */
  images: number;
  /** Match rows recorded (one per place a matching video was seen; none when known before). */
  matches: number;
}

interface DbStoredVideo {
  rowid: number;
  sha256: string;
  duration_s: number;
  width: number;
  height: number;
  sample_every_s: number;
  sampled: number;
  frames: Buffer;
}

/** A stored crawled video's fingerprint, as the crawler decided it. */
function storedVideo(r: DbStoredVideo): VideoFingerprint {
  return {
    durationS: r.duration_s,
    width: r.width,
    height: r.height,
    sampleEveryS: r.sample_every_s,
    sampled: r.sampled === 1,
    frames: unpackFrames(r.frames),
  };
}

/** The hashes of a fingerprint that count (quality at least vPDQ's floor), frames and variants. */
function countedHashes(fp: VideoFingerprint): Uint8Array[] {
  return fp.frames.flatMap((f) =>
    [f, ...(f.variants ?? [])].filter((h) => h.quality >= VPDQ_MIN_QUALITY).map((h) => h.pdq),
  );
}

/**
 * One Hamming index over the reference's counted hashes: a stored video none of whose counted
 * hashes (upright or mirrored, as matchVideo compares) lies within vPDQ's 31 bits of one of them
 * has no agreeing moment, so matchVideo could only say no-match; it is not compared in full.
 */
function nearReference(reference: VideoFingerprint): (fp: VideoFingerprint) => boolean {
  const index = new HammingIndex();
  countedHashes(reference).forEach((h, i) => index.add(i, h));
  return (fp) =>
    countedHashes(fp).some(
      (h) =>
        index.rangeSearch(h, VPDQ_MAX_DISTANCE).length > 0 ||
        index.rangeSearch(
          h.map((b) => b ^ 0x55), // matchVideo's stand-in for the mirrored frame
          VPDQ_MAX_DISTANCE,
        ).length > 0,
    );
}

/**
 * Every stored crawled video, `PAGE_ROWS` at a time in rowid order, as fingerprints (the bench
 * and {@link retroMatchVideo} share it).
 */
export function* storedVideos(
  db: Database.Database,
  pageRows = PAGE_ROWS,
): Generator<{ sha256: string; fp: VideoFingerprint }> {
  const page = db.prepare<[number, number], DbStoredVideo>(
    `SELECT rowid, sha256, duration_s, width, height, sample_every_s, sampled, frames
       FROM crawl_video_hashes WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  );
  for (let after = 0; ;) {
    const rows = page.all(after, pageRows);
    if (rows.length === 0) return;
    for (const r of rows) yield { sha256: r.sha256, fp: storedVideo(r) };
    after = rows[rows.length - 1]!.rowid;
  }
}

/**
 * Compares one reference video with every stored crawled video and records what the crawler's
 * decision matches, for every place it was seen and is not known to be gone. Matches are written
 * in one transaction at the end; a match recorded before (by a crawl or an earlier re-check) is
 * not written twice (the one door's UNIQUE). Undefined when the video's case is not searched (no
 * consent to web searches, or closed) or the video is gone.
 */
export function retroMatchVideo(
  db: Database.Database,
  referenceVideoId: number,
  options: { now?: Date } = {},
): RetroVideoResult | undefined {
  const row = getVideo(db, referenceVideoId);
  if (!row) return undefined;
  const searched = db
    .prepare(`SELECT 1 FROM cases WHERE id = ? AND consent_search = 1 AND status <> 'closed'`)
    .get(row.case_id);
  if (!searched) return undefined;
  const reference = videoFingerprintOf(db, row);
  const near = nearReference(reference);
  const found: { sha256: string; fp: VideoFingerprint; match: VideoMatch }[] = [];
  let checked = 0;
  for (const v of storedVideos(db)) {
    checked++;
    if (!near(v.fp)) continue;
    // The one decision (decision 0122); its frames are gone, so by the hashes alone.
    const d = decideVideo(v.fp, [{ key: 'reference', fingerprint: reference }]);
    if (d) found.push({ ...v, match: d.match });
  }
  const owner = { caseId: row.case_id, caseCode: '', videoId: referenceVideoId };
  const stills = reference.frames.length ? stillFrames(db, owner, reference) : [];
  const at = (options.now ?? new Date()).toISOString();
  return db.transaction((): RetroVideoResult => {
    let videos = 0;
    let matches = 0;
    let images = 0;
    for (const st of stills) {
      if (rejectedBefore(db, row.case_id, st.sha256, st.pdq)) continue;
      images++;
      for (const s of sightingsOf(db, st.sha256)) {
        const id = recordMatch(db, {
          found: foundAt(s, 'image'),
          target: { source: 'case-video', caseId: row.case_id, referenceVideoId },
          evidence: {
            algo: 'vpdq-frame',
            distance: st.hit.distance,
            transform: st.hit.transform,
            refTimeS: st.hit.timestampS,
          },
        });
        if (id === null) continue;
        markRetroMatch(db, id, at);
        matches++;
      }
      db.prepare('UPDATE crawl_image_hashes SET matched = 1 WHERE sha256 = ?').run(st.sha256);
    }
    for (const f of found) {
      // A monitor rejected this video for this case: never queued again (decision 0051).
      if (rejectedBefore(db, row.case_id, f.sha256, null)) continue;
      videos++;
      for (const s of sightingsOf(db, f.sha256)) {
        const id = recordFromVideoSighting(db, row.case_id, referenceVideoId, f, s);
        if (id === null) continue;
        markRetroMatch(db, id, at);
        matches++;
      }
      db.prepare('UPDATE crawl_video_hashes SET matched = 1 WHERE sha256 = ?').run(f.sha256);
    }
    return { checked, videos, images, matches };
  })();
}

/** What a sighting saw, as a match found outside a run records it. */
function foundAt(s: DbSighting, kind: 'image' | 'video') {
  return { kind, ...sightingFound(s), url: s.image_url, sha256: s.image_sha256 };
}

/**
 * Stored crawled still images that are one frame of the reference (decision 0109 in reverse): the
 * crawler's own lookup (`findFrame`: PDQ within 31 bits, upright or mirrored, both qualities at
 * least 50) on each stored image's whole-picture PDQ, read 1,000 rows a page. Returns the images
 * found (not rejected for the case before), with the frame each is.
 */
function stillFrames(
  db: Database.Database,
  owner: VideoOwner,
  reference: VideoFingerprint,
): { sha256: string; pdq: Buffer; hit: FrameHit }[] {
  const set = new VideoReferenceSet();
  set.add(owner, reference);
  const page = db.prepare<
    [number],
    { rowid: number; sha256: string; pdq: Buffer; pdq_quality: number }
  >(
    `SELECT rowid, sha256, pdq, pdq_quality FROM crawl_image_hashes
      WHERE rowid > ? AND low_quality = 0 AND pdq IS NOT NULL AND pdq_quality IS NOT NULL
      ORDER BY rowid LIMIT 1000`,
  );
  const out: { sha256: string; pdq: Buffer; hit: FrameHit }[] = [];
  for (let after = 0; ;) {
    const rows = page.all(after);
    if (rows.length === 0) return out;
    for (const r of rows) {
      const hit = r.pdq.length === 32 ? set.findFrame(r.pdq, r.pdq_quality) : null;
      if (hit) out.push({ sha256: r.sha256, pdq: r.pdq, hit });
    }
    after = rows[rows.length - 1]!.rowid;
  }
}

/** One video match from a sighting's stored evidence, as the crawler records one (video-task). */
function recordFromVideoSighting(
  db: Database.Database,
  caseId: number,
  referenceVideoId: number,
  f: { fp: VideoFingerprint; match: VideoMatch },
  s: DbSighting,
): number | null {
  return recordMatch(db, {
    found: foundAt(s, 'video'),
    target: { source: 'case-video', caseId, referenceVideoId },
    evidence: {
      algo: 'vpdq',
      distance: Math.max(0, Math.round(100 - f.match.queryPct)),
      transform: 'identity',
      segments: f.match.segments,
      queryPct: f.match.queryPct,
      comparePct: f.match.comparePct,
      sampled: f.fp.sampled,
    },
  });
}

/**
 * Records where the crawler saw a video content (page, video URL, the response's evidence), in the
 * same table as image sightings: what {@link retroMatchVideo} records a later match from. Runs in
 * the video task's outcome transaction.
 */
export function sightVideo(
  env: Pick<CrawlEnv, 'store'>,
  pageUrl: string,
  dl: Pick<DownloadedVideo, 'response' | 'chain'>,
  sha256: string,
): void {
  recordSighting(env.store, {
    pageUrl,
    imageUrl: dl.response.url,
    sha256,
    at: new Date().toISOString(),
    httpStatus: dl.response.status,
    httpHeaders: dl.response.headers,
    redirectChain: dl.chain,
    serverIp: dl.response.remoteAddress,
  });
}

/**
 * The cases service's hook after a reference video is registered (its transaction committed):
 * re-checks the stored crawled videos against it (decision 0103). The video is registered whatever
 * happens here; a failure loses only the retro-matches, which the next crawl of those pages finds.
 */
export function withVideoRetroCheck<R extends { status: string; video?: { id: number } }>(
  ctx: { db: Database.Database; now: () => Date },
  result: R,
): R {
  if (result.status !== 'added' || !result.video) return result;
  try {
    retroMatchVideo(ctx.db, result.video.id, { now: ctx.now() });
  } catch (e) {
    console.error('[jium] re-checking crawled videos:', (e as Error).name);
  }
  return result;
}
