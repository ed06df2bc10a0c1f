/**
 * The held-out video corpus (issue 15, decision 0105): reference videos made from photographs of
 * Debian packages that neither image corpus tunes on, copies made by bench/video-heldout-transforms.ts
 * (code shared with no generator the video engine is tested with), compilations of three
 * references among unrelated footage, and unrelated videos from other packages and from FFmpeg's
 * synthetic sources. Split by package into a tuning half and a held-out half: tune on `tuning`,
 * report on `heldout`.
 *
 * | half     | references                          | unrelated                                   |
 * |----------|-------------------------------------|---------------------------------------------|
 * | heldout  | opencv-doc's 25 photographs → 16    | stellarium-data (landscape tiles, textures, |
 * |          |                                     | deep-sky photos) → 30; lavfi → 6            |
 * | tuning   | hugin-data's tutorial photos → 6    | hugin-data (3 others), xplanet-images → 5;  |
 * |          |                                     | lavfi → 5                                   |
 *
 * `wide` (the bench's --wide; decision 0124) adds to the held-out half only, as unseen transforms:
 * two ~72 s references of nine scenes (opencv-doc pictures the table above does not use), more
 * copies of every short reference (a 3–5 s clip, a crop that is also mirrored; a phone screen
 * recording of the first 8), 8 compilations of five clips with hard cuts, copies of the long
 * references (cropped whole, pieces from anywhere, cropped pieces), and 8 near misses (slow cross-faded pans, the
 * references' own style, over other opencv-doc photographs): bench/video-heldout-wide.ts.
 *
 * The packages are fetched with heldout-sources.ts's `fetchPackages` into bench/.data/heldout/
 * (shared with the image held-out corpus: opencv-doc and stellarium-data are already there); the
 * videos are made once into bench/.data/video-heldout/ (git-ignored) and found again by content
 * hash on later runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { fetchPackages, sourceImages } from './heldout-sources';
import type { Half } from './heldout-sources';
import { makeCompilation, makeCopy, VIDEO_TRANSFORMS } from './video-heldout-transforms';
import type { VideoTransform } from './video-heldout-transforms';
import {
  LONG_COPIES,
  LONG_PHOTOS,
  LONG_S,
  LONG_TRANSFORMS,
  makeCompilation5,
  makeLongCopy,
  makeWideCopy,
  NEAR_MISS_PHOTOS,
  NEAR_MISS_S,
  PHONE_REFS,
  WIDE_TRANSFORMS,
  widePath,
} from './video-heldout-wide';
import type { WideTransform } from './video-heldout-wide';
import { photoSlideshow, probeVideo, syntheticVideo } from '../src/test-support/videos';
import type { Motion, SyntheticSource, VideoShot } from '../src/test-support/videos';

/** Packages this corpus takes pictures from (and its half). */
export const VIDEO_PACKAGES: { pkg: string; half: Half; licence: string }[] = [
  { pkg: 'opencv-doc', half: 'heldout', licence: 'Apache-2.0 AND BSD-3-Clause' },
  { pkg: 'stellarium-data', half: 'heldout', licence: 'GPL-2+, images CC-BY(-SA) / NASA' },
  { pkg: 'hugin-data', half: 'tuning', licence: 'GPL-2+ (tutorial images CC-BY-SA)' },
  { pkg: 'xplanet-images', half: 'tuning', licence: 'GPL-2+ / NASA' },
];

/** hugin-data's tutorial photographs, one per scene (the others are projections of the same). */
const HUGIN_REFS = [
  '600px-Tuebingen_Neckarfront_small15_2006-06-11.jpg',
  '800px-C_Marchi-GrandCentral-adj.jpg',
  'Big_ben_rectilinear.jpg',
  'Medinet_habu_horizontal_stereographic.jpg',
  '360px-Pantheon-150x100-rect-panini.jpg',
  '250px-LagardePont-defish.jpg',
];
const HUGIN_UNRELATED = ['SB_Blended.jpg', 'CA_fringes00.jpg', '250px-Little_planet.jpg'];

const W = 640;
const H = 360;
const REF_S = 10;
const MOTIONS: Motion[] = ['pan-right', 'zoom-in', 'pan-down', 'pan-left', 'pan-up'];

export interface VideoReference {
  id: string;
  half: Half;
  pkg: string;
  origins: string[];
  file: string;
  durationS: number;
  copies: { transform: VideoTransform | WideTransform; file: string; detail: string }[];
}

