/**
 * Builds the fingerprint evaluation corpus from benign images that Debian packages install
 * (wallpapers and scikit-image's sample photos): references, transformed copies of each reference,
 * and hundreds of unrelated distractors (other images, tiles of them, and transformed distractors,
 * so that frames such as screenshot canvases are present on both sides). Deterministic: a seeded
 * generator picks every offset and parameter. Output: bench/.data/fingerprint-corpus/.
 *
 * Needs: apt-get install -y gnome-backgrounds plasma-workspace-wallpapers mate-backgrounds \
 *   ukui-wallpapers lomiri-wallpapers python3-skimage
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';

import { fingerprint } from '../src/engine/fingerprint';
import { hamming256 } from '../src/engine/fingerprint/hash-bits';

/** Debian packages the corpus is drawn from. */
export const CORPUS_PACKAGES = [
  'gnome-backgrounds',
  'plasma-workspace-wallpapers',
  'mate-backgrounds',
  'ukui-wallpapers',
  'lomiri-wallpapers',
  'python3-skimage',
];

/** Every transform applied to each reference. */
export const TRANSFORMS = [
  'resize-50',
  'recompress-q20',
  'crop-10',
  'crop-25',
  'flip-horizontal',
  'rotate-90',
  'rotate-small',
  'border',
  'watermark',
  'brightness-contrast',
  'greyscale',
  'blur',
  'noise',
  'format-webp',
  'format-png',
  'screenshot',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** Mulberry32: a small seeded generator so the corpus is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listImages(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (recursive) out.push(...listImages(p, true));
    } else if (/\.(jpe?g|png|webp)$/i.test(name)) out.push(p);
  }
  return out.sort();
}

/** Source files: the largest file of each Plasma wallpaper, and every other installed image. */
export function sourceFiles(): string[] {
  const files: string[] = [];
  const plasma = '/usr/share/wallpapers';
  if (existsSync(plasma)) {
    for (const name of readdirSync(plasma).sort()) {
      const imgs = listImages(path.join(plasma, name, 'contents/images'), false);
      const biggest = imgs.sort((a, b) => statSync(b).size - statSync(a).size)[0];
      if (biggest) files.push(biggest);
    }
  }
  files.push(...listImages('/usr/share/backgrounds', true));
  const sk = '/usr/lib/python3/dist-packages/skimage/data';
  const photos = ['astronaut', 'coffee', 'chelsea', 'camera', 'moon', 'hubble_deep_field'];
  photos.push('motorcycle_left', 'motorcycle_right', 'rocket', 'color', 'gravel', 'brick', 'grass');
  for (const p of listImages(sk, false)) {
    if (photos.some((x) => path.basename(p).startsWith(x))) files.push(p);
  }
  return files;
}

