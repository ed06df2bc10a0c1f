/**
 * The picture inside a phone-width page, looked at on its own (decision 0026): a real photograph
 * (PDQ vectors) at about a quarter of a tall capture with a bar, an avatar and text lines is too
 * small in the capture's first look to verify; enlarged from the finder's box to the first look's
 * size it verifies, and the match's outline lies on the picture.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { firstLook, LOCAL_PROPOSAL } from './local-proposals';
import { MIN_ZOOM, pictureBox, pictureGrey, resizeGrey } from './picture-look';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier, verifyPair } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** A 780 x 1688 phone capture (390 x 844 at scale 2): bar, avatar, caption lines, the photo. */
async function phonePage(
  photo: Buffer,
  photoBox: { left: number; top: number; w: number; h: number },
) {
  const chrome = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="1688">
      <rect width="780" height="1688" fill="#111827"/>
      <rect width="780" height="110" fill="#1f2937"/>
      <circle cx="70" cy="200" r="36" fill="#f59e0b"/>
      <rect x="130" y="180" width="260" height="18" fill="#9ca3af"/>
      <rect x="130" y="210" width="160" height="14" fill="#6b7280"/>
      <rect x="40" y="1040" width="600" height="20" fill="#9ca3af"/>
      <rect x="40" y="1080" width="420" height="20" fill="#9ca3af"/>
      <rect x="40" y="1400" width="700" height="160" rx="16" fill="#1f2937"/>
    </svg>`,
  );
  const picture = await sharp(photo).resize(photoBox.w, photoBox.h, { fit: 'fill' }).toBuffer();
  return sharp(chrome)
    .composite([{ input: picture, left: photoBox.left, top: photoBox.top }])
    .png()
    .toBuffer();
}

let set: BruteForceReferenceSet;
let cand: Fingerprint;
const photo = { left: 110, top: 300, w: 560, h: 430 };
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set = new BruteForceReferenceSet();
  set.add('bridge', await fingerprint(input('dih/bridge-1-original.jpg'), { role: 'reference' }));
  const bytes = await phonePage(input('dih/bridge-1-original.jpg'), photo);
  cand = await fingerprint(bytes, { role: 'candidate' });
});

describe('the picture look', () => {
  it('enlarges the picture the finder located, and skips pictures the first look already saw', () => {
    const work = cand.work!;
    const box = pictureBox(cand, work)!;
    // The finder's box is the photo (working image 237 x 512: the capture at 512/1688).
    const k = work.height / 1688;
    expect(box.x).toBeCloseTo(photo.left * k, -1);
    expect(box.y).toBeCloseTo(photo.top * k, -1);
    expect(box.w).toBeCloseTo(photo.w * k, -1);
    expect(box.h).toBeCloseTo(photo.h * k, -1);
    const look = pictureGrey(cand, work, LOCAL_PROPOSAL.firstLookSide)!;
    expect(Math.max(look.grey.width, look.grey.height)).toBe(LOCAL_PROPOSAL.firstLookSide);
    // A picture nearly as large as the capture is not looked at again.
    const large = structuredClone(cand);
    const v = large.variants.find((x) => x.region === 'embedded')!;
    v.box = [0, 0, 1, 1 / (MIN_ZOOM - 0.05)];
    expect(pictureGrey(large, work, LOCAL_PROPOSAL.firstLookSide)).toBeUndefined();
  });

  it('verifies the picture where the capture’s first look does not, and outlines it', () => {
    const ref = set.get('bridge')!.features!;
    const work = cand.work!;
    expect(verifyPair(ref, firstLook(work)!).verified).toBe(false);
    const look = pictureGrey(cand, work, LOCAL_PROPOSAL.firstLookSide)!;
    expect(verifyPair(ref, firstLook(look.grey)!).verified).toBe(true);
    // Only local features decide: the located picture's own hashes are put far from everything.
    const far = structuredClone(cand);
    for (const v of far.variants) if (v.region === 'embedded') v.hash = new Uint8Array(32);
    // Without the finder's box, nothing in the capture verifies …
    const noBox = structuredClone(far);
    noBox.variants = noBox.variants.filter((v) => v.region !== 'embedded');
    const without = bestMatch(set, noBox);
    expect(without.comparison.verdict).not.toBe('match');
    // … with it, the picture look does.
    const best = bestMatch(set, far);
    expect(best).toMatchObject({ referenceId: 'bridge', comparison: { verdict: 'match' } });
    const outline = best.comparison.verification!.outline;
    // The outline's corners lie on the photo's corners (fractions of the capture).
    const corners = [
      [photo.left / 780, photo.top / 1688],
      [(photo.left + photo.w) / 780, photo.top / 1688],
      [(photo.left + photo.w) / 780, (photo.top + photo.h) / 1688],
      [photo.left / 780, (photo.top + photo.h) / 1688],
    ];
    corners.forEach(([x, y], i) => {
      expect(Math.abs(outline[2 * i]! - x!)).toBeLessThan(0.03);
      expect(Math.abs(outline[2 * i + 1]! - y!)).toBeLessThan(0.03);
    });
  });

  it('resizes by bilinear interpolation, corners kept', () => {
    const img = { grey: new Uint8Array([0, 100, 200, 50]), width: 2, height: 2 };
    const big = resizeGrey(img, 4);
    expect([big.width, big.height]).toEqual([4, 4]);
    expect(big.grey[0]).toBe(0);
    expect(big.grey[3]).toBe(100);
    expect(big.grey[12]).toBe(200);
    expect(big.grey[15]).toBe(50);
    expect(resizeGrey(img, 2)).toBe(img);
  });
});
