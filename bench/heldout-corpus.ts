/**
 * The held-out evaluation corpus (issue 13): references from Debian packages that
 * bench/fingerprint-corpus.ts does not use (heldout-sources.ts), copies made by other transform
 * code (heldout-transforms.ts) and by real Chromium screenshots of page layouts
 * (heldout-screens.ts), and unrelated distractors from the same packages. Split by package into a
 * tuning half and a held-out half: tune on `tuning`, report on `heldout`.
 *
 * Built once into bench/.data/heldout/ (git-ignored) and reused: `buildHeldoutCorpus()` returns
 * the manifest with absolute file paths, so another matcher can be evaluated without re-deriving
 * anything:
 *
 *   const c = await buildHeldoutCorpus();
 *   for (const ref of c.references.filter((r) => r.half === 'tuning')) ... ref.copies ...
 *
 * Needs: apt-get (to download the packages, not install them), dpkg-deb, /usr/bin/chromium, fonts
 * for Korean captions (fonts-noto-cjk).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

import { fetchPackages, HELDOUT_PACKAGES, sourceImages } from './heldout-sources';
import type { Half, SourceImage } from './heldout-sources';
import { LAYOUTS, Screens } from './heldout-screens';
import type { ShotSpec } from './heldout-screens';
import { applyTransform, darken, PIXEL_TRANSFORMS, seeded } from './heldout-transforms';

export type { Half } from './heldout-sources';

/** Bump when the corpus's content changes, so cached builds are rebuilt. */
const CORPUS_VERSION = 1;

/** Every transform a reference's copies are made with, screenshots included. */
export const HELDOUT_TRANSFORMS = [...PIXEL_TRANSFORMS, ...LAYOUTS.map((l) => `shot-${l}`)];

/** A reference and its copies. */
export interface HeldoutReference {
  id: string;
  half: Half;
  pkg: string;
  /** The package file it was made from. */
  origin: string;
  /** photo; dark-real (a real night-sky photograph); dark-night / dark-indoor / dark-fog (made). */
  kind: 'photo' | 'dark-real' | 'dark-night' | 'dark-indoor' | 'dark-fog';
  file: string;
  /** box: for a screenshot, where the picture is in it (heldout-screens.ts's ShotResult). */
  copies: { transform: string; file: string; detail?: string; box?: number[] }[];
}

/** An unrelated picture: must match nothing. */
export interface HeldoutDistractor {
  half: Half;
  pkg: string;
  /** The package file it was made from (for screenshots, collages and crops: the main one). */
  origin: string;
  kind: 'original' | 'screenshot' | 'collage' | 'crop';
  file: string;
  /** For a screenshot: its layout and device, and where the picture is in it (ShotResult). */
  shot?: { layout: string; theme: string; device: string; box: number[] };
}

export interface HeldoutCorpus {
  version: number;
  dir: string;
  packages: typeof HELDOUT_PACKAGES;
  references: HeldoutReference[];
  distractors: HeldoutDistractor[];
}

/** Pictures as the corpus stores them: at most 1600 px, transparency flattened, JPEG. */
async function normalise(file: string, background: string): Promise<Buffer> {
  return sharp(readFileSync(file), { limitInputPixels: 2 ** 28 })
    .rotate()
    .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background })
    .jpeg({ quality: 92 })
    .toBuffer();
}

const PASTELS = ['#ffffff', '#f1f5f9', '#fde68a', '#bfdbfe', '#d9f99d', '#fecdd3', '#1f2937'];

