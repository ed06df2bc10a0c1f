/**
 * The held-out video corpus, widened (issue 15 targets, decision 0124): what the first corpus
 * (decision 0105) left thin — long references of several scenes (so that a reference longer than
 * the crop stage's 64 keyframes is thinned), clips of 3–5 s, compilations of five clips with hard
 * cuts, screen recordings on a phone (a portrait capture, or the phone in a frame), a crop that is
 * also mirrored, and unrelated videos made in the references' own style (cross-faded slow pans
 * over photographs of the same kinds of things: near misses).
 *
 * **Held-out only, as unseen transforms**: nothing here is built for the tuning half, so nobody
 * can tune on it; whoever wants to tune on these kinds of copy writes tuning-half versions with
 * other code. The photographs are opencv-doc's (the held-out package) that the first corpus does
 * not use: pictures of its documentation and of its text and matting samples (looked at: plants,
 * street signs, a boat, a bus, candles, buildings, boards; no one in a private setting).
 *
 * Every copy is one FFmpeg run on local files, seeded by the reference's index.
 */
import path from 'node:path';
import sharp from 'sharp';

import { H264, rng } from './video-heldout-transforms';
import type { MadeCopy } from './video-heldout-transforms';
import { cachedFfmpegOutput, runFfmpeg } from '../src/test-support/videos';

/**
 * Copies of every short reference (added to the first corpus's 13); phone-screen of the first
 * PHONE_REFS only (each is a large frame to encode: the build's longest runs).
 */
export const WIDE_TRANSFORMS = ['clip-3-5s', 'phone-screen', 'crop-mirror'] as const;
export const PHONE_REFS = 8;
/** Copies of a long reference: cropped whole, pieces of it from anywhere, cropped pieces. */
export const LONG_TRANSFORMS = ['long-crop', 'long-clip', 'long-crop-clip'] as const;
/** How many copies of each long transform a long reference gets (pieces from several places). */
export const LONG_COPIES: Record<(typeof LONG_TRANSFORMS)[number], number> = {
  'long-crop': 1,
  'long-clip': 3,
  'long-crop-clip': 3,
};
export type WideTransform =
  (typeof WIDE_TRANSFORMS)[number] | (typeof LONG_TRANSFORMS)[number] | 'compilation-5';

const HTML = 'opencv-doc/usr/share/doc/opencv-doc/opencv4/html';
const EX = 'opencv-doc/usr/share/doc/opencv-doc/examples';

/** Two long references of nine scenes each (≈ 72 s: past the crop stage’s 64 keyframes at one a second). */
export const LONG_PHOTOS: string[][] = [
  [
    `${EX}/alphamat/input_images/plant.jpg`,
    `${EX}/text/scenetext01.jpg`,
    `${EX}/text/scenetext02.jpg`,
    `${EX}/text/scenetext04.jpg`,
    `${EX}/text/scenetext05.jpg`,
    `${EX}/text/scenetext06.jpg`,
    `${HTML}/boat.jpg`,
    `${HTML}/opencv_bus_res.jpg`,
    `${HTML}/retina_TreeHdr_retina.jpg`,
  ],
  [
    `${HTML}/HDRtoneMapping_candleSample.jpg`,
    `${HTML}/HDRtoneMapping_memorialSample.jpg`,
    `${HTML}/ambush_5_left.jpg`,
    `${HTML}/fusion_mertens.jpg`,
    `${HTML}/realsense.jpg`,
    `${HTML}/yolo.jpg`,
    `${HTML}/Background_Subtraction_Tutorial_frame.jpg`,
    `${HTML}/newspaper.jpg`,
    `${HTML}/corridor_fld.jpg`,
  ],
];
export const LONG_S = 72;

/**
 * Near misses: 10 s in the references' own style (cross-fades, fade in and out, the same slow
 * moves) over two photographs of the kinds of things the references show (vegetables, a bird,
 * calibration boards and markers photographed on tables, a street), none of them a reference's
 * photograph or a version of one (building.jpg, squirrel_cls.jpg, the baboon and the HDR
 * series' other exposures are left out for that reason).
 */
