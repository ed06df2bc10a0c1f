/**
 * The held-out corpus's re-upload transforms, written apart from bench/fingerprint-corpus.ts on
 * purpose (other parameters, other code): what people do to a picture before posting it again.
 * Everything is seeded, so the corpus is the same on every machine. Screenshots by Chromium are
 * in heldout-screens.ts; this file is sharp plus a little pixel arithmetic.
 */
import sharp from 'sharp';
import type { Sharp } from 'sharp';

/** Transforms made here (the Chromium screenshots are added by heldout-screens.ts). */
export const PIXEL_TRANSFORMS = [
  'scale-down-35',
  'jpeg-q12',
  'webp-q40',
  'gif-palette',
  'png-lossless',
  'mirror',
  'rotate-90',
  'rotate-180',
  'tilt-crop',
  'letterbox',
  'watermark-tiled',
  'caption-bar',
  'hue-saturation',
  'sepia',
  'gamma-bright',
  'gaussian-blur',
  'sensor-noise',
  'crop-half',
  'crop-half-mirror',
  'collage-2x2',
  'photo-of-screen',
] as const;
export type PixelTransform = (typeof PIXEL_TRANSFORMS)[number];

/** xorshift32, seeded: a different generator from the other corpus's on purpose. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

async function raw(img: Buffer): Promise<Raw> {
  const { data, info } = await sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const fromRaw = (r: Raw) =>
  sharp(r.data, { raw: { width: r.width, height: r.height, channels: 3 } });
const jpg = (s: Sharp, q = 88) => s.jpeg({ quality: q, mozjpeg: true }).toBuffer();

/** Darkens a photograph as if taken at night or in a dim room, or veils it in fog. */
export async function darken(img: Buffer, kind: 'night' | 'indoor' | 'fog'): Promise<Buffer> {
  const r = await raw(img);
  const out = Buffer.alloc(r.data.length);
  for (let i = 0; i < r.data.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      const v = (r.data[i + c] ?? 0) / 255;
      let o: number;
      if (kind === 'night') o = 0.22 * Math.pow(v, 1.8) + (c === 2 ? 0.03 : 0.01);
      else if (kind === 'indoor') o = (0.1 + 0.22 * v) * [1.0, 0.8, 0.55][c]!;
      else o = 0.62 + 0.25 * v;
      out[i + c] = Math.round(Math.max(0, Math.min(1, o)) * 255);
    }
  }
  return jpg(fromRaw({ ...r, data: out }), 92);
}

/** Bilinear sample of channel c at (x, y), black outside. */
function sample(r: Raw, x: number, y: number, c: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= r.width - 1 || y0 >= r.height - 1) return 12;
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => r.data[(yy * r.width + xx) * 3 + c] ?? 0;
  return (
    at(x0, y0) * (1 - fx) * (1 - fy) +
    at(x0 + 1, y0) * fx * (1 - fy) +
    at(x0, y0 + 1) * (1 - fx) * fy +
    at(x0 + 1, y0 + 1) * fx * fy
  );
}

/** Homography mapping the unit square's corners to four points (solved in closed form). */
function squareToQuad(q: [number, number][]): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h];
}

/**
 * A phone photograph of a monitor showing the picture: the screen seen at an angle (perspective),
 * a dark room around it, the screen's pixel grid beating against the camera's (moiré), a little
 * defocus, sensor noise and the phone's JPEG.
 */