/** Builds (or loads) the corpus. `root` is the repository root. */
export async function buildHeldoutCorpus(root = process.cwd()): Promise<HeldoutCorpus> {
  const dir = path.join(root, 'bench/.data/heldout');
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as HeldoutCorpus;
    if (m.version === CORPUS_VERSION) return absolute(m, root);
  }
  const pkgRoot = fetchPackages(dir);
  const sources = sourceImages(pkgRoot);
  const out = path.join(dir, 'images');
  mkdirSync(out, { recursive: true });
  const rel = (f: string) => path.relative(root, f);
  const references: HeldoutReference[] = [];
  const distractors: HeldoutDistractor[] = [];
  const screens = await Screens.open();
  try {
    for (const half of ['tuning', 'heldout'] as const) {
      const rand = seeded(half === 'tuning' ? 0x5eed01 : 0x5eed02);
      const mine = sources.filter((s) => s.half === half);
      const distractorSrc = mine.filter((s) => s.use === 'distractor');
      const distractorFiles: string[] = [];
      for (const [k, s] of distractorSrc.entries()) {
        const file = path.join(out, `${half}-d${k}.jpg`);
        const bg = PASTELS[k % PASTELS.length]!;
        writeFileSync(file, await normalise(s.file, bg));
        distractorFiles.push(file);
        distractors.push({
          half,
          pkg: s.pkg,
          kind: 'original',
          file: rel(file),
          origin: rel(s.file),
        });
      }
      const otherBytes = () =>
        [0, 1, 2].map(() =>
          readFileSync(distractorFiles[Math.floor(rand() * distractorFiles.length)]!),
        );
      const refSrc = mine.filter((s) => s.use !== 'distractor');
      let made = 0;
      for (const [i, s] of refSrc.entries()) {
        const ref = await makeReference(s, i, half, out, () => made++);
        references.push({ ...ref, file: rel(ref.file), origin: rel(ref.origin) });
        const bytes = readFileSync(ref.file);
        const meta = await sharp(bytes).metadata();
        for (const t of PIXEL_TRANSFORMS) {
          const { bytes: b, ext } = await applyTransform(t, bytes, rand, otherBytes());
          const file = path.join(out, `${ref.id}-${t}.${ext}`);
          writeFileSync(file, b);
          ref.copies.push({ transform: t, file: rel(file) });
        }
        for (const [l, layout] of LAYOUTS.entries()) {
          const spec: ShotSpec = {
            layout,
            theme: (i + l) % 2 === 0 ? 'light' : 'dark',
            device: (Math.floor(i / 2) + l) % 2 === 0 ? 'desktop' : 'phone',
            target: 0.3 + rand() * 0.6,
            sticker: rand() < 0.6,
          };
          const file = path.join(out, `${ref.id}-shot-${layout}.${rand() < 0.5 ? 'png' : 'jpg'}`);
          const photo = { file: ref.file, width: meta.width ?? 1, height: meta.height ?? 1 };
          const shot = await screens.shoot(spec, photo, distractorFiles, out, file, rand);
          const detail = `${spec.theme} ${spec.device}${spec.sticker ? ' sticker' : ''} share ${shot.share.toFixed(2)}`;
          ref.copies.push({ transform: `shot-${layout}`, file: rel(file), detail, box: shot.box });
        }
        references[references.length - 1]!.copies = ref.copies;
      }
      // Unrelated pictures in the same frames as the copies: screenshots, collages and crops of
      // distractors, so that page chrome and grid gutters appear on both sides.
      const nShots = Math.min(60, distractorFiles.length);
      for (let k = 0; k < nShots; k++) {
        const at = (k * 7) % distractorFiles.length;
        const f = distractorFiles[at]!;
        const meta = await sharp(f).metadata();
        const spec: ShotSpec = {
          layout: LAYOUTS[k % LAYOUTS.length]!,
          theme: k % 2 === 0 ? 'dark' : 'light',
          device: Math.floor(k / 2) % 2 === 0 ? 'phone' : 'desktop',
          target: 0.3 + rand() * 0.6,
          sticker: rand() < 0.5,
        };
        const file = path.join(out, `${half}-dshot${k}.${k % 3 === 0 ? 'png' : 'jpg'}`);
        const others = distractorFiles.filter((x) => x !== f);
        const photo = { file: f, width: meta.width ?? 1, height: meta.height ?? 1 };
        const { box } = await screens.shoot(spec, photo, others, out, file, rand);
        distractors.push({
          half,
          pkg: distractorSrc[at]!.pkg,
          kind: 'screenshot',
          file: rel(file),
          origin: rel(distractorSrc[at]!.file),
          shot: { layout: spec.layout, theme: spec.theme, device: spec.device, box },
        });
      }
      for (let k = 0; k < 30; k++) {
        const at = (k * 11 + 3) % distractorFiles.length;
        const base = readFileSync(distractorFiles[at]!);
        const t = k % 2 === 0 ? 'collage-2x2' : 'crop-half';
        const { bytes, ext } = await applyTransform(t, base, rand, otherBytes());
        const file = path.join(out, `${half}-d${t}${k}.${ext}`);
        writeFileSync(file, bytes);
        distractors.push({
          half,
          pkg: distractorSrc[at]!.pkg,
          kind: t === 'collage-2x2' ? 'collage' : 'crop',
          file: rel(file),
          origin: rel(distractorSrc[at]!.file),
        });
      }
    }
  } finally {
    await screens.close();
  }
  const manifest: HeldoutCorpus = {
    version: CORPUS_VERSION,
    dir: rel(dir),
    packages: HELDOUT_PACKAGES,
    references,
    distractors,
  };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
  return absolute(manifest, root);
}

/**
 * One reference from a source picture. Every fourth photograph is turned into a dark one (night,
 * dim room or fog, in turn) and only the dark version is the reference; real night-sky
 * photographs are references as they are.
 */
async function makeReference(
  s: SourceImage,
  i: number,
  half: Half,
  out: string,
  nextMade: () => number,
): Promise<HeldoutReference> {
  const id = `${half}-r${i}`;
  const file = path.join(out, `${id}.jpg`);
  let bytes = await normalise(s.file, '#9db4cf');
  let kind: HeldoutReference['kind'] = s.use === 'dark' ? 'dark-real' : 'photo';
  if (s.use === 'photo' && i % 4 === 3) {
    const k = (['night', 'indoor', 'fog'] as const)[nextMade() % 3]!;
    bytes = await darken(bytes, k);
    kind = `dark-${k}`;
  }
  writeFileSync(file, bytes);
  return { id, half, pkg: s.pkg, origin: s.file, kind, file, copies: [] };
}

function absolute(m: HeldoutCorpus, root: string): HeldoutCorpus {
  const abs = (f: string) => path.resolve(root, f);
  return {
    ...m,
    dir: abs(m.dir),
    references: m.references.map((r) => ({
      ...r,
      file: abs(r.file),
      origin: abs(r.origin),
      copies: r.copies.map((c) => ({ ...c, file: abs(c.file) })),
    })),
    distractors: m.distractors.map((d) => ({ ...d, file: abs(d.file), origin: abs(d.origin) })),
  };
}
