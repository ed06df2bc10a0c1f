/**
 * Benign test videos, made at test or bench time with FFmpeg (Debian's `ffmpeg` on PATH) from
 * photographs: slow pans and zooms over each photograph, cross-fades or hard cuts between them, a
 * fade in from black and out to black. Nothing here is committed as a binary: each video is made
 * once per machine and cached under a hash of everything that determines it (the photographs'
 * bytes, the shot list, the encoder settings, FFmpeg's version and this file's VERSION), in
 * `$JIUM_TEST_VIDEO_DIR` or `<tmpdir>/jium-test-videos` unless a test gives its own directory.
 * Files are written under a temporary name and renamed, so tests running at the same time may ask
 * for the same video.
 *
 * Deterministic: fixed frame rate, fixed x264/VP9 settings with a fixed thread count and bitexact
 * flags, so the same inputs give the same pixels on every machine with the same FFmpeg.
 *
 * Besides the originals it makes the few copies a test or a fixture page needs — a re-encode, a
 * clip, a screen recording inside a browser-like frame, an HLS playlist, FFmpeg's own synthetic
 * sources for unrelated footage. The held-out bench's transforms are separate code
 * (bench/video-heldout-transforms.ts) so that the evaluation never shares a generator with the
 * tests the engine is developed against.
 *
 *   const ref = await photoSlideshow([{ image: jpegA, seconds: 6 }, { image: jpegB, seconds: 6 }]);
 *   const copy = await reencodeVideo(ref, { codec: 'vp9', crf: 40 });
 *   const piece = await clipVideo(ref, { startS: 3, durationS: 5 });
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** Bump when what a given spec produces changes, so cached files are made again. */
const VERSION = 2;

/** How the camera moves over one photograph. */
export type Motion = 'pan-right' | 'pan-left' | 'pan-down' | 'pan-up' | 'zoom-in' | 'still';

/** One photograph on screen for a while. */
export interface VideoShot {
  /** A file path, or encoded image bytes (JPEG, PNG, WebP, SVG: anything sharp reads). */
  image: string | Buffer;
  seconds: number;
  /** Default: pan-right. */
  motion?: Motion;
}

export interface SlideshowOptions {
  /** Frame size; default 640 × 360. Both even. */
  width?: number;
  height?: number;
  /** Default 30. */
  fps?: number;
  /** Between shots: a cross-fade (default) or a hard cut. */
  transition?: 'fade' | 'cut';
  /** Length of each cross-fade and of the fade in / out; default 0.5 s (0: none). */
  fadeS?: number;
  /** mp4 (H.264, default) or webm (VP9). */
  format?: 'mp4' | 'webm';
  /** Where the cache lives; default `$JIUM_TEST_VIDEO_DIR` or `<tmpdir>/jium-test-videos`. */
  cacheDir?: string;
}

/** Where cached videos go when a call names no directory. */
export function defaultVideoCacheDir(): string {
  return process.env['JIUM_TEST_VIDEO_DIR'] ?? join(tmpdir(), 'jium-test-videos');
}

let ffmpegVersionLine: string | null | undefined;

/** FFmpeg's version line, or null when there is no `ffmpeg` on PATH. */
export function ffmpegVersion(): string | null {
  if (ffmpegVersionLine === undefined) {
    try {
      ffmpegVersionLine = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split(
        '\n',
      )[0]!;
    } catch {
      ffmpegVersionLine = null;
    }
  }
  return ffmpegVersionLine;
}

/** Whether videos can be made here (use with `it.skipIf(!hasFfmpeg())` only where CI has it). */
export function hasFfmpeg(): boolean {
  return ffmpegVersion() !== null;
}

function sha(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 24);
}

/** Runs FFmpeg quietly; rejects with its last lines of stderr. */
export function runFfmpeg(args: string[], timeoutMs = 300_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffmpeg',
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, _out, stderr) => {
        if (err) reject(new Error(`ffmpeg failed: ${String(stderr).trim().slice(-800) || err}`));
        else resolve();
      },
    );
  });
}