async function photoOfScreen(img: Buffer, rand: () => number): Promise<Buffer> {
  const src = await raw(await sharp(img).resize(900, 900, { fit: 'inside' }).toBuffer());
  const W = 1200;
  const H = 900;
  const j = () => (rand() - 0.5) * 0.12;
  const quad: [number, number][] = [
    [W * (0.1 + j()), H * (0.1 + j())],
    [W * (0.9 + j()), H * (0.06 + j())],
    [W * (0.93 + j()), H * (0.92 + j())],
    [W * (0.08 + j()), H * (0.88 + j())],
  ];
  // Inverse mapping: for each output pixel, where it falls in the screen's unit square.
  const [a, b, c, d, e, f, g, h] = squareToQuad(quad) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Invert the 3x3 matrix [[a b c] [d e f] [g h 1]].
  const A = e - f * h;
  const B = f * g - d;
  const C = d * h - e * g;
  const D = c * h - b;
  const E = a - c * g;
  const F = b * g - a * h;
  const G = b * f - c * e;
  const Hh = c * d - a * f;
  const I = a * e - b * d;
  const out = Buffer.alloc(W * H * 3);
  const period = 3.1 + rand() * 1.5;
  const angle = 0.2 + rand() * 0.5;
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const w = C * x + F * y + I;
      const u = (A * x + D * y + G) / w;
      const v = (B * x + E * y + Hh) / w;
      const o = (y * W + x) * 3;
      if (u < 0 || u > 1 || v < 0 || v > 1) {
        for (let k = 0; k < 3; k++) out[o + k] = 18 + ((x + y) & 7);
        continue;
      }
      // Moiré: the product of two gratings at slightly different angles and periods.
      const m1 = Math.cos((2 * Math.PI * (ca * x + sa * y)) / period);
      const m2 = Math.cos((2 * Math.PI * (x * 0.98 - y * 0.2)) / (period * 1.07));
      const moire = 1 + 0.07 * m1 * m2;
      const glare = 1 + 0.12 * Math.exp(-(((u - 0.7) ** 2 + (v - 0.3) ** 2) / 0.05));
      for (let k = 0; k < 3; k++) {
        const s = sample(src, u * (src.width - 1), v * (src.height - 1), k);
        const n = (rand() - 0.5) * 14;
        out[o + k] = Math.max(0, Math.min(255, Math.round(s * 0.92 * moire * glare + 10 + n)));
      }
    }
  }
  return jpg(fromRaw({ data: out, width: W, height: H }).blur(0.9), 82);
}

