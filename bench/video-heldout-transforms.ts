/**
 * The copies a re-uploader makes of a video, for the held-out video corpus (issue 15). Written
 * apart from src/test-support/videos.ts and from the video engine's own test generator
 * (src/engine/video/test-videos.ts): other filter chains, other encoder settings, another page
 * around the screen recording, so the evaluation never shares transform code with what the engine
 * is developed against.
 *
 * Every transform is one FFmpeg run on local files, parameterised by a seeded generator (the
 * reference's index), so a corpus is the same on every build.
 */
import sharp from 'sharp';

import { cachedFfmpegOutput, runFfmpeg } from '../src/test-support/videos';

/** What a copy is made with. Compilations are listed apart: they take three references. */
export const VIDEO_TRANSFORMS = [
  'x264-crf32',
  'vp9',
  'resize-half',
  'clip',
  'screen-recording',
  'crop-80',
  'mirror',
  'letterbox',
  'speed-1.5',
  'speed-0.75',
  'watermark',
  'fps-24',
  'greyscale',
] as const;
export type VideoTransform = (typeof VIDEO_TRANSFORMS)[number] | 'compilation';

/** A small deterministic random generator (mulberry32), private to this corpus. */
export function rng(seed: number): () => number {
  let a = (seed * 2654435761) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a platform or a re-uploader's app writes: H.264 at CRF 23, 2 threads, no audio. */
export const H264 = [
  ...['-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23'],
  ...['-pix_fmt', 'yuv420p', '-threads', '2', '-fflags', '+bitexact', '-flags:v', '+bitexact'],
  ...['-f', 'mp4'],
];

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** A copy's file and a line saying exactly what was done (for the manifest). */
export interface MadeCopy {
  file: string;
  detail: string;
}

/** The page around a screen-recorded video: a dark video site with a player and a side list. */
async function videoSitePage(seed: number, thumbs: string[]) {
  const r = rng(seed);
  const W = 1366;
  const H = 768;
  const pw = Math.round(W * (0.55 + 0.1 * r()));
  const ph = Math.round((pw * 9) / 16);
  const player = { x: 24 + Math.round(r() * 40), y: 64 + Math.round(r() * 24), w: pw, h: ph };
  const side = player.x + pw + 24;
  const dark = r() < 0.5;
  const bg = dark ? '#0f0f0f' : '#ffffff';
  const fg = dark ? '#3f3f3f' : '#d4d4d4';
  const text = (x: number, y: number, w: number) =>
    `<rect x="${x}" y="${y}" width="${w}" height="11" rx="5" fill="${fg}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<rect width="100%" height="100%" fill="${bg}"/>
<rect width="100%" height="48" fill="${dark ? '#202020' : '#f2f2f2'}"/>
<rect x="20" y="14" width="90" height="20" rx="4" fill="#e11d48"/>
<rect x="${W / 2 - 260}" y="10" width="520" height="28" rx="14" fill="${dark ? '#121212' : '#ffffff'}" stroke="${fg}"/>
<circle cx="${W - 36}" cy="24" r="14" fill="#0ea5e9"/>
<rect x="${player.x}" y="${player.y}" width="${pw}" height="${ph}" fill="#000"/>
<rect x="${player.x}" y="${player.y + ph - 6}" width="${pw}" height="4" fill="#555"/>
<rect x="${player.x}" y="${player.y + ph - 6}" width="${Math.round(pw * r())}" height="4" fill="#e11d48"/>
${text(player.x, player.y + ph + 20, Math.round(pw * 0.7))}
<circle cx="${player.x + 18}" cy="${player.y + ph + 62}" r="18" fill="#a3a3a3"/>
${text(player.x + 46, player.y + ph + 52, 180)}${text(player.x + 46, player.y + ph + 70, 110)}
${Array.from({ length: 7 }, (_, i) => text(side + 176, 70 + i * 98, W - side - 200) + text(side + 176, 92 + i * 98, 120)).join('')}
</svg>`;
  const tiles = await Promise.all(
    thumbs.slice(0, 7).map(async (t, i) => ({
      input: await sharp(t).resize(160, 90, { fit: 'cover' }).toBuffer(),
      left: side,
      top: 64 + i * 98,
    })),
  );
  const png = await sharp(Buffer.from(svg)).composite(tiles).png().toBuffer();
  return { png, player };
}

/**
 * Makes one copy of `input` (a reference video of `durationS` seconds at 640 × 360, 30 fps).
 * `thumbs` are unrelated pictures of the same half for the screen recording's side list.
 */
export async function makeCopy(
  input: string,
  durationS: number,
  transform: (typeof VIDEO_TRANSFORMS)[number],
  seed: number,
  cacheDir: string,
  thumbs: string[],
): Promise<MadeCopy> {
  const r = rng(seed * 31 + VIDEO_TRANSFORMS.indexOf(transform));
  let detail = '';
  let inputs = [input];
  let build: (out: string) => string[];
  let ext = 'mp4';
  const vf = (filter: string) => (out: string) => ['-i', input, '-vf', filter, ...H264, out];
  switch (transform) {
    case 'x264-crf32':
      detail = 'H.264 CRF 32, preset medium';
      build = (out) => [
        ...['-i', input, '-an', '-c:v', 'libx264', '-preset', 'medium', '-crf', '32'],
        ...['-pix_fmt', 'yuv420p', '-threads', '2', '-fflags', '+bitexact', '-f', 'mp4', out],
      ];
      break;
    case 'vp9':
      detail = 'VP9 CRF 42 (WebM)';
      ext = 'webm';
      build = (out) => [
        ...['-i', input, '-an', '-c:v', 'libvpx-vp9', '-crf', '42', '-b:v', '0'],
        ...['-deadline', 'good', '-cpu-used', '5', '-row-mt', '0', '-threads', '2'],
        ...['-pix_fmt', 'yuv420p', '-f', 'webm', out],
      ];
      break;
    case 'resize-half':
      // Half of each side (as 960p → 480p): the references are 640 × 360 to keep the build short.
      detail = '320 × 180, bicubic';
      build = vf('scale=320:180:flags=bicubic');
      break;
    case 'clip': {
      const len = Math.min(durationS - 3, 5 + Math.round(r() * 20) / 10);
      const start = (durationS - len) / 2 + (r() - 0.5) * 2;
      detail = `${len.toFixed(1)} s from ${start.toFixed(1)} s`;
      build = (out) => [
        ...[
          '-i',
          input,
          '-vf',
          `trim=start=${start.toFixed(2)}:duration=${len},setpts=PTS-STARTPTS`,
        ],
        ...H264,
        out,
      ];
      break;
    }
    case 'screen-recording': {
      const { png, player } = await videoSitePage(seed, thumbs);
      const page = await cachedFfmpegOutput(
        [],
        { page: seed, v: 1 },
        'png',
        async (out) => {
          await sharp(png).toFile(out);
        },
        cacheDir,
      );
      inputs = [input, page];
      detail = `player ${player.w} × ${player.h} at (${player.x}, ${player.y}) of a 1366 × 768 capture`;
      build = (out) => [
        ...['-loop', '1', '-framerate', '25', '-i', page, '-i', input],
        '-filter_complex',
        `[1:v]scale=${player.w}:${player.h - 6},setsar=1[v];[0:v][v]overlay=${player.x}:${player.y}:shortest=1,fps=25,format=yuv420p[o]`,
        ...['-map', '[o]'],
        ...H264,
        out,
      ];
      break;
    }
    case 'crop-80': {
      const x = r().toFixed(2);
      const y = r().toFixed(2);
      detail = `80% of each side, offset (${x}, ${y}) of the slack`;
      build = vf(`crop=trunc(iw*0.4)*2:trunc(ih*0.4)*2:(iw-ow)*${x}:(ih-oh)*${y}`);
      break;
    }
    case 'mirror':
      detail = 'horizontal flip';
      build = vf('hflip');
      break;
    case 'letterbox': {
      const phone = r() < 0.5;
      const blurred = r() < 0.5;
      detail = `${phone ? 'portrait 360 × 640' : 'square 480 × 480'}, ${blurred ? 'blurred' : 'black'} bars`;
      const [W, H] = phone ? [360, 640] : [480, 480];
      const fit = `scale=${W}:-2`;
      build = blurred
        ? (out) => [
            '-i',
            input,
            '-filter_complex',
            `[0:v]split[a][b];[a]scale=${W}:${H}:force_original_aspect_ratio=increase,crop=${W}:${H},boxblur=20:2[bg];[b]${fit}[fg];[bg][fg]overlay=(W-w)/2:(H-h)/2,format=yuv420p[o]`,
            ...['-map', '[o]'],
            ...H264,
            out,
          ]
        : vf(`${fit},pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:black`);
      break;
    }
    case 'speed-1.5':
      detail = '1.5× faster, 30 fps';
      build = vf('setpts=PTS/1.5,fps=30');
      break;
    case 'speed-0.75':
      detail = '0.75× (slower), 30 fps';
      build = vf('setpts=PTS/0.75,fps=30');
      break;
    case 'watermark': {
      const handle = ['@reup_daily', '@클립모음', '@vidz.hub', '@nightcam'][seed % 4]!;
      const corner = Math.floor(r() * 4);
      const x = corner % 2 ? 'w-tw-28' : '28';
      const y = corner < 2 ? 'h-th-28' : '28';
      detail = `text "${handle}" and a translucent logo box`;
      const font = handle.startsWith('@클')
        ? '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'
        : FONT;
      build = vf(
        `drawbox=x=iw*0.62:y=ih*0.06:w=iw*0.3:h=ih*0.12:color=white@0.35:t=fill,` +
          `drawtext=fontfile=${font}:text='${handle}':fontsize=h/14:fontcolor=white@0.8:borderw=2:bordercolor=black@0.6:x=${x}:y=${y}`,
      );
      break;
    }
    case 'fps-24':
      detail = '30 → 24 fps';
      build = vf('fps=24');
      break;
    case 'greyscale':
      detail = 'greyscale';
      build = vf('hue=s=0');
      break;
  }
  const file = await cachedFfmpegOutput(
    inputs,
    { transform, seed, detail, v: 1 },
    ext,
    (out) => runFfmpeg(build(out), 600_000),
    cacheDir,
  );
  return { file, detail };
}

/**
 * A compilation: 4 s from each of three references, joined by 2 s of unrelated footage before,
 * between and after them, all at 640 × 360, 30 fps. Returns where each reference's piece sits.
 */
export async function makeCompilation(
  refs: { file: string; durationS: number }[],
  fillers: string[],
  seed: number,
  cacheDir: string,
): Promise<MadeCopy & { pieces: { ref: number; atS: number; fromS: number }[] }> {
  const r = rng(seed * 7 + 1);
  const pieceS = 4;
  const fillS = 2;
  const pieces = refs.map((ref, i) => ({
    ref: i,
    fromS: Math.round((1 + r() * (ref.durationS - pieceS - 2)) * 10) / 10,
    atS: fillS + i * (pieceS + fillS),
  }));
  const inputs = [...refs.map((x) => x.file), ...fillers.slice(0, refs.length + 1)];
  const norm =
    'scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30,format=yuv420p';
  const chains: string[] = [];
  const order: string[] = [];
  for (let i = 0; i <= refs.length; i++) {
    const f = refs.length + i;
    chains.push(`[${f}:v]trim=duration=${fillS},setpts=PTS-STARTPTS,${norm}[f${i}]`);
    order.push(`[f${i}]`);
    if (i < refs.length) {
      const p = pieces[i]!;
      chains.push(
        `[${i}:v]trim=start=${p.fromS}:duration=${pieceS},setpts=PTS-STARTPTS,${norm}[p${i}]`,
      );
      order.push(`[p${i}]`);
    }
  }
  chains.push(`${order.join('')}concat=n=${order.length}:v=1:a=0[o]`);
  const detail = pieces
    .map((p) => `ref ${p.ref} ${p.fromS}-${p.fromS + pieceS} s at ${p.atS} s`)
    .join('; ');
  const file = await cachedFfmpegOutput(
    inputs,
    { transform: 'compilation', detail, v: 1 },
    'mp4',
    (out) =>
      runFfmpeg(
        [
          ...inputs.flatMap((f) => ['-i', f]),
          '-filter_complex',
          chains.join(';'),
          '-map',
          '[o]',
          ...H264,
          out,
        ],
        600_000,
      ),
    cacheDir,
  );
  return { file, detail, pieces };
}
