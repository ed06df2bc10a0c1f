/**
 * HLS (`.m3u8`): the playlist and every segment are fetched through the crawler's guarded fetcher,
 * each URI resolved against its playlist and passed through the crawl's hop check (configured
 * hosts, robots.txt) and, inside the fetcher, the address guard — a playlist that points at
 * 169.254.169.254 or 10.0.0.1 gets nothing from there. Segments are concatenated into one temp
 * file until their durations reach the site's duration cap or their bytes its size cap (a sample,
 * marked so). A master playlist is followed to its lowest-bandwidth video variant (PDQ hashes a
 * 64 x 64 reduction: more pixels buy nothing). A segment that fails (404, refused, HTML) is left
 * out and reported; the rest still make a video. MPEG-TS output is remuxed (stream copy, no
 * decoding) into Matroska by FFmpeg on the local file, so the video engine gets a container it
 * sniffs. Encrypted streams (EXT-X-KEY other than NONE) are not decrypted (decision 0046).
 */
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sniffVideo } from '../video';
import { runLimited } from '../video/child';
import { resolveFfmpeg } from '../video/ffmpeg-path';
import { FetchError, type FetchResponse } from './fetcher';
import { fetchFollowing, RefusedError, type Hop } from './follow-redirects';
import { looksLikeHtml } from '../core/sniff';
import { sha256File } from './video-hashes';
import {
  looksLikeMpegTs,
  looksLikePlaylist,
  tempVideoFile,
  VideoDownloadError,
  type DownloadedVideo,
  type VideoCaps,
  type VideoSource,
} from './video-files';

interface ByteRange {
  length: number;
  offset: number | null;
}

export interface HlsSegment {
  uri: string;
  durationS: number;
  byteRange: ByteRange | null;
}

export interface HlsVariant {
  uri: string;
  bandwidth: number;
  resolution: [number, number] | null;
  codecs: string;
}

/** A parsed playlist: a master's variants, or a media playlist's segments. */
export interface HlsPlaylist {
  variants: HlsVariant[];
  segments: HlsSegment[];
  /** EXT-X-MAP: the init section of fragmented-MP4 segments. */
  map: { uri: string; byteRange: ByteRange | null } | null;
  /** The METHOD of an EXT-X-KEY other than NONE, when segments are encrypted. */
  encryption: string | null;
}

/** Attributes of an HLS tag (`A=1,B="x,y"`). */
function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  }
  return out;
}

function byteRange(s: string | undefined): ByteRange | null {
  const m = /^(\d+)(?:@(\d+))?$/.exec((s ?? '').trim());
  return m ? { length: Number(m[1]), offset: m[2] !== undefined ? Number(m[2]) : null } : null;
}

/** Parses an M3U8 playlist (tolerant: unknown tags are skipped). */
export function parsePlaylist(text: string): HlsPlaylist {
  const out: HlsPlaylist = { variants: [], segments: [], map: null, encryption: null };
  let pendingVariant: Omit<HlsVariant, 'uri'> | null = null;
  let duration: number | null = null;
  let range: ByteRange | null = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const [tag, rest = ''] = splitTag(line);
      if (tag === '#EXT-X-STREAM-INF') {
        const a = attributes(rest);
        const res = /^(\d+)x(\d+)$/.exec(a['RESOLUTION'] ?? '');
        pendingVariant = {
          bandwidth: Number(a['BANDWIDTH']) || 0,
          resolution: res ? [Number(res[1]), Number(res[2])] : null,
          codecs: a['CODECS'] ?? '',
        };
      } else if (tag === '#EXTINF') {
        duration = Number.parseFloat(rest) || 0;
      } else if (tag === '#EXT-X-BYTERANGE') {
        range = byteRange(rest);
      } else if (tag === '#EXT-X-MAP') {
        const a = attributes(rest);
        if (a['URI']) out.map = { uri: a['URI'], byteRange: byteRange(a['BYTERANGE']) };
      } else if (tag === '#EXT-X-KEY') {
        const method = attributes(rest)['METHOD'] ?? 'NONE';
        out.encryption = method === 'NONE' ? null : method;
      }
      continue;
    }
    if (pendingVariant) {
      out.variants.push({ ...pendingVariant, uri: line });
      pendingVariant = null;
    } else {
      out.segments.push({ uri: line, durationS: duration ?? 0, byteRange: range });
      duration = null;
      range = null;
    }
  }
  return out;
}