async function apply(
  t: Transform,
  src: Buffer,
  rand: () => number,
  other: Buffer,
): Promise<Buffer> {
  const img = (): Sharp => sharp(src).rotate();
  const meta = await img().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = meta.info;
  const jpeg = (s: Sharp) => s.jpeg({ quality: 85 }).toBuffer();
  switch (t) {
    case 'resize-50':
      return jpeg(img().resize(Math.round(w / 2)));
    case 'recompress-q20':
      return img().jpeg({ quality: 20 }).toBuffer();
    case 'crop-10':
    case 'crop-25': {
      const keep = t === 'crop-10' ? 0.9 : 0.75;
      const cw = Math.round(w * keep);
      const ch = Math.round(h * keep);
      const left = Math.floor(rand() * (w - cw));
      const top = Math.floor(rand() * (h - ch));
      return jpeg(img().extract({ left, top, width: cw, height: ch }));
    }
    case 'flip-horizontal':
      return jpeg(img().flop());
    case 'rotate-90':
      return jpeg(img().rotate(90));
    case 'rotate-small': {
      // 2-4 degrees either way, corners filled white (documents, pages) or black (video frames).
      const degrees = (2 + rand() * 2) * (rand() < 0.5 ? 1 : -1);
      const background = rand() < 0.5 ? '#ffffff' : '#000000';
      return jpeg(sharp(await img().toBuffer()).rotate(degrees, { background }));
    }
    case 'border': {
      const b = Math.round(Math.max(w, h) * (0.05 + rand() * 0.1));
      const colours = ['#000000', '#ffffff', '#1f2937', '#f5deb3'];
      const background = colours[Math.floor(rand() * colours.length)] ?? '#000';
      return jpeg(img().extend({ top: b, bottom: b, left: b, right: b, background }));
    }
    case 'watermark': {
      const size = Math.round(w / 14);
      const svg = `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">
        <text x="${w * 0.05}" y="${h * 0.9}" font-family="DejaVu Sans" font-size="${size}"
          fill="white" fill-opacity="0.7" stroke="black" stroke-opacity="0.5">repost @sample_user</text>
        <text x="${w * 0.5}" y="${h * 0.15}" font-family="DejaVu Sans" font-size="${size / 2}"
          fill="white" fill-opacity="0.6">www.example.org</text></svg>`;
      return jpeg(img().composite([{ input: Buffer.from(svg) }]));
    }
    case 'brightness-contrast':
      return jpeg(img().linear(1.25, -20).modulate({ brightness: 1.1 }));
    case 'greyscale':
      return jpeg(img().greyscale());
    case 'blur':
      return jpeg(img().blur(Math.max(1, Math.round(w / 400))));
    case 'noise': {
      const { data, info } = await img().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i++) {
        const n = (rand() + rand() + rand() - 1.5) * 20;
        data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + n));
      }
      return jpeg(sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }));
    }
    case 'format-webp':
      return img().webp({ quality: 75 }).toBuffer();
    case 'format-png':
      return img().resize(Math.min(w, 1200)).png().toBuffer();
    case 'screenshot':
      return screenshot(src, other, rand);
  }
}