export interface VideoCompilationCopy {
  half: Half;
  file: string;
  detail: string;
  /** The references whose pieces it holds: each must be found. */
  refs: string[];
  /** 'compilation' (three references, decision 0105) or 'compilation-5' (the widened corpus). */
  transform?: 'compilation' | 'compilation-5';
}

export interface VideoUnrelated {
  half: Half;
  pkg: string;
  origins: string[];
  file: string;
}

export interface VideoCorpus {
  dir: string;
  references: VideoReference[];
  compilations: VideoCompilationCopy[];
  unrelated: VideoUnrelated[];
}

let poolWidth = 2;
/** Runs `jobs` two at a time (the machine's cores; `jobs` option), in order of results. */
async function pool<T>(jobs: (() => Promise<T>)[], width = poolWidth): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

/** Photo groups of each half: references and unrelated, each a list of picture files. */
function groups(root: string) {
  const all = sourceImages(root);
  const cv = all.filter((s) => s.pkg === 'opencv-doc' && s.use === 'photo').map((s) => s.file);
  // 25 photographs: the first 9 references show two of them, the other 7 one each.
  const heldoutRefs: string[][] = [];
  let i = 0;
  while (i < cv.length && heldoutRefs.length < 16) {
    const two = heldoutRefs.length < 9;
    heldoutRefs.push(cv.slice(i, i + (two ? 2 : 1)));
    i += two ? 2 : 1;
  }
  const st = all.filter((s) => s.pkg === 'stellarium-data');
  const byScene = new Map<string, string[]>();
  for (const s of st.filter((x) => x.file.includes('/landscapes/'))) {
    const scene = path.basename(path.dirname(s.file));
    byScene.set(scene, [...(byScene.get(scene) ?? []), s.file]);
  }
  const heldoutUnrelated: { pkg: string; files: string[] }[] = [];
  for (const tiles of byScene.values()) {
    for (let k = 0; k + 3 <= tiles.length && heldoutUnrelated.length < 10; k += 3)
      heldoutUnrelated.push({ pkg: 'stellarium-data', files: tiles.slice(k, k + 3) });
  }
  const textures = st.filter((x) => x.file.includes('/textures/')).map((x) => x.file);
  for (let k = 0; k + 2 <= textures.length && heldoutUnrelated.length < 24; k += 2)
    heldoutUnrelated.push({ pkg: 'stellarium-data', files: textures.slice(k, k + 2) });
  const nebulae = st
    .filter((x) => x.file.includes('/nebulae/') && x.use === 'distractor')
    .map((x) => x.file);
  for (let k = 0; k + 2 <= nebulae.length && heldoutUnrelated.length < 30; k += 7)
    heldoutUnrelated.push({ pkg: 'stellarium-data', files: nebulae.slice(k, k + 2) });

  const hugin = path.join(root, 'hugin-data/usr/share/hugin/xrc/data/help_en_EN');
  const tuningRefs = HUGIN_REFS.map((f) => [path.join(hugin, f)]);
  const xp = path.join(root, 'xplanet-images/usr/share/xplanet/images');
  const tuningUnrelated = [
    ...HUGIN_UNRELATED.map((f) => ({ pkg: 'hugin-data', files: [path.join(hugin, f)] })),
    { pkg: 'xplanet-images', files: [path.join(xp, 'earth.jpg')] },
    { pkg: 'xplanet-images', files: [path.join(xp, 'night.jpg')] },
  ];
  return { heldoutRefs, heldoutUnrelated, tuningRefs, tuningUnrelated };
}

/** Shots covering `seconds` over these pictures, moving as the index says. */
function shots(files: string[], seconds: number, index: number): VideoShot[] {
  const each = (seconds + 0.5 * (files.length - 1)) / files.length;
  return files.map((image, k) => ({
    image,
    seconds: Math.round(each * 100) / 100,
    motion: MOTIONS[(index + k) % MOTIONS.length]!,
  }));
}

const SYNTHETIC: Record<Half, { source: SyntheticSource; seed: number }[]> = {
  heldout: [
    { source: 'mandelbrot', seed: 1 },
    { source: 'mandelbrot', seed: 3 },
    { source: 'life', seed: 11 },
    { source: 'cellauto', seed: 5 },
    { source: 'gradients', seed: 21 },
    { source: 'testsrc2', seed: 1 },
  ],
  tuning: [
    { source: 'mandelbrot', seed: 2 },
    { source: 'life', seed: 12 },
    { source: 'cellauto', seed: 6 },
    { source: 'gradients', seed: 22 },
    { source: 'gradients', seed: 23 },
  ],
};

