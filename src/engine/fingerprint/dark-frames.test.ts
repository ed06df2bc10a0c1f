/**
 * A dark photograph inside a frame (black letterbox bars, a white caption bar, a grey border): the
 * trim finds the picture's edges by the step from the flat border to the picture, instead of
 * calling every line of the dim picture "uniform" and cutting into it (decision 0028, update).
 * Real photographs from the PDQ vectors, made night-dark with sharp.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage, DEFAULT_LIMITS } from './decode';
import type { Box } from './region';
import { vectorsDir } from './test-support';
import { trimBox } from './trim';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** A night version of a photograph (the held-out corpus's made night: gamma 1.8, 22% of the light). */
async function night(name: string, width: number): Promise<Buffer> {
  return sharp(input(name)).resize(width).gamma(1.8, 1).linear(0.22, 3).toBuffer();
}

interface Framed {
  bytes: Buffer;
  /** The picture's box in the framed image's pixels. */
  picture: Box;
  width: number;
}

async function framed(
  picture: Buffer,
  pad: { top: number; bottom: number; left: number; right: number },
  background: string,
): Promise<Framed> {
  const meta = await sharp(picture).metadata();
  const bytes = await sharp(picture)
    .extend({ ...pad, background })
    .jpeg({ quality: 85 })
    .toBuffer();
  const picBox = { x: pad.left, y: pad.top, w: meta.width!, h: meta.height! };
  return { bytes, picture: picBox, width: meta.width! + pad.left + pad.right };
}

/** trimBox on the matcher's working image, scaled back to the framed image's pixels. */
async function trimmed(f: Framed): Promise<Box | undefined> {
  const img = await decodeImage(f.bytes, DEFAULT_LIMITS);
  const box = trimBox(img.rgb, img.workWidth, img.workHeight);
  if (!box) return undefined;
  const s = f.width / img.workWidth;
  return { x: box.x * s, y: box.y * s, w: box.w * s, h: box.h * s };
}

/** Every edge of `box` within `tolerance` pixels of the picture's. */
function expectEdges(box: Box | undefined, picture: Box, tolerance: number) {
  expect(box).toBeDefined();
  const b = box!;
  expect(Math.abs(b.x - picture.x)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(b.y - picture.y)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(b.x + b.w - (picture.x + picture.w))).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(b.y + b.h - (picture.y + picture.h))).toBeLessThanOrEqual(tolerance);
}

describe('a dark photograph inside a frame', () => {
  it('black letterbox bars are trimmed to the picture, not into it', async () => {
    const pic = await night('dih/bridge-1-original.jpg', 640);
    const f = await framed(pic, { top: 0, bottom: 0, left: 200, right: 200 }, '#000000');
    expectEdges(await trimmed(f), f.picture, 8);
  });

  it('a plain white bar above and a grey frame around are trimmed to the picture', async () => {
    const pic = await night('dih/bridge-1-original.jpg', 560);
    const bar = await framed(pic, { top: 180, bottom: 0, left: 0, right: 0 }, '#ffffff');
    expectEdges(await trimmed(bar), bar.picture, 8);
    const grey = await framed(pic, { top: 60, bottom: 60, left: 60, right: 60 }, '#808080');
    expectEdges(await trimmed(grey), grey.picture, 8);
  });

  it('a caption bar with text above is trimmed past its text lines to the picture', async () => {
    const pic = await night('dih/bridge-1-original.jpg', 600);
    const meta = await sharp(pic).metadata();
    const bar = Math.round(meta.height! * 0.25);
    const svg = `<svg width="${meta.width}" height="${bar}" xmlns="http://www.w3.org/2000/svg">
      <rect width="100%" height="100%" fill="#fff"/>
      <text x="24" y="${bar * 0.42}" font-family="DejaVu Sans" font-size="${bar * 0.26}"
        fill="#111">nobody expected this</text>
      <text x="24" y="${bar * 0.8}" font-family="DejaVu Sans" font-size="${bar * 0.18}"
        fill="#555">seen on the way home</text></svg>`;
    const bytes = await sharp(pic)
      .extend({ top: bar, background: '#ffffff' })
      .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
      .jpeg({ quality: 85 })
      .toBuffer();
    const picture = { x: 0, y: bar, w: meta.width!, h: meta.height! };
    expectEdges(await trimmed({ bytes, picture, width: meta.width! }), picture, 8);
  });

  it('a dark photograph with no frame is not cut', async () => {
    const pic = await night('dih/bridge-1-original.jpg', 720);
    const bytes = await sharp(pic).jpeg({ quality: 85 }).toBuffer();
    const img = await decodeImage(bytes, DEFAULT_LIMITS);
    expect(trimBox(img.rgb, img.workWidth, img.workHeight)).toBeUndefined();
  });

  it('a bright photograph in white borders is still trimmed to its edges', async () => {
    const pic = await sharp(input('dih/bridge-1-original.jpg')).resize(600).toBuffer();
    const f = await framed(pic, { top: 40, bottom: 120, left: 30, right: 30 }, '#ffffff');
    expectEdges(await trimmed(f), f.picture, 6);
  });
});
