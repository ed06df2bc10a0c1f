/**
 * The fixture site's videos (issue 15 item 9), made at test time by src/test-support/videos.ts
 * from the demo case's benign pictures (images.ts): a reference video of the three demo
 * references (slow pans, cross-fades), planted copies of it — re-encoded, a clip, a screen
 * recording, an HLS rendition — on their own pages among unrelated videos, embedded every way a
 * crawler must handle: `<video src>`, `<video><source>`, `og:video`, a direct link, an `.m3u8`
 * playlist with MPEG-TS segments. Served with byte ranges like a real video host. One more page
 * holds a cropped re-upload (CROPPED_VIDEO), which only the crop stage's local features find.
 *
 * Off unless `startFixtureSite({ videos: true })`: the pages are linked from the home page only
 * then, so the image crawls and their counts stay as they were. The first start makes the videos
 * with FFmpeg (about a minute of CPU); later starts find them in the cache.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import {
  cachedFfmpegOutput,
  clipVideo,
  encoderArgs,
  hlsPlaylist,
  photoSlideshow,
  reencodeVideo,
  runFfmpeg,
  screenRecording,
  syntheticVideo,
} from '../../src/test-support/videos';
import { demoReference, pictureJpeg } from './images';

/** How a planted copy was made from the reference video. */
export type VideoCopyKind = 'reencoded' | 'reencoded-vp9' | 'clip' | 'screen-recording' | 'crop';

/** A planted copy of the demo reference video: where it is and which seconds of it it holds. */
export interface PlantedVideo {
  id: number;
  kind: VideoCopyKind;
  page: string;
  how: 'video src' | 'video source' | 'og:video' | 'direct link' | 'hls playlist';
  /** The URL the page names (the playlist for HLS). */
  url: string;
  /** Seconds of the reference video it holds. */
  refStartS: number;
  refEndS: number;
}

/** Each demo picture's shot in the reference video, and the cross-fade between shots. */
const SHOT_S = 4;
const FADE_S = 0.5;
/** The reference video's length: three shots joined by two cross-fades. */
export const REFERENCE_VIDEO_S = 3 * SHOT_S - 2 * FADE_S;
const CLIP = { startS: 4, durationS: 5 };

export const PLANTED_VIDEOS: readonly PlantedVideo[] = [
  {
    id: 0,
    kind: 'reencoded',
    page: '/videos/1',
    how: 'video src',
    url: '/media/v/0.mp4',
    refStartS: 0,
    refEndS: REFERENCE_VIDEO_S,
  },
  {
    id: 1,
    kind: 'clip',
    page: '/videos/2',
    how: 'video source',
    url: '/media/v/1.mp4',
    refStartS: CLIP.startS,
    refEndS: CLIP.startS + CLIP.durationS,
  },
  {
    id: 2,
    kind: 'screen-recording',
    page: '/videos/3',
    how: 'og:video',
    url: '/media/v/2.mp4',
    refStartS: 0,
    refEndS: REFERENCE_VIDEO_S,
  },
  {
    id: 3,
    kind: 'reencoded-vp9',
    page: '/videos/4',
    how: 'direct link',
    url: '/media/v/3.webm',
    refStartS: 0,
    refEndS: REFERENCE_VIDEO_S,
  },
  {
    id: 4,
    kind: 'reencoded',
    page: '/videos/5',
    how: 'hls playlist',
    url: '/media/hls/4/index.m3u8',
    refStartS: 0,
    refEndS: REFERENCE_VIDEO_S,
  },
];

/**
 * A cropped re-upload: about 60% of each side of the reference, off centre, brought back to
 * 640 × 360 and re-encoded. Its frame hashes match nothing; the crop stage (local features of a
 * few frames against the reference's keyframes, decisions 0104 and 0122) finds it, so it is kept
 * out of PLANTED_VIDEOS, the copies every path finds by their hashes (retro-matching and hash
 * lists too, which never see a crop).
 */
export const CROPPED_VIDEO: PlantedVideo = {
  id: 0,
  kind: 'crop',
  page: '/videos/6',
  how: 'video src',
  url: '/media/c/0.mp4',
  refStartS: 0,
  refEndS: REFERENCE_VIDEO_S,
};
const CROP = { side: 0.6, x: 0.3, y: 0.6 };

/** Unrelated videos: pans over unrelated generated pictures, and FFmpeg's synthetic footage. */
const UNRELATED_SEEDS = [[7001, 7002], [7003], [7004, 7005], [7006]];
export const UNRELATED_VIDEOS = UNRELATED_SEEDS.length + 1;
export const VIDEO_PAGES = PLANTED_VIDEOS.length;

/** The demo reference video (mp4, 640 × 360, 30 fps): the file a test registers as the case's. */
export async function demoReferenceVideo(cacheDir?: string): Promise<string> {
  const pictures = await Promise.all([0, 1, 2].map((i) => demoReference(i)));
  return photoSlideshow(
    pictures.map((image, i) => ({
      image,
      seconds: SHOT_S,
      motion: (['pan-right', 'zoom-in', 'pan-left'] as const)[i],
    })),
    { fadeS: FADE_S, cacheDir },
  );
}

/** Files behind the video URLs, made (or found in the cache) before the site listens. */
export interface FixtureVideoFiles {
  reference: string;
  planted: Map<number, string>;
  cropped: string;
  hls: { dir: string; segments: string[] };
  unrelated: string[];
}

