/**
 * Re-checking a reported video (issue 15 item 6): is it still served at its URL? Reads only the
 * head of the video — a Range request for the first `headBytes` (8 MiB by default; a server
 * without ranges is cut off there), HLS playlists up to `maxDurationS` — through the same guarded
 * fetcher as the crawl, fingerprints what it read and compares it with the fingerprint the crawl
 * recorded for that video (crawl_video_hashes). The takedown re-check (takedowns/recheck.ts) calls
 * `recheckVideo` for a confirmed video match; it decides nothing about the request itself.
 *
 * - `gone`: 404, 410 or 451, or an HTML page (or other non-video) now served in its place;
 * - `present`: a video whose head is, under the one video decision (`decideVideo`, decision
 *   0122), the recorded one or — given the case's reference video — a copy of that reference (by
 *   its frame hashes, or by the crop stage when its keyframes are at hand: another crop or
 *   re-encode of the victim's video put up in the reported one's place is still there);
 * - `changed`: a video, but neither the one recorded nor the reference (a placeholder clip);
 * - `unknown`: anything that cannot tell (timeouts, refused addresses, 5xx, undecodable).
 */
import type Database from 'better-sqlite3';
import { getVideo, videoFingerprintOf } from '../cases/video-queries';
import { openVideoFeatures } from '../cases/video-features';
import { fingerprintVideo, matchVideo, VideoError, type VideoFingerprint } from '../video';
import { candidateKeeper, VideoFeatureIndex } from '../video/crop-stage';
import { decideVideo, type DecisionReference } from '../video/decide';
import { FetchError } from './fetcher';
import { RefusedError } from './follow-redirects';
import { fitCutIsoFile } from './iso-boxes';
import { downloadVideo } from './video-download';
import { VideoDownloadError, type VideoSource } from './video-files';
import { knownVideo } from './video-hashes';

export type VideoRecheckVerdict = 'gone' | 'present' | 'changed' | 'unknown';

/** What a video re-check saw: the evidence a takedown record keeps. */
export interface VideoRecheck {
  url: string;
  verdict: VideoRecheckVerdict;
  /** Final response status, or null when nothing answered. */
  status: number | null;
  finalUrl: string | null;
  serverIp: string | null;
  /** Bytes of the video read. */
  bytesRead: number;
  /** vPDQ shares of the head against the recorded fingerprint (present / changed). */
  queryPct?: number;
  comparePct?: number;
  /** Why it could not tell, or what stood in the video's place. */
  reason?: string;
  /** What the head was found to be (present): the recorded video, or the case's reference. */
  foundAs?: 'recorded' | 'reference';
  /** How: by frame hashes or by the crop stage's local features. */
  stage?: 'hashes' | 'local-features';
}

/** The case's reference video, for a re-check that asks the one decision about it too. */
export interface RecheckReference {
  fingerprint: VideoFingerprint;
  /** Its crop-stage keyframes (key 'reference'), when the case key opened them. */
  features?: VideoFeatureIndex;
}

const GONE = new Set([404, 410, 451]);

/** Default head read by a re-check. */
export const RECHECK_HEAD_BYTES = 8 * 1024 * 1024;

/**
 * Re-checks one video URL against the fingerprint recorded when it was found. Never throws for
 * what the server does; throws only on programming errors.
 */
export async function recheckVideo(
  src: VideoSource,
  url: string,
  recorded: VideoFingerprint,
  options: { headBytes?: number; maxDurationS?: number; reference?: RecheckReference } = {},
): Promise<VideoRecheck> {
  const base = { url, status: null, finalUrl: null, serverIp: null, bytesRead: 0 };
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    return { ...base, verdict: 'unknown', reason: 'not a URL' };
  }
  const caps = {
    maxBytes: options.headBytes ?? RECHECK_HEAD_BYTES,
    maxDurationS: options.maxDurationS ?? 120,
  };
  let dl;
  try {
    dl = await downloadVideo(src, start, caps);
  } catch (e) {
    if (e instanceof VideoDownloadError) {
      return { ...base, verdict: e.code === 'not-a-video' ? 'gone' : 'unknown', reason: e.message };
    }
    if (e instanceof FetchError || e instanceof RefusedError) {
      return { ...base, verdict: 'unknown', reason: `${e.code}: ${e.message}` };
    }
    throw e;
  }
  if ('failed' in dl) {
    const r = dl.failed;
    return {
      ...base,
      status: r.status,
      finalUrl: r.url,
      serverIp: r.remoteAddress,
      verdict: GONE.has(r.status) ? 'gone' : 'unknown',
      reason: `http-${r.status}`,
    };
  }
  const seen = {
    ...base,
    status: dl.response.status,
    finalUrl: dl.response.url,
    serverIp: dl.response.remoteAddress,
    bytesRead: dl.bytes,
  };
  try {
    if (dl.capped && ['mp4', 'mov', '3gp'].includes(dl.container)) {
      const cut = fitCutIsoFile(dl.path);
      if (cut === 'moov-after-cut' || cut === 'unfixable') {
        return {
          ...seen,
          verdict: 'unknown',
          reason: 'a video, but its index lies after the head read',
        };
      }
    }
    const ref = options.reference;
    // Frames kept for the crop stage only when the reference's keyframes are at hand.
    const kept = ref?.features?.size ? candidateKeeper() : undefined;
    const now = await fingerprintVideo(dl.path, {
      onGreyFrame: kept?.take,
      limits: {
        maxBytes: Math.max(1, dl.bytes),
        maxDurationS: caps.maxDurationS,
        wallClockMs: 60_000,
      },
    });
    // The head against the whole recorded video (its frames must be found in it), then against
    // the case's reference: one decision, the recorded video first.
    const refs: DecisionReference[] = [{ key: 'recorded', fingerprint: recorded }];
    const d =
      decideVideo(now, refs) ??
      (ref
        ? decideVideo(now, [{ key: 'reference', fingerprint: ref.fingerprint }], {
            index: ref.features,
            kept,
          })
        : null);
    // The shares against the recorded video, as evidence, when nothing matched.
    const m = d?.match ?? matchVideo(now, recorded);
    return {
      ...seen,
      verdict: d ? 'present' : 'changed',
      queryPct: m.queryPct,
      comparePct: m.comparePct,
      ...(d ? { foundAs: d.key as 'recorded' | 'reference', stage: d.stage } : {}),
    };
  } catch (e) {
    if (e instanceof VideoError) return { ...seen, verdict: 'unknown', reason: `video-${e.code}` };
    throw e;
  } finally {
    dl.cleanup();
  }
}

/** The recorded fingerprint of a found video, by the SHA-256 its match row carries. */
export function recordedVideo(db: Database.Database, sha256: string): VideoFingerprint | null {
  return knownVideo(db, sha256)?.fingerprint ?? null;
}

/**
 * The reference video a found video's match names, for {@link recheckVideo}: its frame hashes and,
 * when its case's key is in `keys`, its crop-stage keyframes. Undefined when the video is gone.
 */
export function recheckReference(
  db: Database.Database,
  referenceVideoId: number,
  keys: ReadonlyMap<number, Buffer> = new Map(),
): RecheckReference | undefined {
  const row = getVideo(db, referenceVideoId);
  if (!row) return undefined;
  const fingerprint = videoFingerprintOf(db, row);
  const key = keys.get(row.case_id);
  const keyframes = key && openVideoFeatures(db, new Map([[row.case_id, key]])).get(row.id);
  if (!keyframes) return { fingerprint };
  const features = new VideoFeatureIndex();
  features.set('reference', keyframes);
  return { fingerprint, features };
}
