/**
 * Benign generated images for the fixture site: deterministic compositions of shapes and gradients
 * (rendered from SVG by sharp), the demo "case" references, and transformed copies of them as a
 * re-uploader would make (resized, re-compressed, mirrored, cropped, framed).
 */
import sharp from 'sharp';

/** A small deterministic random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An SVG picture of many random shapes over a background whose gradient runs in a random
 * direction: busy and varied like a photo, so that unrelated pictures are far apart in both PDQ
 * and blockhash (a shared gradient direction made blockhash call unrelated pictures alike).
 */
export function pictureSvg(seed: number, width: number, height: number): string {
  const r = seeded(seed);
  const colour = () =>
    `rgb(${Math.floor(r() * 256)},${Math.floor(r() * 256)},${Math.floor(r() * 256)})`;
  const shapes: string[] = [];
  const n = 30 + Math.floor(r() * 20);
  for (let i = 0; i < n; i++) {
    const x = r() * width;
    const y = r() * height;
    const s = (0.04 + r() * 0.22) * Math.min(width, height);
    shapes.push(
      r() < 0.5
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${s.toFixed(1)}" fill="${colour()}"/>`
        : `<rect x="${(x - s).toFixed(1)}" y="${(y - s / 2).toFixed(1)}" width="${(2 * s).toFixed(1)}" height="${s.toFixed(1)}" transform="rotate(${Math.floor(r() * 180)} ${x.toFixed(1)} ${y.toFixed(1)})" fill="${colour()}"/>`,
    );
  }
  const [x1, y1, x2, y2] = [r(), r(), r(), r()].map((v) => v.toFixed(2));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="g" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">
<stop offset="0" stop-color="${colour()}"/><stop offset="1" stop-color="${colour()}"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
}

/** A JPEG of the picture with this seed. */
export async function pictureJpeg(seed: number, width = 480, height = 360, quality = 85) {
  return sharp(Buffer.from(pictureSvg(seed, width, height)))
    .jpeg({ quality })
    .toBuffer();
}

/** Seeds of the demo case's reference images (distinct from unrelated photos' seeds). */
export const DEMO_REFERENCE_SEEDS = [910_001, 910_002, 910_003] as const;

/** The demo case's reference images (PNG, lossless, 640x480). */
export async function demoReference(i: number): Promise<Buffer> {
  return sharp(Buffer.from(pictureSvg(DEMO_REFERENCE_SEEDS[i]!, 640, 480)))
    .png()
    .toBuffer();
}

/** How a planted copy was altered. */
export type Transform = 'resized' | 'recompressed' | 'mirrored' | 'cropped' | 'framed';

/** A transformed copy of a demo reference, as a JPEG. */
export async function plantedCopy(reference: Buffer, t: Transform): Promise<Buffer> {
  const img = sharp(reference);
  switch (t) {
    case 'resized':
      return img.resize(384, 288).jpeg({ quality: 80 }).toBuffer();
    case 'recompressed':
      return img.jpeg({ quality: 45 }).toBuffer();
    case 'mirrored':
      return img.flop().jpeg({ quality: 85 }).toBuffer();
    case 'cropped':
      return img.extract({ left: 32, top: 24, width: 576, height: 432 }).jpeg().toBuffer();
    case 'framed':
      return img
        .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#ffffff' })
        .jpeg({ quality: 85 })
        .toBuffer();
  }
}