export async function prepareFixtureVideos(cacheDir?: string): Promise<FixtureVideoFiles> {
  const reference = await demoReferenceVideo(cacheDir);
  const planted = new Map<number, string>();
  const reencoded = await reencodeVideo(reference, {
    codec: 'h264',
    crf: 32,
    height: 270,
    cacheDir,
  });
  planted.set(0, reencoded);
  planted.set(1, await clipVideo(reference, { ...CLIP, cacheDir }));
  planted.set(2, await screenRecording(reference, { cacheDir }));
  planted.set(3, await reencodeVideo(reference, { codec: 'vp9', crf: 42, cacheDir }));
  const cropped = await cachedFfmpegOutput(
    [reference],
    { kind: 'crop', ...CROP },
    'mp4',
    (out) =>
      runFfmpeg([
        '-i',
        reference,
        '-vf',
        `crop=iw*${CROP.side}:ih*${CROP.side}:(iw-ow)*${CROP.x}:(ih-oh)*${CROP.y},scale=640:360`,
        '-an',
        ...encoderArgs('mp4', 28),
        out,
      ]),
    cacheDir,
  );
  const hls = await hlsPlaylist(reencoded, { segmentS: 3, cacheDir });
  planted.set(4, hls.playlist);
  const unrelated: string[] = [];
  for (const seeds of UNRELATED_SEEDS) {
    const pics = await Promise.all(seeds.map((s) => pictureJpeg(s, 960, 720, 90)));
    unrelated.push(
      await photoSlideshow(
        pics.map((image) => ({ image, seconds: 5 })),
        { transition: 'cut', cacheDir },
      ),
    );
  }
  unrelated.push(await syntheticVideo('mandelbrot', { seconds: 6, seed: 2, cacheDir }));
  return { reference, planted, cropped, hls, unrelated };
}

const page = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${title}</h1>${body}<p><a href="/videos">videos</a> <a href="/">home</a></p></body></html>`;

/** The video pages' HTML, by path. */
export function videoPages(): Record<string, () => string> {
  const copies = [...PLANTED_VIDEOS, CROPPED_VIDEO];
  const out: Record<string, () => string> = {
    '/videos': () =>
      page(
        'Videos',
        `<ul>${copies.map((p, i) => `<li><a href="${p.page}">Clip ${i + 1}</a></li>`).join('')}</ul>`,
      ),
  };
  copies.forEach((p, i) => {
    const u = (k: number) => `/media/u/${(i + k) % UNRELATED_VIDEOS}.mp4`;
    const unrelated = `<video src="${u(0)}" controls preload="none" width="320"></video>`;
    const more = `<video controls preload="none" width="320"><source src="${u(1)}" type="video/mp4"></video>`;
    let body = '';
    let head = '';
    switch (p.how) {
      case 'video src':
        body = `${unrelated}<video src="${p.url}" controls preload="none" width="320"></video>${more}`;
        break;
      case 'video source':
        body = `${more}<video controls preload="none" width="320"><source src="${p.url}" type="video/mp4"></video>${unrelated}`;
        break;
      case 'og:video':
        head = `<meta property="og:video" content="${p.url}"><meta property="og:video:type" content="video/mp4">`;
        body = `<p>Shared video</p>${unrelated}`;
        break;
      case 'direct link':
        body = `${unrelated}<p><a href="${u(1)}">other.mp4</a> <a href="${p.url}">download.webm</a></p>`;
        break;
      case 'hls playlist':
        body = `<video controls preload="none" width="320"><source src="${p.url}" type="application/vnd.apple.mpegurl"></video>${more}`;
        break;
    }
    out[p.page] = () => page(`Video ${i + 1}`, body, head);
  });
  return out;
}

const TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
};

/** Sends a file, honouring a single `Range: bytes=a-b` as video hosts do (206 / 416). */
export function sendVideoFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const size = statSync(file).size;
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = {
    'content-type': type,
    'accept-ranges': 'bytes',
    etag: `"${path.basename(file)}-${size}"`,
  };
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
    });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': size });
  createReadStream(file).pipe(res);
}

/** Serves /media/… from the prepared files; false when the path is not a video URL. */
export function serveVideoMedia(
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
  files: FixtureVideoFiles,
): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^\/media\/v\/(\d+)\.(mp4|webm)$/.exec(urlPath))) {
    const p = PLANTED_VIDEOS[+m[1]!];
    const file = files.planted.get(+m[1]!);
    if (!p || !file || p.url !== urlPath) return false;
    sendVideoFile(req, res, file);
    return true;
  }
  if (urlPath === CROPPED_VIDEO.url) {
    sendVideoFile(req, res, files.cropped);
    return true;
  }
  if ((m = /^\/media\/u\/(\d+)\.mp4$/.exec(urlPath)) && files.unrelated[+m[1]!]) {
    sendVideoFile(req, res, files.unrelated[+m[1]!]!);
    return true;
  }
  if ((m = /^\/media\/hls\/4\/(index\.m3u8|segment-\d{3}\.ts)$/.exec(urlPath))) {
    const name = m[1]!;
    if (name !== 'index.m3u8' && !files.hls.segments.includes(name)) return false;
    sendVideoFile(req, res, path.join(files.hls.dir, name));
    return true;
  }
  return false;
}