/** What to build: both halves in full unless told otherwise. */
export interface VideoCorpusOptions {
  halves?: Half[];
  /** At most this many references per half (the first ones): a smaller, quicker corpus. */
  refs?: number;
  /** At most this many unrelated photo videos per half (synthetic ones are always made). */
  unrelated?: number;
  /** Add the widened held-out corpus (bench/video-heldout-wide.ts, decision 0124). */
  wide?: boolean;
  /** FFmpeg runs at once (default 2). */
  jobs?: number;
}

/** Builds (or finds again) the corpus. `root` is the repository root; `log` hears progress. */
export async function buildVideoCorpus(
  root = process.cwd(),
  log: (line: string) => void = () => {},
  options: VideoCorpusOptions = {},
): Promise<VideoCorpus> {
  const halves = options.halves ?? ['tuning', 'heldout'];
  const pkgRoot = fetchPackages(
    path.join(root, 'bench/.data/heldout'),
    VIDEO_PACKAGES.map((p) => p.pkg),
  );
  const dir = path.join(root, 'bench/.data/video-heldout');
  const g = groups(pkgRoot);
  const missing = [...g.heldoutRefs.flat(), ...g.tuningRefs.flat()].filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`missing source pictures: ${missing.join(', ')}`);
  const corpus: VideoCorpus = { dir, references: [], compilations: [], unrelated: [] };
  const opts = { width: W, height: H, fps: 30, cacheDir: dir };
  poolWidth = options.jobs ?? 2;

  for (const half of halves) {
    const refGroups = (half === 'heldout' ? g.heldoutRefs : g.tuningRefs).slice(0, options.refs);
    const unrelatedGroups = (half === 'heldout' ? g.heldoutUnrelated : g.tuningUnrelated).slice(
      0,
      options.unrelated,
    );
    const t0 = Date.now();
    const refFiles = await pool(
      refGroups.map((files, i) => () => photoSlideshow(shots(files, REF_S, i), opts)),
    );
    const unrelatedFiles = await pool([
      ...unrelatedGroups.map(
        (u, i) => () => photoSlideshow(shots(u.files, 8, i + 2), { ...opts, transition: 'cut' }),
      ),
      ...SYNTHETIC[half].map(
        (s) => () => syntheticVideo(s.source, { seconds: 8, seed: s.seed, ...opts }),
      ),
    ]);
    log(
      `${half}: ${refFiles.length} references, ${unrelatedFiles.length} unrelated (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
    unrelatedFiles.forEach((file, i) => {
      const u = unrelatedGroups[i];
      corpus.unrelated.push(
        u
          ? { half, pkg: u.pkg, origins: u.files.map((f) => path.relative(pkgRoot, f)), file }
          : {
              half,
              pkg: 'lavfi',
              origins: [JSON.stringify(SYNTHETIC[half][i - unrelatedGroups.length])],
              file,
            },
      );
    });
    const thumbs = unrelatedGroups.flatMap((u) => u.files);
    const refs: VideoReference[] = refFiles.map((file, i) => ({
      id: `${half === 'heldout' ? 'H' : 'T'}${String(i + 1).padStart(2, '0')}`,
      half,
      pkg: half === 'heldout' ? 'opencv-doc' : 'hugin-data',
      origins: refGroups[i]!.map((f) => path.relative(pkgRoot, f)),
      file,
      durationS: probeVideo(file).durationS,
      copies: [],
    }));
    const t1 = Date.now();
    const jobs = refs.flatMap((ref, i) =>
      VIDEO_TRANSFORMS.map((transform) => async () => {
        const c = await makeCopy(ref.file, ref.durationS, transform, i + 1, dir, thumbs);
        ref.copies.push({ transform, ...c });
      }),
    );
    await pool(jobs);
    // Compilation i holds pieces of references i, i+1 and i+2 between unrelated photo footage.
    const fillers = unrelatedFiles.slice(0, unrelatedGroups.length);
    await pool(
      refs.map((_, i) => async () => {
        const three = [0, 1, 2].map((k) => refs[(i + k) % refs.length]!);
        const f = [0, 1, 2, 3].map((k) => fillers[(i * 4 + k) % fillers.length]!);
        const c = await makeCompilation(three, f, i + 1, dir);
        corpus.compilations.push({
          half,
          file: c.file,
          detail: c.detail.replace(/ref (\d)/g, (_, k: string) => three[+k]!.id),
          refs: three.map((x) => x.id),
        });
      }),
    );
    if (options.wide && half === 'heldout')
      await widen(corpus, refs, pkgRoot, fillers, dir, opts, log);
    for (const ref of refs) ref.copies.sort((a, b) => a.transform.localeCompare(b.transform));
    corpus.references.push(...refs);
    log(
      `${half}: ${jobs.length} copies and ${refs.length} compilations (${((Date.now() - t1) / 1000).toFixed(0)} s)`,
    );
  }
  return corpus;
}

/**
 * The widened held-out corpus (decision 0124; held-out only): WIDE_TRANSFORMS of every short
 * reference, compilations of five, long references (pushed to `refs`) with their copies, near
 * misses (pushed to the corpus's unrelated videos).
 */
async function widen(
  corpus: VideoCorpus,
  refs: VideoReference[],
  pkgRoot: string,
  fillers: string[],
  dir: string,
  opts: { width: number; height: number; fps: number; cacheDir: string },
  log: (line: string) => void,
) {
  const t0 = Date.now();
  const missing = [...LONG_PHOTOS.flat(), ...NEAR_MISS_PHOTOS.flat()]
    .map((f) => widePath(pkgRoot, f))
    .filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`missing source pictures: ${missing.join(', ')}`);
  /** One cross-faded slideshow per group of pictures (the references' own style). */
  const slideshows = (groups: string[][], seconds: number, firstMotion: number) =>
    pool(
      groups.map((files, i) => () => {
        const abs = files.map((f) => widePath(pkgRoot, f));
        return photoSlideshow(shots(abs, seconds, i + firstMotion), opts);
      }),
    );
  const nearFiles = await slideshows(NEAR_MISS_PHOTOS, NEAR_MISS_S, 1);
  nearFiles.forEach((file, i) =>
    corpus.unrelated.push({
      half: 'heldout',
      pkg: 'near-miss',
      origins: NEAR_MISS_PHOTOS[i]!,
      file,
    }),
  );
  const longFiles = await slideshows(LONG_PHOTOS, LONG_S, 0);
  const short = [...refs];
  const longRefs: VideoReference[] = longFiles.map((file, i) => ({
    id: `HL${i + 1}`,
    half: 'heldout',
    pkg: 'opencv-doc',
    origins: LONG_PHOTOS[i]!,
    file,
    durationS: probeVideo(file).durationS,
    copies: [],
  }));
  log(
    `heldout, widened: ${nearFiles.length} near misses, ${longRefs.length} long references (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  const jobs = [
    ...short.flatMap((ref, i) =>
      WIDE_TRANSFORMS.filter((t) => t !== 'phone-screen' || i < PHONE_REFS).map(
        (transform) => async () => {
          const c = await makeWideCopy(ref.file, ref.durationS, transform, i + 1, dir);
          ref.copies.push({ transform, ...c });
        },
      ),
    ),
    ...longRefs.flatMap((ref, i) =>
      LONG_TRANSFORMS.flatMap((transform) =>
        Array.from({ length: LONG_COPIES[transform] }, (_, k) => async () => {
          const c = await makeLongCopy(ref.file, ref.durationS, transform, i + 1, k, dir);
          ref.copies.push({ transform, ...c });
        }),
      ),
    ),
  ];
  await pool(jobs);
  // Compilation i holds pieces of five short references, 3 apart; fillers are near misses and
  // the half's unrelated photo videos.
  const five = Array.from({ length: 8 }, (_, i) =>
    [0, 3, 6, 9, 12].map((k) => short[(i + k) % short.length]!),
  );
  await pool(
    five.map((group, i) => async () => {
      const c = await makeCompilation5(group, [...nearFiles, ...fillers], i + 1, dir);
      corpus.compilations.push({
        half: 'heldout',
        transform: 'compilation-5',
        file: c.file,
        detail: c.detail.replace(/ref (\d)/g, (_, k: string) => group[+k]!.id),
        refs: group.map((x) => x.id),
      });
    }),
  );
  refs.push(...longRefs);
  log(
    `heldout, widened: ${jobs.length} copies and ${five.length} compilations of five (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}

/** How many files the corpus directory holds (for the bench's header). */
export function corpusFiles(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).length : 0;
}
