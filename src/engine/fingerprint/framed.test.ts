/**
 * The picture located by its straight outline (decision 0026): a smooth picture (a colour
 * gradient) and a dark one (a real photograph darkened) inside a desktop page with a bar, a
 * sidebar card and text lines have no textured cells for the texture finder, and are found by
 * their edges; a page of flat cards alone has no picture.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage } from './decode';
import { embeddedBox } from './embedded';
import { framedBox } from './framed';
import { lumaFromPixels } from './pdq';
import { vectorsDir } from './test-support';

const CHROME = `
  <rect width="1000" height="640" fill="#f3f4f6"/>
  <rect width="1000" height="48" fill="#ffffff"/>
  <rect x="20" y="12" width="120" height="24" rx="4" fill="#1d4ed8"/>
  <rect x="740" y="80" width="230" height="300" rx="8" fill="#ffffff"/>
  <rect x="760" y="100" width="150" height="12" fill="#6b7280"/>
  <rect x="760" y="124" width="190" height="12" fill="#9ca3af"/>
  <rect x="40" y="560" width="380" height="14" fill="#6b7280"/>`;
/** Where the picture sits in the 1000 x 640 page. */
const AT = { left: 60, top: 90, w: 620, h: 440 };

async function page(picture?: Buffer): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="640">${CHROME}</svg>`,
  );
  const layers = picture
    ? [{ input: await sharp(picture).resize(AT.w, AT.h, { fit: 'fill' }).toBuffer(), ...AT }]
    : [];
  return sharp(svg).composite(layers).jpeg({ quality: 85 }).toBuffer();
}

const gradient = () =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="620" height="440">
        <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#7c3aed"/><stop offset="0.5" stop-color="#f59e0b"/>
          <stop offset="1" stop-color="#10b981"/></linearGradient></defs>
        <rect width="620" height="440" fill="url(#g)"/></svg>`,
    ),
  )
    .png()
    .toBuffer();

const dark = () =>
  sharp(readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg')))
    .linear(0.12, 4)
    .png()
    .toBuffer();

async function boxes(bytes: Buffer) {
  const img = await decodeImage(bytes);
  const { rgb, workWidth: w, workHeight: h } = img;
  const k = w / 1000;
  const expected = { x: AT.left * k, y: AT.top * k, w: AT.w * k, h: AT.h * k };
  return {
    framed: framedBox(rgb, w, h, 0.06, 0.85),
    embedded: embeddedBox(rgb, lumaFromPixels(rgb, w, h, 3), w, h),
    expected,
  };
}

function near(box: { x: number; y: number; w: number; h: number } | undefined, e: typeof box) {
  expect(box).toBeDefined();
  for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(box![k] - e![k])).toBeLessThan(4);
}

describe('the picture by its straight outline', () => {
  it('finds a smooth gradient picture in a page', async () => {
    const { framed, embedded, expected } = await boxes(await page(await gradient()));
    near(framed, expected);
    near(embedded, expected);
  });

  it('finds a dark photograph in a page', async () => {
    const { framed, embedded, expected } = await boxes(await page(await dark()));
    near(framed, expected);
    near(embedded, expected);
  });

  it('finds no picture in a page of flat cards and text bars', async () => {
    const { framed } = await boxes(await page());
    expect(framed).toBeUndefined();
  });
});