function splitTag(line: string): [string, string?] {
  const i = line.indexOf(':');
  return i < 0 ? [line] : [line.slice(0, i), line.slice(i + 1)];
}

/** The variant to fingerprint: the lowest bandwidth among those with video (by resolution). */
export function pickVariant(variants: HlsVariant[]): HlsVariant | null {
  const video = variants.filter(
    (v) => v.resolution !== null || !/^(mp4a|ac-3|ec-3|opus)[^,]*$/i.test(v.codecs),
  );
  const pool = video.length ? video : variants;
  return [...pool].sort((a, b) => a.bandwidth - b.bandwidth)[0] ?? null;
}

/** Segments that failed before the download gives up on the rest. */
const MAX_FAILED_SEGMENTS = 5;

/** Downloads an HLS stream whose first playlist was fetched already. */
export async function downloadHls(
  src: VideoSource,
  first: {
    playlistUrl: URL;
    text: string;
    response: FetchResponse;
    chain: Hop[];
    caps: VideoCaps;
  },
): Promise<DownloadedVideo> {
  const { caps } = first;
  let base = first.playlistUrl;
  let list = parsePlaylist(first.text);
  for (let depth = 0; list.variants.length > 0; depth++) {
    const variant = pickVariant(list.variants);
    const next = variant && resolve(variant.uri, base);
    if (!next || depth >= 2) throw new VideoDownloadError('hls-no-segments', 'no usable variant');
    const { response } = await fetchFollowing(src.fetcher, next, {
      check: src.check,
      maxRedirects: src.maxRedirects,
    });
    if (response.status !== 200 || !looksLikePlaylist(response.body)) {
      throw new VideoDownloadError(
        'hls-no-segments',
        `variant playlist ${next.href} answered ${response.status}${response.status === 200 ? ' with no playlist' : ''}`,
      );
    }
    base = new URL(response.url);
    list = parsePlaylist(response.body.toString('utf8'));
  }
  if (list.encryption) {
    throw new VideoDownloadError('hls-encrypted', `segments encrypted (${list.encryption})`);
  }
  if (list.segments.length === 0) throw new VideoDownloadError('hls-empty', 'no segments listed');

  const tmp = tempVideoFile('hls');
  const cleanup = () => rmSync(tmp.dir, { recursive: true, force: true });
  let written = 0;
  let fetched = 0;
  let readS = 0;
  let stoppedBy: DownloadedVideo['stoppedBy'] = null;
  const failed: { url: string; code: string }[] = [];
  try {
    // One part (init section or segment) appended to the file; false when it failed.
    const append = async (uri: string, range: ByteRange | null): Promise<boolean> => {
      const url = resolve(uri, base);
      if (!url) {
        failed.push({ url: uri, code: 'bad-url' });
        return false;
      }
      await src.pace?.(url);
      const start = written;
      let head: Buffer | null = Buffer.alloc(0);
      let bad = false;
      const sink = {
        write(chunk: Buffer): boolean {
          if (head) {
            // The first bytes of each part: an HTML error page is not a segment.
            head = Buffer.concat([head, chunk]);
            if (head.length < 16) return true;
            if (looksLikeHtml(head) || looksLikePlaylist(head)) {
              bad = true;
              return false;
            }
            chunk = head;
            head = null;
          }
          const room = caps.maxBytes - written;
          const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
          writeSync(tmp.fd, part, 0, part.length, written);
          written += part.length;
          if (written >= caps.maxBytes) stoppedBy = 'size';
          return written < caps.maxBytes;
        },
      };
      try {
        const headers: Record<string, string> = { 'accept-encoding': 'identity' };
        if (range && range.offset !== null) {
          headers['range'] = `bytes=${range.offset}-${range.offset + range.length - 1}`;
        }
        let streamed: Awaited<ReturnType<typeof src.fetcher.fetchToSink>> | undefined;
        const { response } = await fetchFollowing(src.fetcher, url, {
          check: src.check,
          maxRedirects: src.maxRedirects,
          headers: () => headers,
          send: async (u, h) => (streamed = await src.fetcher.fetchToSink(u, sink, h)),
        });
        if (response.status < 200 || response.status >= 300) {
          failed.push({ url: url.href, code: `http-${response.status}` });
          return false;
        }
        if (head && head.length > 0 && !bad) sink.write(Buffer.alloc(0)); // a part under 16 bytes
        if (bad) {
          written = start;
          failed.push({ url: url.href, code: 'not-a-video' });
          return false;
        }
        if (streamed?.stopped === 'timeout') stoppedBy = 'timeout';
        return true;
      } catch (e) {
        written = start;
        const code = e instanceof RefusedError || e instanceof FetchError ? e.code : 'error';
        failed.push({ url: url.href, code });
        return false;
      }
    };

    if (list.map && !(await append(list.map.uri, list.map.byteRange))) {
      throw new VideoDownloadError('hls-no-segments', `init section failed (${failed[0]?.code})`);
    }
    for (const seg of list.segments) {
      if (stoppedBy) break;
      if (readS >= caps.maxDurationS) {
        stoppedBy = 'duration';
        break;
      }
      if (await append(seg.uri, seg.byteRange)) {
        fetched++;
        readS += seg.durationS;
      } else if (failed.length >= MAX_FAILED_SEGMENTS) break;
    }
    ftruncateSync(tmp.fd, written);
    closeSync(tmp.fd);
    if (fetched === 0) {
      throw new VideoDownloadError(
        'hls-no-segments',
        `none of ${list.segments.length} segments could be fetched (${failed
          .slice(0, 3)
          .map((f) => f.code)
          .join(', ')})`,
      );
    }
    const sha256 = await sha256File(tmp.path);
    const out = await asDecodable(tmp.path, tmp.dir);
    return {
      path: out.path,
      container: out.container,
      bytes: written,
      totalBytes: null,
      rangeSupported: false,
      // Segments left out or not fetched: what was fingerprinted is part of the video.
      capped: stoppedBy !== null || fetched < list.segments.length,
      stoppedBy,
      response: first.response,
      chain: first.chain,
      sha256,
      hls: { listed: list.segments.length, fetched, failed },
      cleanup,
    };
  } catch (e) {
    try {
      closeSync(tmp.fd);
    } catch {
      // closed already
    }
    cleanup();
    throw e;
  }
}