/**
 * The cached product of one FFmpeg run. `key` names everything that determines the output
 * besides the input files (whose bytes are hashed here); `make(out)` writes the file at `out`.
 */
export async function cachedFfmpegOutput(
  inputs: string[],
  key: unknown,
  ext: string,
  make: (out: string) => Promise<void>,
  cacheDir = defaultVideoCacheDir(),
): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const digest = sha(
    JSON.stringify({ key, VERSION, ffmpeg: ffmpegVersion() }),
    ...inputs.map((f) => sha(readFileSync(f))),
  );
  const file = join(cacheDir, `${digest}.${ext}`);
  if (existsSync(file)) return file;
  const partial = join(cacheDir, `.${digest}.${process.pid}.${Date.now()}.part.${ext}`);
  await make(partial);
  renameSync(partial, file);
  return file;
}

/** Encoder settings every video here is written with (fixed threads: same bytes everywhere). */
export function encoderArgs(format: 'mp4' | 'webm', crf?: number): string[] {
  const common = ['-pix_fmt', 'yuv420p', '-threads', '2', '-fflags', '+bitexact'];
  if (format === 'webm')
    return [
      ...common,
      '-c:v',
      'libvpx-vp9',
      '-crf',
      String(crf ?? 34),
      '-b:v',
      '0',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-row-mt',
      '0',
      '-f',
      'webm',
    ];
  return [
    ...common,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    String(crf ?? 20),
    '-flags:v',
    '+bitexact',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
  ];
}

/**
 * Writes image bytes as a PNG in the cache (FFmpeg reads files), keyed by their hash and size:
 * scaled to cover `cover` (cropped centred) when given, so that FFmpeg only crops per frame.
 */
async function imageFile(
  image: string | Buffer,
  cacheDir: string,
  cover?: { w: number; h: number },
): Promise<string> {
  const bytes = typeof image === 'string' ? readFileSync(image) : image;
  mkdirSync(cacheDir, { recursive: true });
  const size = cover ? `-${cover.w}x${cover.h}` : '';
  const file = join(cacheDir, `img-${sha(bytes)}${size}.png`);
  if (!existsSync(file)) {
    const png = await sharp(bytes, { limitInputPixels: 2 ** 28 })
      .rotate()
      .resize(
        cover
          ? { width: cover.w, height: cover.h, fit: 'cover' }
          : { width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true },
      )
      .flatten({ background: '#000000' })
      .png()
      .toBuffer();
    const partial = `${file}.${process.pid}.part`;
    writeFileSync(partial, png);
    renameSync(partial, file);
  }
  return file;
}

/**
 * The filter that turns a looped still (input `i`) into `seconds` of footage at w × h moving as
 * `motion` says: the photo is scaled to cover a frame 25% larger than the output, then a
 * window of the output's size travels across it (pans) or shrinks towards its centre (zoom).
 */
function shotFilter(i: number, shot: VideoShot, w: number, h: number, fps: number): string {
  const cw = Math.round(w * 1.25);
  const ch = Math.round(h * 1.25);
  const d = shot.seconds.toFixed(3);
  const cover = `scale=${cw}:${ch}:force_original_aspect_ratio=increase,crop=${cw}:${ch},setsar=1`;
  const f = `(t/${d})`;
  let move: string;
  switch (shot.motion ?? 'pan-right') {
    case 'pan-right':
      move = `crop=${w}:${h}:x='(iw-ow)*${f}':y='(ih-oh)/2'`;
      break;
    case 'pan-left':
      move = `crop=${w}:${h}:x='(iw-ow)*(1-${f})':y='(ih-oh)/2'`;
      break;
    case 'pan-down':
      move = `crop=${w}:${h}:x='(iw-ow)/2':y='(ih-oh)*${f}'`;
      break;
    case 'pan-up':
      move = `crop=${w}:${h}:x='(iw-ow)/2':y='(ih-oh)*(1-${f})'`;
      break;
    case 'zoom-in':
      // The cover frame grows by up to 25% over the shot; the output's window stays centred.
      move = `scale=w='trunc(${w}*(1+0.25*${f})/2)*2':h='trunc(${h}*(1+0.25*${f})/2)*2':eval=frame,crop=${w}:${h}`;
      break;
    case 'still':
      move = `crop=${w}:${h}`;
      break;
  }
  return `[${i}:v]fps=${fps},${cover},${move},setsar=1,format=yuv420p,trim=duration=${d},setpts=PTS-STARTPTS[s${i}]`;
}

