/**
 * Downloading a crawled video: only through the crawler's guarded fetcher (FFmpeg is never given
 * a URL, which would bypass the address guards), one re-checked redirect hop at a time, into a
 * temp file (mode 0600 in a 0700 folder, deleted after). The request asks for the first `maxBytes`
 * with a Range header, so a server that allows ranges sends no more than the cap; one that does
 * not is cut off at the cap. The first bytes are sniffed before anything is kept: an HTML page or
 * other non-video stops the transfer at once, and an HLS playlist is handed to hls.ts. A video
 * over the size cap (or cut off by the site's timeout) is kept as far as it was read and marked
 * `capped`: its fingerprint is a sample, and the match says so (decision 0046).
 */
import { closeSync, rmSync, writeSync } from 'node:fs';
import { sniffVideo, type SniffedVideo } from '../video';
import type { FetchResponse, StreamedResponse } from './fetcher';
import { fetchFollowing, type Hop } from './follow-redirects';
import { downloadHls } from './hls';
import { looksLikeHtml } from '../core/sniff';
import {
  HEAD_BYTES,
  looksLikeMpegTs,
  looksLikePlaylist,
  MAX_PLAYLIST_BYTES,
  rangeTotal,
  tempVideoFile,
  VideoDownloadError,
  type DownloadedVideo,
  type VideoCaps,
  type VideoSource,
} from './video-files';

/**
 * Downloads a video URL found on a page into a temp file, under `caps`. Plays no part in deciding
 * what it matches. Rejects with VideoDownloadError (not a video, empty, HLS problems), FetchError
 * (address, timeouts, network) or RefusedError (scope, robots, redirects), and resolves with a
 * non-2xx `response` and no file when the server refused (the caller maps the status).
 */
export async function downloadVideo(
  src: VideoSource,
  url: URL,
  caps: VideoCaps,
): Promise<DownloadedVideo | { failed: FetchResponse; chain: Hop[] }> {
  const tmp = tempVideoFile();
  const cleanup = () => rmSync(tmp.dir, { recursive: true, force: true });
  let fdOpen = true;
  const closeFd = () => {
    if (fdOpen) closeSync(tmp.fd);
    fdOpen = false;
  };
  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    let kind: 'video' | 'playlist' | 'other' | null = null;
    let container: SniffedVideo | 'mpegts' | null = null;
    let written = 0;
    let playlistTooLarge = false;
    const playlist: Buffer[] = [];
    let playlistBytes = 0;
    const decide = (b: Buffer) => {
      if (looksLikePlaylist(b)) return 'playlist';
      container = sniffVideo(b) ?? (looksLikeMpegTs(b) ? 'mpegts' : null);
      return container ? 'video' : 'other';
    };
    const put = (chunk: Buffer): boolean => {
      if (kind === 'playlist') {
        playlist.push(chunk);
        playlistBytes += chunk.length;
        if (playlistBytes > MAX_PLAYLIST_BYTES) playlistTooLarge = true;
        return !playlistTooLarge;
      }
      const room = caps.maxBytes - written;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      writeSync(tmp.fd, part, 0, part.length, written);
      written += part.length;
      return written < caps.maxBytes;
    };
    const sink = {
      write(chunk: Buffer): boolean {
        if (kind === null) {
          head.push(chunk);
          headBytes += chunk.length;
          if (headBytes < HEAD_BYTES) return true;
          const all = Buffer.concat(head);
          head.length = 0;
          head.push(all.subarray(0, HEAD_BYTES)); // kept for the error message
          kind = decide(all);
          if (kind === 'other') return false;
          return put(all);
        }
        return put(chunk);
      },
    };
    let streamed: StreamedResponse | undefined;
    const followed = await fetchFollowing(src.fetcher, url, {
      check: src.check,
      maxRedirects: src.maxRedirects,
      // Identity: a range of a compressed body means nothing, and video does not compress.
      headers: () => ({ range: `bytes=0-${caps.maxBytes - 1}`, 'accept-encoding': 'identity' }),
      send: async (u, h) => (streamed = await src.fetcher.fetchToSink(u, sink, h)),
    });
    const response = followed.response;
    if (response.status < 200 || response.status >= 300) {
      closeFd();
      cleanup();
      return { failed: response, chain: followed.chain };
    }
    if (kind === null && headBytes > 0) {
      // The whole body was shorter than the sniffing window.
      const all = Buffer.concat(head);
      head.length = 0;
      head.push(all);
      kind = decide(all);
      if (kind !== 'other') put(all);
    }
    const type = response.headers['content-type'] ?? 'none';
    if (kind === null) throw new VideoDownloadError('empty', `empty body served as ${type}`);
    if (kind === 'other') {
      const first = Buffer.concat(head);
      const what = looksLikeHtml(first) ? 'HTML' : 'unknown bytes';
      throw new VideoDownloadError('not-a-video', `${what} served as ${type}`);
    }
    closeFd();
    const total =
      response.status === 206
        ? rangeTotal(response.headers['content-range'])
        : Number(response.headers['content-length']) || null;
    if (kind === 'playlist') {
      if (playlistTooLarge) {
        throw new VideoDownloadError('hls-too-large', `playlist over ${MAX_PLAYLIST_BYTES} bytes`);
      }
      cleanup();
      return await downloadHls(src, {
        playlistUrl: new URL(response.url),
        text: Buffer.concat(playlist).toString('utf8'),
        response,
        chain: followed.chain,
        caps,
      });
    }
    const stopped = streamed?.stopped ?? null;
    const capped =
      stopped !== null || (total !== null ? total > written : written >= caps.maxBytes);
    return {
      path: tmp.path,
      container: container!,
      bytes: written,
      totalBytes: total,
      rangeSupported: response.status === 206,
      capped,
      stoppedBy: stopped === 'timeout' ? 'timeout' : capped ? 'size' : null,
      response,
      chain: followed.chain,
      cleanup,
    };
  } catch (e) {
    closeFd();
    cleanup();
    throw e;
  }
}