function resolve(uri: string, base: URL): URL | null {
  try {
    const u = new URL(uri, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * The concatenated segments as a file the video engine takes: fragmented MP4 as it is; MPEG-TS
 * remuxed into Matroska by stream copy (FFmpeg on the local file, file protocol only, no URL).
 */
async function asDecodable(
  path: string,
  dir: string,
): Promise<{ path: string; container: DownloadedVideo['container'] }> {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(512);
  const n = readSync(fd, head, 0, 512, 0);
  closeSync(fd);
  const sniffed = sniffVideo(head.subarray(0, n));
  if (sniffed) return { path, container: sniffed };
  if (!looksLikeMpegTs(head.subarray(0, n))) {
    throw new VideoDownloadError('not-a-video', 'HLS segments are neither MPEG-TS nor MP4');
  }
  const out = join(dir, 'hls.mkv');
  const { ffmpeg } = resolveFfmpeg();
  const child = runLimited(
    ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-f',
      'mpegts',
      '-i',
      `file:${path}`,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-f',
      'matroska',
      `file:${out}`,
    ],
    { wallClockMs: 60_000, maxMemoryBytes: 512 * 1024 ** 2 },
  );
  child.stdout.resume();
  const end = await child.done;
  if (end.code !== 0) {
    throw new VideoDownloadError(
      'not-a-video',
      `MPEG-TS remux failed: ${end.timedOut ? 'timeout' : end.stderr.trim().split('\n').pop()}`,
    );
  }
  rmSync(path, { force: true });
  return { path: out, container: 'mkv' };
}
