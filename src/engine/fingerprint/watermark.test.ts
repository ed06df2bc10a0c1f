/**
 * Tiled watermarks on dark pictures (decision 0150): a real photograph (PDQ vectors) darkened the
 * way a dim room's photograph is, with a semi-transparent white handle tiled over it. ORB's
 * keypoints on the copy sit on the letters and the pair the hashes propose does not verify; with
 * the thin bright strokes removed it does. The same watermark over another picture stays unmatched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { openGrey, withoutThinStrokes } from './thin-strokes';
import { extractFeatures, loadVerifier, verifyPair } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** A dim room's photograph: a quarter of the light, a little contrast. */
const dark = (bytes: Buffer) =>
  sharp(bytes).resize(800).modulate({ brightness: 0.3 }).jpeg({ quality: 90 }).toBuffer();

/** A handle tiled over the picture in white at 40% opacity, turned 30 degrees. */
async function watermarked(bytes: Buffer): Promise<Buffer> {
  const { width: w = 0, height: h = 0 } = await sharp(bytes).metadata();
  const size = Math.round(w / 20);
  const text: string[] = [];
  for (let y = size; y < h + size * 4; y += size * 4) {
    for (let x = -size * 6; x < w; x += size * 10) {
      text.push(
        `<text x="${x}" y="${y}" transform="rotate(-30 ${x} ${y})">© leak-hub.example</text>`,
      );
    }
  }
  const svg = `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><g
    font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#fff" fill-opacity="0.4">
    ${text.join('')}</g></svg>`;
  return sharp(bytes)
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

let reference: Buffer;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  reference = await dark(input('dih/bridge-1-original.jpg'));
});

describe('tiled watermarks', () => {
  it('removes strokes narrower than the window and keeps wider shapes', () => {
    const width = 40;
    const height = 40;
    const grey = new Uint8Array(width * height).fill(30);
    for (let y = 0; y < height; y++) {
      for (let x = 10; x < 13; x++) grey[y * width + x] = 120; // a 3 px stroke
      for (let x = 25; x < 37; x++) grey[y * width + x] = 120; // a 12 px band
    }
    const open = openGrey({ grey, width, height });
    expect(open[20 * width + 11]).toBe(30);
    expect(open[20 * width + 30]).toBe(120);
    const clean = withoutThinStrokes({ grey, width, height }).grey;
    expect(clean[20 * width + 11]).toBe(30);
    expect(clean[20 * width + 30]).toBe(120);
    expect(clean[20 * width + 5]).toBe(30);
  });

  it('verifies a dark picture under a tiled watermark once the strokes are gone', async () => {
    const ref = await fingerprint(reference, { role: 'reference' });
    const cand = await fingerprint(await watermarked(reference), { role: 'candidate' });
    const work = cand.work!;
    const plain = verifyPair(ref.features!, extractFeatures(work.grey, work.width, work.height)!);
    const clean = withoutThinStrokes(work);
    const cleaned = verifyPair(
      ref.features!,
      extractFeatures(clean.grey, clean.width, clean.height)!,
    );
    expect(plain.verified).toBe(false);
    expect(cleaned.verified).toBe(true);
    expect(cleaned.inliers).toBeGreaterThan(plain.inliers * 3);

    const set = new BruteForceReferenceSet();
    set.add('bridge', ref);
    const best = bestMatch(set, cand);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.verdict).toBe('match');
    expect(best.comparison.verification?.inliers).toBeGreaterThanOrEqual(16);
  });

  it('leaves another picture under the same watermark unmatched', async () => {
    const set = new BruteForceReferenceSet();
    set.add('bridge', await fingerprint(reference, { role: 'reference' }));
    const other = await dark(input('pen-and-coaster.png'));
    const cand = await fingerprint(await watermarked(other), { role: 'candidate' });
    expect(bestMatch(set, cand).comparison.verdict).not.toBe('match');
  });
});