/** Applies one transform; `others` are unrelated pictures of the same half (for collages). */
export async function applyTransform(
  t: PixelTransform,
  img: Buffer,
  rand: () => number,
  others: Buffer[],
): Promise<{ bytes: Buffer; ext: string }> {
  const meta = await sharp(img).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  const base = () => sharp(img);
  const j = async (s: Sharp, q = 85) => ({ bytes: await jpg(s, q), ext: 'jpg' });
  switch (t) {
    case 'scale-down-35':
      return j(base().resize(Math.max(64, Math.round(w * 0.35))));
    case 'jpeg-q12':
      return { bytes: await base().jpeg({ quality: 12 }).toBuffer(), ext: 'jpg' };
    case 'webp-q40':
      return { bytes: await base().webp({ quality: 40 }).toBuffer(), ext: 'webp' };
    case 'gif-palette':
      return {
        bytes: await base().resize(Math.min(w, 640)).gif({ colours: 64 }).toBuffer(),
        ext: 'gif',
      };
    case 'png-lossless':
      return { bytes: await base().png().toBuffer(), ext: 'png' };
    case 'mirror':
      return j(base().flop());
    case 'rotate-90':
      return j(base().rotate(rand() < 0.5 ? 90 : 270));
    case 'rotate-180':
      return j(base().rotate(180));
    case 'tilt-crop': {
      // Straightened-by-hand look: 3-7 degrees, then cropped to the largest inner rectangle.
      const deg = (3 + rand() * 4) * (rand() < 0.5 ? -1 : 1);
      const rad = (Math.abs(deg) * Math.PI) / 180;
      const turned = await base().rotate(deg).toBuffer({ resolveWithObject: true });
      const cw = Math.floor((w * Math.cos(rad) - h * Math.sin(rad)) * 0.98);
      const ch = Math.floor((h * Math.cos(rad) - w * Math.sin(rad)) * 0.98);
      const left = Math.floor((turned.info.width - cw) / 2);
      const top = Math.floor((turned.info.height - ch) / 2);
      return j(
        sharp(turned.data).extract({
          left,
          top,
          width: Math.max(32, cw),
          height: Math.max(32, ch),
        }),
      );
    }
    case 'letterbox': {
      // Fitted into a 16:9 (or 9:16 for portrait) frame, bars black or blurred copies.
      const portrait = h > w;
      const W = portrait ? 1080 : 1920;
      const H = portrait ? 1920 : 1080;
      const fitted = await base().resize(W, H, { fit: 'inside' }).toBuffer();
      const back =
        rand() < 0.5
          ? sharp({ create: { width: W, height: H, channels: 3, background: '#000' } })
          : sharp(
              await base()
                .resize(W, H, { fit: 'cover' })
                .blur(30)
                .modulate({ brightness: 0.6 })
                .toBuffer(),
            );
      return j(back.composite([{ input: fitted, gravity: 'centre' }]));
    }
    case 'watermark-tiled': {
      const size = Math.max(14, Math.round(w / 22));
      const rows: string[] = [];
      for (let y = size * 2; y < h; y += size * 5) {
        for (let x = -size * 4; x < w; x += size * 9) {
          rows.push(
            `<text x="${x + ((y / size) % 3) * size}" y="${y}" transform="rotate(-20 ${x} ${y})">@pics_daily</text>`,
          );
        }
      }
      const svg = `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><g
        font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#fff" fill-opacity="0.35">
        ${rows.join('')}</g></svg>`;
      return j(base().composite([{ input: Buffer.from(svg) }]));
    }
    case 'caption-bar': {
      // A meme-style white bar with text above the picture.
      const bar = Math.round(h * 0.22);
      const svg = `<svg width="${w}" height="${bar}" xmlns="http://www.w3.org/2000/svg">
        <rect width="100%" height="100%" fill="#fff"/>
        <text x="${w * 0.04}" y="${bar * 0.45}" font-family="Noto Sans CJK KR, DejaVu Sans"
          font-size="${bar * 0.28}" fill="#111">이거 보셨어요? lol</text>
        <text x="${w * 0.04}" y="${bar * 0.82}" font-family="DejaVu Sans"
          font-size="${bar * 0.2}" fill="#555">when the weekend finally comes</text></svg>`;
      return j(
        base()
          .extend({ top: bar, background: '#fff' })
          .composite([{ input: Buffer.from(svg), top: 0, left: 0 }]),
      );
    }
    case 'hue-saturation':
      return j(base().modulate({ hue: 25 + Math.round(rand() * 40), saturation: 1.5 }));
    case 'sepia':
      return j(
        base().recomb([
          [0.393, 0.769, 0.189],
          [0.349, 0.686, 0.168],
          [0.272, 0.534, 0.131],
        ]),
      );
    case 'gamma-bright':
      return j(base().linear(0.8, 55).gamma(1.6));
    case 'gaussian-blur':
      return j(base().blur(Math.max(1.2, Math.max(w, h) / 300)));
    case 'sensor-noise': {
      const r = await raw(img);
      for (let i = 0; i < r.data.length; i += 3) {
        const lum = (rand() - 0.5) * 36;
        for (let c = 0; c < 3; c++) {
          const v = (r.data[i + c] ?? 0) + lum + (rand() - 0.5) * 18;
          r.data[i + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
      return j(fromRaw(r), 80);
    }
    case 'crop-half':
    case 'crop-half-mirror': {
      // Keeps 50% of each side, anywhere in the picture (a quarter of its area).
      const cw = Math.round(w * 0.5);
      const ch = Math.round(h * 0.5);
      const left = Math.floor(rand() * (w - cw));
      const top = Math.floor(rand() * (h - ch));
      const s = base().extract({ left, top, width: cw, height: ch });
      return j(t === 'crop-half-mirror' ? s.flop() : s);
    }
    case 'collage-2x2': {
      // The picture in one cell of a 2x2 grid with three unrelated pictures, thin gutters.
      const cell = 480;
      const gap = 6;
      const at = Math.floor(rand() * 4);
      const tiles: Buffer[] = [];
      for (let k = 0, o = 0; k < 4; k++) {
        const src = k === at ? img : (others[o++ % Math.max(1, others.length)] ?? img);
        tiles.push(await sharp(src).resize(cell, cell, { fit: 'cover' }).toBuffer());
      }
      const size = cell * 2 + gap * 3;
      return j(
        sharp({
          create: { width: size, height: size, channels: 3, background: '#fafafa' },
        }).composite(
          tiles.map((input, k) => ({
            input,
            left: gap + (k % 2) * (cell + gap),
            top: gap + Math.floor(k / 2) * (cell + gap),
          })),
        ),
      );
    }
    case 'photo-of-screen':
      return { bytes: await photoOfScreen(img, rand), ext: 'jpg' };
  }
}