/**
 * A video of photographs: each shot pans or zooms over its photograph; shots are joined by
 * cross-fades or cuts; the whole fades in from and out to black. Returns the cached file's path.
 */
export async function photoSlideshow(
  shots: VideoShot[],
  options: SlideshowOptions = {},
): Promise<string> {
  if (shots.length === 0) throw new Error('photoSlideshow: no shots');
  const w = options.width ?? 640;
  const h = options.height ?? 360;
  const fps = options.fps ?? 30;
  const fade = options.fadeS ?? 0.5;
  const transition = options.transition ?? 'fade';
  const format = options.format ?? 'mp4';
  const cacheDir = options.cacheDir ?? defaultVideoCacheDir();
  const cover = { w: Math.round(w * 1.25), h: Math.round(h * 1.25) };
  const images = await Promise.all(shots.map((s) => imageFile(s.image, cacheDir, cover)));
  const spec = {
    kind: 'slideshow',
    shots: shots.map((s) => ({ seconds: s.seconds, motion: s.motion ?? 'pan-right' })),
    w,
    h,
    fps,
    fade,
    transition,
    format,
  };
  return cachedFfmpegOutput(
    images,
    spec,
    format,
    async (out) => {
      const inputs = images.flatMap((file, i) => [
        '-loop',
        '1',
        '-framerate',
        String(fps),
        '-t',
        String(shots[i]!.seconds + 1),
        '-i',
        file,
      ]);
      const parts = shots.map((s, i) => shotFilter(i, s, w, h, fps));
      let last = 's0';
      let length = shots[0]!.seconds;
      for (let i = 1; i < shots.length; i++) {
        const next = `j${i}`;
        if (transition === 'fade' && fade > 0) {
          parts.push(
            `[${last}][s${i}]xfade=transition=fade:duration=${fade}:offset=${(length - fade).toFixed(3)}[${next}]`,
          );
          length += shots[i]!.seconds - fade;
        } else {
          parts.push(`[${last}][s${i}]concat=n=2:v=1:a=0[${next}]`);
          length += shots[i]!.seconds;
        }
        last = next;
      }
      const ends =
        fade > 0
          ? `fade=t=in:st=0:d=${fade},fade=t=out:st=${(length - fade).toFixed(3)}:d=${fade},`
          : '';
      parts.push(`[${last}]${ends}format=yuv420p[out]`);
      await runFfmpeg([
        ...inputs,
        '-filter_complex',
        parts.join(';'),
        '-map',
        '[out]',
        '-r',
        String(fps),
        ...encoderArgs(format),
        out,
      ]);
    },
    cacheDir,
  );
}

/** Another encoding of a video: H.264 or VP9 at a CRF, optionally resized to a height. */
export async function reencodeVideo(
  input: string,
  options: { codec: 'h264' | 'vp9'; crf?: number; height?: number; cacheDir?: string },
): Promise<string> {
  const format = options.codec === 'vp9' ? 'webm' : 'mp4';
  const crf = options.crf ?? (options.codec === 'vp9' ? 40 : 32);
  return cachedFfmpegOutput(
    [input],
    { kind: 'reencode', codec: options.codec, crf, height: options.height ?? null },
    format,
    (out) =>
      runFfmpeg([
        '-i',
        input,
        ...(options.height ? ['-vf', `scale=-2:${options.height}`] : []),
        '-an',
        ...encoderArgs(format, crf),
        out,
      ]),
    options.cacheDir,
  );
}

