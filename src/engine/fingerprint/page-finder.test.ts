/**
 * The picture inside textured pages (issue 13, decision 0026 update): a dark forum thread whose
 * cards are outlined by 1 px rules, with an avatar, text lines and a sidebar of thumbnails, and a
 * phone feed whose picture runs from one edge of the capture to the other between a post's header
 * and the next post. The texture finder joined every textured cell of such pages (rules, avatars,
 * thumbnails) into one block over its limit, and the outline finder wanted four stepped sides,
 * found the sidebar, or took a whole post for the picture. Real photographs (PDQ vectors).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { decodeImage } from './decode';
import { embeddedBox } from './embedded';
import { lumaFromPixels } from './pdq';
import type { Box } from './region';
import { vectorsDir } from './test-support';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const photo = (name: string, w: number, h: number) =>
  sharp(input(name)).resize(w, h, { fit: 'fill' }).toBuffer();

const text = (x: number, y: number, s: string, fill: string, size = 14) =>
  `<text x="${x}" y="${y}" font-family="sans-serif" font-size="${size}" fill="${fill}">${s}</text>`;

/** Renders an SVG page with photographs placed in it, as a JPEG capture. */
async function capture(
  w: number,
  h: number,
  svg: string,
  photos: { file: string; left: number; top: number; w: number; h: number }[],
): Promise<Buffer> {
  const layers = await Promise.all(
    photos.map(async (p) => ({ input: await photo(p.file, p.w, p.h), left: p.left, top: p.top })),
  );
  const page = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${svg}</svg>`,
  );
  return sharp(page).composite(layers).jpeg({ quality: 85 }).toBuffer();
}

/** The finder's box in the capture's own pixels. */
async function found(bytes: Buffer, captureWidth: number): Promise<Box | undefined> {
  const { rgb, workWidth: w, workHeight: h } = await decodeImage(bytes);
  const b = embeddedBox(rgb, lumaFromPixels(rgb, w, h, 3), w, h);
  const k = captureWidth / w;
  return b && { x: b.x * k, y: b.y * k, w: b.w * k, h: b.h * k };
}

function near(box: Box | undefined, e: Box, tolerance: number) {
  expect(box).toBeDefined();
  for (const k of ['x', 'y', 'w', 'h'] as const) {
    expect(Math.abs(box![k] - e[k])).toBeLessThan(tolerance);
  }
}

const PICTURE = 'dih/bridge-1-original.jpg';
const OTHER = 'labelme-subset/q0003.jpg';

describe('the picture inside a textured page', () => {
  it('is found in a dark forum thread with outlined cards, an avatar and a sidebar', async () => {
    const rule = '#374151';
    const svg = `
      <rect width="1000" height="600" fill="#0f172a"/>
      <rect width="1000" height="40" fill="#111827"/>
      ${text(16, 26, 'board.kr', '#60a5fa', 18)}${text(110, 26, '자유게시판 photos', '#9ca3af')}
      <rect x="12" y="56" width="780" height="520" fill="#111827" stroke="${rule}"/>
      <line x1="170" y1="56" x2="170" y2="576" stroke="${rule}"/>
      ${text(40, 190, 'Lv. 12 · 3,201 posts', '#9ca3af', 12)}
      ${text(190, 84, '3 hours ago', '#9ca3af', 12)}
      ${text(190, 108, 'look what I found, quality is bad sorry', '#e5e7eb')}
      ${text(190, 560, 'source: somewhere', '#9ca3af', 12)}
      <rect x="812" y="56" width="176" height="300" fill="#111827" stroke="${rule}"/>
      ${text(824, 80, 'best of today', '#e5e7eb')}
      ${text(824, 330, 'hot topics', '#e5e7eb')}`;
    const at = { left: 190, top: 124, w: 580, h: 410 };
    const bytes = await capture(1000, 600, svg, [
      { file: PICTURE, ...at },
      { file: OTHER, left: 50, top: 70, w: 80, h: 80 },
      { file: OTHER, left: 824, top: 92, w: 76, h: 60 },
      { file: PICTURE, left: 906, top: 92, w: 70, h: 60 },
      { file: OTHER, left: 824, top: 160, w: 152, h: 150 },
    ]);
    near(await found(bytes, 1000), { x: at.left, y: at.top, w: at.w, h: at.h }, 6);
  });

  it('is found in a phone feed where it runs from edge to edge between two posts', async () => {
    const card = '#ffffff';
    const svg = `
      <rect width="390" height="840" fill="#e5e7eb"/>
      <rect width="390" height="56" fill="${card}"/>
      ${text(16, 36, 'picbook', '#2563eb', 22)}
      <rect y="64" width="390" height="110" fill="${card}"/>
      ${text(70, 90, 'Mina Park', '#111827', 15)}${text(70, 110, '2 hours ago', '#6b7280', 12)}
      ${text(16, 150, 'just another ordinary day', '#111827', 15)}
      <rect y="182" width="390" height="470" fill="${card}"/>
      ${text(70, 208, 'jh_lee', '#111827', 15)}${text(70, 228, '9 hours ago', '#6b7280', 12)}
      ${text(16, 262, 'whose photo is this?', '#111827', 15)}
      ${text(16, 630, '1.2k  87  Share', '#6b7280', 13)}
      <rect y="660" width="390" height="180" fill="${card}"/>
      ${text(70, 686, 'anon1234', '#111827', 15)}${text(70, 706, 'yesterday', '#6b7280', 12)}`;
    const at = { left: 0, top: 280, w: 390, h: 320 };
    const bytes = await capture(390, 840, svg, [
      { file: OTHER, left: 16, top: 72, w: 44, h: 44 },
      { file: OTHER, left: 16, top: 190, w: 44, h: 44 },
      { file: PICTURE, ...at },
      { file: OTHER, left: 16, top: 668, w: 44, h: 44 },
      { file: OTHER, left: 0, top: 724, w: 390, h: 116 },
    ]);
    near(await found(bytes, 390), { x: at.left, y: at.top, w: at.w, h: at.h }, 6);
  });
});