/** A web-page-like canvas: header bar, sidebar, text lines, the picture in a card, a thumbnail. */
export async function screenshot(src: Buffer, other: Buffer, rand: () => number): Promise<Buffer> {
  const mobile = rand() < 0.3;
  const W = mobile ? 720 : 1366;
  const H = mobile ? 1480 : 900;
  const picW = Math.round((mobile ? 660 : 640) * (0.8 + rand() * 0.2));
  const pic = await sharp(src)
    .rotate()
    .resize(picW, Math.round(H * 0.6), { fit: 'inside' })
    .toBuffer({ resolveWithObject: true });
  const px = mobile ? 30 : 300 + Math.round(rand() * 60);
  const py = mobile ? 260 : 150 + Math.round(rand() * 40);
  const lines: string[] = [];
  const line = (x: number, y: number, maxW: number) =>
    lines.push(`<rect x="${x}" y="${y}" width="${Math.round(maxW * (0.4 + rand() * 0.6))}"
      height="10" rx="3" fill="#65676b"/>`);
  for (let i = 0; i < 3; i++) line(px, py - 70 + i * 20, picW);
  for (let i = 0; i < 4; i++) line(px, py + pic.info.height + 25 + i * 20, picW);
  if (!mobile) for (let i = 0; i < 14; i++) line(24, 90 + i * 30, 220);
  const header = `<rect width="${W}" height="56" fill="#1877f2"/>
    <rect x="20" y="16" width="120" height="24" rx="4" fill="#ffffff"/>
    <text x="160" y="36" font-family="DejaVu Sans" font-size="18" fill="#fff">Feed</text>`;
  const card = `<rect x="${px - 16}" y="${py - 90}" width="${picW + 32}"
    height="${pic.info.height + 200}" rx="8" fill="#ffffff"/>`;
  const svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
    <rect width="${W}" height="${H}" fill="#f0f2f5"/>${header}${card}${lines.join('')}</svg>`;
  const thumb = await sharp(other).rotate().resize(160, 120, { fit: 'cover' }).toBuffer();
  const layers = [{ input: pic.data, left: px, top: py }];
  if (!mobile) layers.push({ input: thumb, left: W - 220, top: 100 });
  const shot = sharp(Buffer.from(svg)).composite(layers);
  return rand() < 0.5 ? shot.png().toBuffer() : shot.jpeg({ quality: 80 }).toBuffer();
}

/** One corpus entry: a file and, for copies, the reference it was made from. */
export interface CorpusItem {
  file: string;
  kind: 'reference' | 'copy' | 'distractor';
  /** For copies: the reference's index; for distractors: undefined. */
  ref?: number;
  transform?: Transform | 'tile' | 'original';
}

/** Builds (or reuses) the corpus and returns its manifest. */
export async function buildCorpus(root: string, maxRefs = 40): Promise<CorpusItem[]> {
  const dir = path.join(root, 'bench/.data/fingerprint-corpus');
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile))
    return JSON.parse(readFileSync(manifestFile, 'utf8')) as CorpusItem[];
  mkdirSync(dir, { recursive: true });
  const files = sourceFiles();
  if (files.length < 60) {
    throw new Error(
      `only ${files.length} source images found; install: apt-get install -y ${CORPUS_PACKAGES.join(' ')}`,
    );
  }
  // Keep distinct, informative images: PDQ quality >= 50, short side >= 256, not a resize of
  // one already kept (the same wallpaper ships in several packages and sizes).
  const kept: { file: string; hash: Uint8Array }[] = [];
  for (const file of files) {
    try {
      const fp = await fingerprint(readFileSync(file), { role: 'candidate' });
      if (fp.lowQuality || Math.min(fp.width, fp.height) < 256) continue;
      if (kept.some((k) => hamming256(k.hash, fp.pdq.hash) < 60)) continue;
      kept.push({ file, hash: fp.pdq.hash });
    } catch {
      // An unreadable source is simply not part of the corpus.
    }
  }
  const rand = rng(20261122);
  const order = kept.map((k) => k.file);
  const refs = order.filter((_, i) => i % 2 === 0).slice(0, maxRefs);
  const others = order.filter((f) => !refs.includes(f));
  const items: CorpusItem[] = [];
  const save = async (name: string, bytes: Buffer, item: Omit<CorpusItem, 'file'>) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    items.push({ file: path.relative(root, file), ...item });
  };
  for (const [i, f] of refs.entries()) {
    const src = readFileSync(f);
    const normal = await sharp(src)
      .rotate()
      .resize(2000, 2000, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 92 })
      .toBuffer();
    await save(`ref-${i}.jpg`, normal, { kind: 'reference', ref: i, transform: 'original' });
    const other = readFileSync(others[i % others.length] ?? f);
    for (const t of TRANSFORMS) {
      const bytes = await apply(t, normal, rand, other);
      await save(`copy-${i}-${t}.${t === 'format-webp' ? 'webp' : 'img'}`, bytes, {
        kind: 'copy',
        ref: i,
        transform: t,
      });
    }
  }
  for (const [j, f] of others.entries()) {
    const src = await sharp(readFileSync(f))
      .rotate()
      .resize(2000, 2000, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 90 })
      .toBuffer();
    await save(`dis-${j}.jpg`, src, { kind: 'distractor', transform: 'original' });
    const { info } = await sharp(src).toBuffer({ resolveWithObject: true });
    // Tiles: unrelated pictures in their own right, and many of them.
    const tiles = [
      [0, 0, 0.5, 0.5],
      [0.5, 0, 0.5, 0.5],
      [0, 0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5, 0.5],
      [0.2, 0.2, 0.6, 0.6],
    ];
    for (const [k, [x, y, tw, th]] of tiles.entries()) {
      const region = {
        left: Math.floor((x ?? 0) * info.width),
        top: Math.floor((y ?? 0) * info.height),
        width: Math.floor((tw ?? 0) * info.width),
        height: Math.floor((th ?? 0) * info.height),
      };
      await save(`dis-${j}-tile${k}.jpg`, await sharp(src).extract(region).jpeg().toBuffer(), {
        kind: 'distractor',
        transform: 'tile',
      });
    }
    for (const t of [
      TRANSFORMS[Math.floor(rand() * TRANSFORMS.length)] ?? 'border',
      'screenshot' as const,
    ]) {
      const other = readFileSync(others[(j + 1) % others.length] ?? f);
      await save(`dis-${j}-${t}.img`, await apply(t, src, rand, other), {
        kind: 'distractor',
        transform: t,
      });
    }
  }
  writeFileSync(manifestFile, JSON.stringify(items, null, 1));
  return items;
}
