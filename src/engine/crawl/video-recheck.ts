/**
 * Re-checking a reported video (issue 15 item 6): is it still served at its URL? Reads only the
 * head of the video — a Range request for the first `headBytes` (8 MiB by default; a server
 * without ranges is cut off there), HLS playlists up to `maxDurationS` — through the same guarded
 * fetcher as the crawl, fingerprints what it read and compares it with the fingerprint the crawl
 * recorded for that video (crawl_video_hashes). The takedown re-check (takedowns/recheck.ts) calls
 * `recheckVideo` for a confirmed video match; it decides nothing about the request itself.
 *
 * - `gone`: 404, 410 or 451, or an HTML page (or other non-video) now served in its place;
 * - `present`: a video whose head matches the recorded one under the one video decision
 *   (`videoVerdict`);
 * - `changed`: a video, but not the one recorded (a placeholder clip, another upload);
 * - `unknown`: anything that cannot tell (timeouts, refused addresses, 5xx, undecodable).
 */
import type Database from 'better-sqlite3';
import {
  fingerprintVideo,
  matchVideo,
  VideoError,
  videoVerdict,
  type VideoFingerprint,
} from '../video';
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
  options: { headBytes?: number; maxDurationS?: number } = {},
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
    const now = await fingerprintVideo(dl.path, {
      limits: {
        maxBytes: Math.max(1, dl.bytes),
        maxDurationS: caps.maxDurationS,
        wallClockMs: 60_000,
      },
    });
    // The head against the whole recorded video: the head's frames must be found in it.
    const m = matchVideo(now, recorded);
    return {
      ...seen,
      verdict: videoVerdict(now, m) === 'match' ? 'present' : 'changed',
      queryPct: m.queryPct,
      comparePct: m.comparePct,
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