export const NEAR_MISS_PHOTOS: string[][] = [
  [`${HTML}/bicubicOutput.jpg`, `${HTML}/astra_color.jpg`],
  [`${EX}/hfs/data/000.jpg`, `${HTML}/11_demo.jpg`],
  [`${HTML}/choriginal.jpg`, `${HTML}/sample.jpg`],
  [`${HTML}/singlemarkersaxes.jpg`, `${HTML}/gbaxis.jpg`],
  [`${HTML}/studentsSample_input.jpg`, `${HTML}/pattern_img.jpg`],
  [`${HTML}/fisheye.jpg`, `${HTML}/dualCircles.jpg`],
  [`${HTML}/diamondsaxis.jpg`, `${HTML}/gbmarkersaxis.jpg`],
  [`${HTML}/detect_test2.jpg`, `${HTML}/4_barcodes.jpg`],
];
export const NEAR_MISS_S = 10;

export const widePath = (pkgRoot: string, rel: string) => path.join(pkgRoot, rel);

/**
 * A phone's screen while a social app plays the video inline: status bar, app bar, the player at
 * the screen's width, caption, buttons and comments. `framed`: the phone itself (bezel, notch) on
 * a 1280 × 720 landscape canvas, as a re-uploader's "phone mockup" edit; else the phone's own
 * portrait recording at 540 × 960.
 */