/** A piece of a video, `durationS` long from `startS`, re-encoded (frame-exact, not a stream copy). */
export async function clipVideo(
  input: string,
  options: { startS: number; durationS: number; cacheDir?: string },
): Promise<string> {
  return cachedFfmpegOutput(
    [input],
    { kind: 'clip', startS: options.startS, durationS: options.durationS },
    'mp4',
    (out) =>
      runFfmpeg([
        '-ss',
        String(options.startS),
        '-i',
        input,
        '-t',
        String(options.durationS),
        '-an',
        ...encoderArgs('mp4', 23),
        out,
      ]),
    options.cacheDir,
  );
}

/** The browser-like frame a screen recording is drawn in: title bar, address bar, sidebar, text. */
function browserFrameSvg(
  w: number,
  h: number,
  box: { x: number; y: number; w: number; h: number },
) {
  const lines = Array.from(
    { length: 6 },
    (_, i) =>
      `<rect x="${box.x}" y="${box.y + box.h + 58 + i * 22}" width="${Math.round(box.w * (0.9 - (i % 3) * 0.2))}" height="10" rx="5" fill="#cbd5e1"/>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<rect width="100%" height="100%" fill="#f8fafc"/>
<rect width="100%" height="36" fill="#e2e8f0"/>
<circle cx="18" cy="18" r="6" fill="#ef4444"/><circle cx="38" cy="18" r="6" fill="#f59e0b"/><circle cx="58" cy="18" r="6" fill="#22c55e"/>
<rect x="90" y="8" width="${w - 180}" height="20" rx="10" fill="#ffffff"/>
<rect x="0" y="36" width="${Math.round(w * 0.18)}" height="${h - 36}" fill="#1e293b"/>
${Array.from({ length: 8 }, (_, i) => `<rect x="16" y="${70 + i * 34}" width="${Math.round(w * 0.18) - 32}" height="12" rx="6" fill="#475569"/>`).join('')}
<rect x="${box.x - 2}" y="${box.y - 2}" width="${box.w + 4}" height="${box.h + 4}" fill="#000000"/>
<rect x="${box.x}" y="${box.y + box.h + 4}" width="${box.w}" height="28" fill="#0f172a"/>
<polygon points="${box.x + 12},${box.y + box.h + 10} ${box.x + 12},${box.y + box.h + 26} ${box.x + 26},${box.y + box.h + 18}" fill="#f8fafc"/>
<rect x="${box.x + 40}" y="${box.y + box.h + 16}" width="${box.w - 60}" height="4" fill="#64748b"/>
${lines}</svg>`;
}

/**
 * A screen recording: the video plays inside a browser-like page (window chrome, sidebar, player
 * controls, text), covering about half of a 16:9 capture (1280 × 720 unless `width` says
 * otherwise), encoded as a screen recorder would (H.264 at 30 fps).
 */
export async function screenRecording(
  input: string,
  options: { width?: number; cacheDir?: string } = {},
): Promise<string> {
  const even = (x: number) => 2 * Math.round(x / 2);
  const k = (options.width ?? 1280) / 1280;
  const W = even(1280 * k);
  const H = even(720 * k);
  const box = { x: even(300 * k), y: even(80 * k), w: even(800 * k), h: even(450 * k) };
  const cacheDir = options.cacheDir ?? defaultVideoCacheDir();
  const frame = await imageFile(
    await sharp(Buffer.from(browserFrameSvg(W, H, box)))
      .png()
      .toBuffer(),
    cacheDir,
  );
  return cachedFfmpegOutput(
    [input, frame],
    { kind: 'screen-recording', W, H, box },
    'mp4',
    (out) =>
      runFfmpeg([
        '-loop',
        '1',
        '-framerate',
        '30',
        '-i',
        frame,
        '-i',
        input,
        '-filter_complex',
        `[1:v]scale=${box.w}:${box.h}:force_original_aspect_ratio=decrease,pad=${box.w}:${box.h}:(ow-iw)/2:(oh-ih)/2,setsar=1[v];[0:v][v]overlay=${box.x}:${box.y}:shortest=1,fps=30,format=yuv420p[out]`,
        '-map',
        '[out]',
        ...encoderArgs('mp4', 23),
        out,
      ]),
    cacheDir,
  );
}

/**
 * An HLS rendition of a video: a VOD playlist and MPEG-TS segments of about `segmentS` seconds,
 * written into a directory of their own in the cache. Returns the playlist and segment paths
 * (segment names as the playlist refers to them, relative to the playlist).
 */
export async function hlsPlaylist(
  input: string,
  options: { segmentS?: number; cacheDir?: string } = {},
): Promise<{ dir: string; playlist: string; segments: string[] }> {
  const segmentS = options.segmentS ?? 4;
  const cacheDir = options.cacheDir ?? defaultVideoCacheDir();
  const marker = await cachedFfmpegOutput(
    [input],
    { kind: 'hls', segmentS },
    'hls',
    async (out) => {
      // The marker file names the finished directory; the segments live beside it.
      const dir = `${out}.d`;
      mkdirSync(dir, { recursive: true });
      await runFfmpeg([
        '-i',
        input,
        '-an',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-threads',
        '2',
        '-pix_fmt',
        'yuv420p',
        '-force_key_frames',
        `expr:gte(t,n_forced*${segmentS})`,
        '-f',
        'hls',
        '-hls_time',
        String(segmentS),
        '-hls_playlist_type',
        'vod',
        '-hls_segment_filename',
        join(dir, 'segment-%03d.ts'),
        join(dir, 'index.m3u8'),
      ]);
      writeFileSync(out, dir.slice(cacheDir.length + 1));
    },
    cacheDir,
  );
  const dir = join(cacheDir, readFileSync(marker, 'utf8'));
  const segments = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  return { dir, playlist: join(dir, 'index.m3u8'), segments };
}

/** FFmpeg's own synthetic footage, for unrelated videos: nothing photographic in it. */
export type SyntheticSource = 'testsrc2' | 'mandelbrot' | 'life' | 'cellauto' | 'gradients';

/** `seconds` of one of FFmpeg's lavfi sources at w × h, varied by `seed`. */
export async function syntheticVideo(
  source: SyntheticSource,
  options: { seconds: number; seed?: number; width?: number; height?: number; cacheDir?: string },
): Promise<string> {
  const w = options.width ?? 640;
  const h = options.height ?? 360;
  const seed = options.seed ?? 1;
  const size = `${w}x${h}`;
  const src = {
    testsrc2: `testsrc2=size=${size}:rate=30`,
    mandelbrot: `mandelbrot=size=${size}:rate=30:start_scale=${(2 + (seed % 5)).toFixed(1)}`,
    life: `life=size=${size}:rate=30:seed=${seed}:mold=10:life_color=#c0a060:death_color=#203040`,
    cellauto: `cellauto=size=${size}:rate=30:seed=${seed}:rule=${[18, 30, 90, 110][seed % 4]}`,
    gradients: `gradients=size=${size}:rate=30:seed=${seed}:speed=0.02`,
  }[source];
  return cachedFfmpegOutput(
    [],
    { kind: 'synthetic', src, seconds: options.seconds },
    'mp4',
    (out) =>
      runFfmpeg([
        '-f',
        'lavfi',
        '-i',
        src,
        '-t',
        String(options.seconds),
        '-vf',
        'format=yuv420p',
        ...encoderArgs('mp4', 23),
        out,
      ]),
    options.cacheDir,
  );
}

/** Duration (s), width and height of a video, from ffprobe. */
export function probeVideo(file: string): { durationS: number; width: number; height: number } {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height:format=duration',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  const j = JSON.parse(out) as {
    streams: { width: number; height: number }[];
    format: { duration: string };
  };
  return {
    durationS: Number(j.format.duration),
    width: j.streams[0]!.width,
    height: j.streams[0]!.height,
  };
}
