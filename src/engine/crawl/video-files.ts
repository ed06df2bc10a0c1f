/**
 * What downloading a crawled video shares between direct files (video-download.ts) and HLS
 * (hls.ts): the caps, the result, its errors, the temp file and the sniffing of what a body is.
 */
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SniffedVideo } from '../video';
import type { Fetcher, FetchResponse } from './fetcher';
import { crawlTempPrefix } from './crawl-temp';
import type { Hop, HopCheck } from './follow-redirects';

/** What a download needs from the crawl (CrawlEnv has it; so does the re-check). */
export interface VideoSource {
  fetcher: Fetcher;
  check: HopCheck;
  maxRedirects: number;
  /** Waits for the host's next request slot before each HLS segment (the crawl's politeness). */
  pace?: ((url: URL) => Promise<void>) | undefined;
}

/** Per-site caps on one video. */
export interface VideoCaps {
  /** Bytes read at most (a larger video is sampled: its head is fingerprinted). */
  maxBytes: number;
  /** Seconds fingerprinted at most (HLS: segments fetched until their durations reach it). */
  maxDurationS: number;
}

/** Why a video could not be downloaded (each code goes to the crawl log). */
export type VideoDownloadCode =
  'not-a-video' | 'empty' | 'hls-empty' | 'hls-encrypted' | 'hls-too-large' | 'hls-no-segments';

export class VideoDownloadError extends Error {
  constructor(
    readonly code: VideoDownloadCode,
    message: string,
  ) {
    super(message);
    this.name = 'VideoDownloadError';
  }
}

/** A downloaded video in its temp file. */
export interface DownloadedVideo {
  /** The temp file (0600). */
  path: string;
  container: SniffedVideo | 'mpegts';
  /** Bytes in the file. */
  bytes: number;
  /** The video's whole size when the server said (Content-Range or Content-Length). */
  totalBytes: number | null;
  /** Whether the server answered the range request with 206. */
  rangeSupported: boolean;
  /** Stopped before the end (size or duration cap, or the site's timeout): a sample. */
  capped: boolean;
  /** Why reading stopped early, for the log and the evidence. */
  stoppedBy: 'size' | 'duration' | 'timeout' | null;
  /** The response that carried the video (for HLS, the playlist's). */
  response: FetchResponse;
  /** Redirect hops to it, each with its peer address. */
  chain: Hop[];
  /**
   * SHA-256 of the bytes fetched, when the file is not them (HLS: the segments as concatenated,
   * before the remux, whose container carries random ids). Otherwise the file's own hash.
   */
  sha256?: string;
  /** HLS only: segments listed, fetched, and those that failed with their code. */
  hls?: { listed: number; fetched: number; failed: { url: string; code: string }[] };
  /** Deletes the temp file and its folder. */
  cleanup(): void;
}

/** Bytes sniffed before deciding what a body is (MPEG-TS needs three 188-byte packets). */
export const HEAD_BYTES = 512;
/** Largest HLS playlist read. */
export const MAX_PLAYLIST_BYTES = 1024 * 1024;

/**
 * A 0700 temp folder with one 0600 file; cleanup removes both. The folder's name carries this
 * process's pid, so that the next start sweeps it should the process be killed (crawl-temp.ts).
 */
export function tempVideoFile(name = 'video'): { dir: string; path: string; fd: number } {
  const dir = mkdtempSync(join(tmpdir(), crawlTempPrefix()));
  const path = join(dir, name);
  return { dir, path, fd: openSync(path, 'wx', 0o600) };
}

/** Whether a body starts as an HLS playlist. */
export function looksLikePlaylist(head: Uint8Array): boolean {
  const b = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  return Buffer.from(b.subarray(0, 32)).toString('latin1').trimStart().startsWith('#EXTM3U');
}

/** Whether bytes are MPEG-TS: the sync byte every 188 bytes (HLS segments). */
export function looksLikeMpegTs(b: Uint8Array): boolean {
  if (b.length < 188 * 2 + 1) return b.length >= 1 && b[0] === 0x47 && b.length % 188 === 0;
  return b[0] === 0x47 && b[188] === 0x47 && b[376] === 0x47;
}

/** `bytes 0-99/1234` → 1234 (null when absent or `*`). */
export function rangeTotal(contentRange: string | undefined): number | null {
  const m = /^bytes\s+\d+-\d+\/(\d+)\s*$/i.exec(contentRange ?? '');
  return m ? Number(m[1]) : null;
}