export async function phonePage(seed: number, framed: boolean) {
  const r = rng(seed + 1000);
  const sw = framed ? 344 : 540;
  const sh = framed ? 612 : 960;
  const u = sw / 540;
  const dark = r() < 0.5;
  const bg = dark ? '#000000' : '#fafafa';
  const fg = dark ? '#2e2e2e' : '#dedede';
  const py = Math.round((92 + r() * 60) * u);
  const ph = Math.round((sw * 9) / 16);
  const line = (x: number, y: number, w: number) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${Math.round(14 * u)}" rx="${Math.round(7 * u)}" fill="${fg}"/>`;
  const rows = Array.from({ length: 6 }, (_, i) => {
    const y = py + ph + Math.round((120 + i * 92) * u);
    return `<circle cx="${Math.round(36 * u)}" cy="${y + Math.round(16 * u)}" r="${Math.round(18 * u)}" fill="#9ca3af"/>${line(Math.round(66 * u), y, Math.round((180 + 200 * r()) * u))}${line(Math.round(66 * u), y + Math.round(24 * u), Math.round((90 + 160 * r()) * u))}`;
  }).join('');
  const screen = `<svg xmlns="http://www.w3.org/2000/svg" width="${sw}" height="${sh}">
<rect width="100%" height="100%" fill="${bg}"/>
<rect width="100%" height="${Math.round(36 * u)}" fill="${dark ? '#111' : '#eee'}"/>
${line(Math.round(18 * u), Math.round(11 * u), Math.round(44 * u))}${line(sw - Math.round(90 * u), Math.round(11 * u), Math.round(70 * u))}
<rect y="${Math.round(36 * u)}" width="100%" height="${Math.round(52 * u)}" fill="${dark ? '#0b0b0b' : '#ffffff'}"/>
<rect x="${Math.round(16 * u)}" y="${Math.round(50 * u)}" width="${Math.round(96 * u)}" height="${Math.round(24 * u)}" rx="5" fill="#7c3aed"/>
<rect x="0" y="${py}" width="${sw}" height="${ph}" fill="#000"/>
${line(Math.round(16 * u), py + ph + Math.round(18 * u), Math.round(sw * 0.8))}${line(Math.round(16 * u), py + ph + Math.round(42 * u), Math.round(sw * 0.5))}
${[0, 1, 2, 3].map((k) => `<rect x="${Math.round((16 + k * 130) * u)}" y="${py + ph + Math.round(70 * u)}" width="${Math.round(110 * u)}" height="${Math.round(30 * u)}" rx="${Math.round(15 * u)}" fill="${fg}"/>`).join('')}
${rows}
</svg>`;
  const screenPng = await sharp(Buffer.from(screen)).png().toBuffer();
  if (!framed) return { png: screenPng, W: sw, H: sh, player: { x: 0, y: py, w: sw, h: ph } };
  const W = 1280;
  const H = 720;
  const bx = Math.round(300 + r() * 300);
  const by = 36;
  const pad = 18;
  const frame = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${r() < 0.5 ? '#1e3a8a' : '#7f1d1d'}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>
<rect x="${bx}" y="${by}" width="${sw + 2 * pad}" height="${sh + 2 * pad + 12}" rx="44" fill="#1f1f1f" stroke="#6b7280" stroke-width="3"/>
<rect x="${bx + pad + sw / 2 - 40}" y="${by + 8}" width="80" height="8" rx="4" fill="#000"/>
</svg>`;
  const png = await sharp(Buffer.from(frame))
    .composite([{ input: screenPng, left: bx + pad, top: by + pad + 12 }])
    .png()
    .toBuffer();
  return { png, W, H, player: { x: bx + pad, y: by + pad + 12 + py, w: sw, h: ph } };
}

/** An FFmpeg run's arguments for a copy of `input` through the filter `vf`, as a platform encodes. */
const through =
  (input: string, vf: string, pre: string[] = []) =>
  (out: string) => [...pre, ...['-i', input, '-vf', vf], ...H264, out];

/** A crop of `share` of each side at a seeded place (the slack's fractions x, y). */
function cropFilter(r: () => number, share: number) {
  const x = r().toFixed(2);
  const y = r().toFixed(2);
  const s = (share / 2).toFixed(3);
  return {
    filter: `crop=trunc(iw*${s})*2:trunc(ih*${s})*2:(iw-ow)*${x}:(ih-oh)*${y}`,
    detail: `${Math.round(share * 100)}% of each side at (${x}, ${y}) of the slack`,
  };
}

async function cached(
  inputs: string[],
  key: Record<string, unknown>,
  build: (out: string) => string[],
  cacheDir: string,
): Promise<string> {
  return cachedFfmpegOutput(
    inputs,
    { ...key, wide: 1 },
    'mp4',
    (out) => runFfmpeg(build(out), 900_000),
    cacheDir,
  );
}

/** One of WIDE_TRANSFORMS of a short reference (`durationS` s at 640 × 360, 30 fps). */
export async function makeWideCopy(
  input: string,
  durationS: number,
  transform: (typeof WIDE_TRANSFORMS)[number],
  seed: number,
  cacheDir: string,
): Promise<MadeCopy> {
  const r = rng(seed * 97 + 13 * WIDE_TRANSFORMS.indexOf(transform) + 5);
  switch (transform) {
    case 'clip-3-5s': {
      const len = Math.round((3 + 2 * r()) * 10) / 10;
      const start = Math.round((0.5 + r() * (durationS - len - 1)) * 10) / 10;
      const detail = `${len} s from ${start} s (input seek)`;
      const pre = ['-ss', String(start), '-t', String(len)];
      return {
        file: await cached(
          [input],
          { transform, seed, detail },
          through(input, 'null', pre),
          cacheDir,
        ),
        detail,
      };
    }
    case 'crop-mirror': {
      const c = cropFilter(r, 0.75 + 0.1 * r());
      const detail = `${c.detail}, then a horizontal flip`;
      return {
        file: await cached(
          [input],
          { transform, seed, detail },
          through(input, `${c.filter},hflip`),
          cacheDir,
        ),
        detail,
      };
    }
    case 'phone-screen': {
      const framed = seed % 2 === 0;
      const { png, W, H, player } = await phonePage(seed, framed);
      const page = await cachedFfmpegOutput(
        [],
        { phone: seed, framed, v: 1 },
        'png',
        async (out) => {
          await sharp(png).toFile(out);
        },
        cacheDir,
      );
      const detail = `${framed ? 'a phone in a frame on a 1280 × 720 canvas' : 'a phone’s portrait recording, 540 × 960'}: player ${player.w} × ${player.h} at (${player.x}, ${player.y}) of ${W} × ${H}, 30 fps`;
      const build = (out: string) => [
        ...['-loop', '1', '-framerate', '30', '-i', page, '-i', input],
        '-filter_complex',
        `[1:v]scale=${player.w}:${player.h}:flags=bilinear,setsar=1[v];[0:v][v]overlay=${player.x}:${player.y}:shortest=1,format=yuv420p[o]`,
        ...['-map', '[o]'],
        ...H264,
        out,
      ];
      return {
        file: await cached([input, page], { transform, seed, detail }, build, cacheDir),
        detail,
      };
    }
  }
}

/** The `k`th copy of a long reference by one of LONG_TRANSFORMS. */
export async function makeLongCopy(
  input: string,
  durationS: number,
  transform: (typeof LONG_TRANSFORMS)[number],
  seed: number,
  k: number,
  cacheDir: string,
): Promise<MadeCopy> {
  const r = rng(seed * 53 + 7 * LONG_TRANSFORMS.indexOf(transform) + 101 * k);
  const piece = (min: number, span: number) => {
    const len = Math.round((min + span * r()) * 10) / 10;
    // Pieces spread over the whole video: the kth of three starts in the kth third.
    const third = (durationS - len - 2) / 3;
    const start = Math.round((1 + third * (k + r())) * 10) / 10;
    return { len, start, pre: ['-ss', String(start), '-t', String(len)] };
  };
  let detail: string;
  let build: (out: string) => string[];
  switch (transform) {
    case 'long-crop': {
      const c = cropFilter(r, 0.8);
      detail = `${c.detail}, whole length`;
      build = through(input, c.filter);
      break;
    }
    case 'long-clip': {
      const p = piece(5, 3);
      detail = `${p.len} s from ${p.start} s`;
      build = through(input, 'null', p.pre);
      break;
    }
    case 'long-crop-clip': {
      const p = piece(8, 4);
      const c = cropFilter(r, 0.8);
      detail = `${p.len} s from ${p.start} s, ${c.detail}`;
      build = through(input, c.filter, p.pre);
      break;
    }
  }
  return { file: await cached([input], { transform, seed, k, detail }, build, cacheDir), detail };
}

/**
 * A compilation of five references' pieces (3–5 s each, from anywhere in them) joined by hard
 * cuts, some straight from one reference to the next, some through 1–2 s of unrelated footage;
 * 640 × 360, 30 fps. `fillers` are unrelated videos of the same half.
 */
export async function makeCompilation5(
  refs: { file: string; durationS: number }[],
  fillers: string[],
  seed: number,
  cacheDir: string,
): Promise<MadeCopy> {
  const r = rng(seed * 211 + 3);
  const norm =
    'scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30,format=yuv420p';
  const inputs: string[] = [];
  const chains: string[] = [];
  const parts: string[] = [];
  const detail: string[] = [];
  let at = 0;
  const add = (file: string, fromS: number, lenS: number, label: string) => {
    const i = inputs.push(file) - 1;
    chains.push(`[${i}:v]trim=start=${fromS}:duration=${lenS},setpts=PTS-STARTPTS,${norm}[c${i}]`);
    parts.push(`[c${i}]`);
    detail.push(`${label} ${fromS}–${(fromS + lenS).toFixed(1)} s at ${at.toFixed(1)} s`);
    at += lenS;
  };
  add(fillers[seed % fillers.length]!, 0.5, 1.5, 'filler');
  refs.forEach((ref, k) => {
    const len = Math.round((3 + 2 * r()) * 10) / 10;
    const from = Math.round((0.5 + r() * (ref.durationS - len - 1)) * 10) / 10;
    add(ref.file, from, len, `ref ${k}`);
    if (k < refs.length - 1 && r() < 0.5)
      add(
        fillers[(seed + k + 1) % fillers.length]!,
        Math.round(r() * 40) / 10,
        1 + Math.round(r() * 10) / 10,
        'filler',
      );
  });
  chains.push(`${parts.join('')}concat=n=${parts.length}:v=1:a=0[o]`);
  const build = (out: string) => [
    ...inputs.flatMap((f) => ['-i', f]),
    ...['-filter_complex', chains.join(';'), '-map', '[o]'],
    ...H264,
    out,
  ];
  const d = detail.join('; ');
  return {
    file: await cached(inputs, { transform: 'compilation-5', seed, d }, build, cacheDir),
    detail: d,
  };
}
