/**
 * A tuning-half analogue of the held-out half's unrelated deep-sky photographs (decision 0022):
 * night, dark and flat-background pictures made only from the TUNING half's distractor sources
 * (heldout-sources.ts), so that the cost of dark pictures with black, flat rows can be measured and
 * tuned without looking at the held-out half. Three kinds, in turn over the sources:
 *   - `on-black`: the picture (Tux Paint's cut-out objects keep their transparency) flattened on
 *     black: a bright subject on a black, flat background, as a nebula or the moon on the sky;
 *   - `night`: a deep-sky-like picture: the subject darkened as a night shot (heldout-transforms'
 *     darken), 30-70% of a black 4:3 sky at a random place, and stars (1-3 px, of random
 *     brightness, one per 400-8,000 pixels): rows and columns of the sky without a star are flat;
 *   - `dim`: the picture on its pastel background darkened as in a dim room.
 * Cached in bench/.data/heldout/dark-analogue/ (built once, ~1 min). Unrelated to every reference
 * of either half (distractor sources only).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { darken, seeded } from './heldout-transforms';
import { fetchPackages, sourceImages } from './heldout-sources';

/** Kinds of dark unrelated picture. */
export type DarkKind = 'on-black' | 'night' | 'dim';
const KINDS: DarkKind[] = ['on-black', 'night', 'dim'];
const VERSION = 2;

/** One made picture. */
export interface DarkUnrelated {
  file: string;
  kind: DarkKind;
}

async function onBlack(file: string): Promise<Buffer> {
  return sharp(readFileSync(file), { limitInputPixels: 2 ** 28 })
    .rotate()
    .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#000000' })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** The subject small on a black 4:3 sky, with stars: a deep-sky photograph's rows and columns. */
async function sky(subject: Buffer, rand: () => number): Promise<Buffer> {
  const width = 1200;
  const height = 900;
  const side = Math.round(height * (0.3 + 0.4 * rand()));
  const small = await sharp(subject)
    .resize(side, side, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const data = Buffer.alloc(width * height * 3);
  const left = Math.floor(rand() * (width - small.info.width));
  const top = Math.floor(rand() * (height - small.info.height));
  for (let y = 0; y < small.info.height; y++) {
    small.data.copy(
      data,
      ((top + y) * width + left) * 3,
      y * small.info.width * 3,
      (y + 1) * small.info.width * 3,
    );
  }
  const n = Math.round((width * height) / (400 + rand() * 7600));
  for (let k = 0; k < n; k++) {
    const size = 1 + Math.floor(rand() * 3);
    const x = Math.floor(rand() * (width - size));
    const y = Math.floor(rand() * (height - size));
    const v = 60 + Math.floor(rand() * 195);
    for (let dy = 0; dy < size; dy++) {
      for (let dx = 0; dx < size; dx++)
        data.fill(v, ((y + dy) * width + x + dx) * 3, ((y + dy) * width + x + dx) * 3 + 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Builds (or loads) the analogue set; `root` is the repository root. */
export async function buildDarkAnalogue(root = process.cwd()): Promise<DarkUnrelated[]> {
  const dir = path.join(root, 'bench/.data/heldout');
  const out = path.join(dir, 'dark-analogue');
  const manifest = path.join(out, 'manifest.json');
  if (existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as {
      version: number;
      items: DarkUnrelated[];
    };
    if (m.version === VERSION)
      return m.items.map((d) => ({ ...d, file: path.resolve(root, d.file) }));
  }
  mkdirSync(out, { recursive: true });
  const sources = sourceImages(fetchPackages(dir)).filter(
    (s) => s.half === 'tuning' && s.use === 'distractor',
  );
  const rand = seeded(0xda4c01);
  const items: DarkUnrelated[] = [];
  for (const [k, s] of sources.entries()) {
    const kind = KINDS[k % KINDS.length]!;
    let bytes = await onBlack(s.file);
    if (kind === 'night') bytes = await sky(await darken(bytes, 'night'), rand);
    if (kind === 'dim') {
      const pastel = await sharp(readFileSync(s.file), { limitInputPixels: 2 ** 28 })
        .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#f1f5f9' })
        .jpeg({ quality: 92 })
        .toBuffer();
      bytes = await darken(pastel, 'indoor');
    }
    const file = path.join(out, `dark-${k}-${kind}.jpg`);
    writeFileSync(file, bytes);
    items.push({ file: path.relative(root, file), kind });
  }
  writeFileSync(manifest, JSON.stringify({ version: VERSION, items }, null, 1));
  return items.map((d) => ({ ...d, file: path.resolve(root, d.file) }));
}

/**
 * The analogue split for a run whose references share the unrelated pictures' genre, as the
 * held-out half's real deep-sky references (dark-real) share its deep-sky distractors' (decision
 * 0023): the first `n` `night` pictures become references, the others stay unrelated.
 */
export function splitDarkAnalogue(
  items: DarkUnrelated[],
  n: number,
): { references: DarkUnrelated[]; unrelated: DarkUnrelated[] } {
  const references = items.filter((d) => d.kind === 'night').slice(0, n);
  return { references, unrelated: items.filter((d) => !references.includes(d)) };
}
