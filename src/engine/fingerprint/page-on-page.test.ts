/**
 * Page on page (decision 0019, local proposals): two captures of one app share their chrome (bars,
 * avatars, text lines), and the local-feature proposals verified the one page on the other, chrome
 * on chrome, whatever picture each showed (issue 13's false queue items at scale, and its wrong
 * references). Real photographs (PDQ vectors) in a drawn phone page; the finder's own box.
 *
 * The rule (page-chrome.ts, decision 0019's update of 7 Dec, 19:30): a whole-candidate look's
 * verification whose outline spans far more than the located picture must have inliers in that
 * picture about as often as its keypoints are there, and some at all when the picture lies wholly
 * inside the outline and holds keypoints. Rules measured before it (a second
 * verification of the located picture alone, the 17:00 update) passed these tests but lost copies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { firstLook } from './local-proposals';
import { chromeOnly, locatedBox, PAGE_CHROME, readChrome } from './page-chrome';
import { pictureBox } from './picture-look';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier, verifyPair } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** Where the photo sits in the 780 x 1688 capture. */
const PHOTO = { left: 40, top: 560, w: 700, h: 520 };

/**
 * The app's chrome: a dark phone page with a bar of icons, posts' avatars and lines of "text"
 * (blocks of seeded widths, the same in every capture of the app), and the photo of one post.
 */
async function appCapture(photo: Buffer): Promise<Buffer> {
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const shapes: string[] = [];
  const line = (x: number, y: number, width: number, h: number) => {
    for (let at = x; at < x + width;) {
      const word = 14 + Math.floor(rand() * 46);
      const w = Math.min(word, x + width - at);
      shapes.push(`<rect x="${at}" y="${y}" width="${w}" height="${h}" fill="#d1d5db"/>`);
      at += w + 8 + Math.floor(rand() * 6);
    }
  };
  for (let i = 0; i < 7; i++) {
    shapes.push(`<rect x="${30 + i * 105}" y="36" width="44" height="44" rx="8" fill="#e5e7eb"/>`);
    shapes.push(`<circle cx="${52 + i * 105}" cy="58" r="${8 + i}" fill="#111827"/>`);
  }
  const post = (y: number) => {
    shapes.push(`<circle cx="80" cy="${y + 40}" r="38" fill="#f59e0b"/>`);
    shapes.push(`<rect x="62" y="${y + 22}" width="36" height="36" fill="#7c2d12"/>`);
    line(140, y + 14, 420, 22);
    line(140, y + 50, 300, 16);
    for (let k = 0; k < 3; k++) line(40, y + 110 + k * 34, 700, 18);
  };
  post(130);
  post(1120);
  post(1400);
  const chrome = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="1688">
      <rect width="780" height="1688" fill="#111827"/>
      <rect width="780" height="110" fill="#1f2937"/>
      ${shapes.join('\n')}
    </svg>`,
  );
  const picture = await sharp(photo).resize(PHOTO.w, PHOTO.h, { fit: 'fill' }).toBuffer();
  return sharp(chrome)
    .composite([{ input: picture, left: PHOTO.left, top: PHOTO.top }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

let set: BruteForceReferenceSet;
let unrelated: Fingerprint;
let copy: Fingerprint;
let again: Fingerprint;
let dark: Fingerprint;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set = new BruteForceReferenceSet();
  // A capture of the app registered as a reference (as the tuning half's forum captures are)…
  const page = await appCapture(input('labelme-subset/q0746.jpg'));
  set.add('capture', await fingerprint(page, { role: 'reference' }));
  // … and a photograph registered on its own.
  set.add('bridge', await fingerprint(input('dih/bridge-1-original.jpg'), { role: 'reference' }));
  const other = await appCapture(input('labelme-subset/q1050.jpg'));
  unrelated = await fingerprint(other, { role: 'candidate' });
  const shot = await appCapture(input('dih/bridge-1-original.jpg'));
  copy = await fingerprint(shot, { role: 'candidate' });
  // A capture of a dark, soft photograph: its picture has few keypoints of its own, the page many.
  const night = await sharp(input('labelme-subset/q1050.jpg')).blur(3).linear(0.5, 20).toBuffer();
  dark = await fingerprint(await appCapture(night), { role: 'candidate' });
  // The registered capture itself, shown smaller and re-encoded.
  const small = await sharp(page).resize({ width: 600 }).jpeg({ quality: 70 }).toBuffer();
  again = await fingerprint(small, { role: 'candidate' });
});

describe('page on page through the local proposals', () => {
  it('verifies the chrome: the two captures meet on the page, not on the picture', () => {
    const work = unrelated.work!;
    // The finder located the capture's photo.
    const box = pictureBox(unrelated, work)!;
    const k = work.height / 1688;
    expect(box.y).toBeCloseTo(PHOTO.top * k, -1);
    expect(box.h).toBeCloseTo(PHOTO.h * k, -1);
    // The capture's first look verifies against the other capture: chrome on chrome.
    const ref = set.get('capture')!.features!;
    const look = firstLook(work)!;
    const v = verifyPair(ref, look);
    expect(v.verified).toBe(true);
    // … but none of its inliers lie in the located picture, where several would if it agreed.
    const reading = readChrome(v, look, locatedBox(unrelated.variants)!);
    expect(reading.found).toBe(0);
    expect(reading.expected).toBeGreaterThanOrEqual(PAGE_CHROME.minExpectedInliers);
    expect(reading.outlineOverBox).toBeGreaterThan(PAGE_CHROME.minOutlineOverBox);
    expect(chromeOnly(v, look, locatedBox(unrelated.variants))).toBe(true);
  });

  // Matched to the other capture ('verified', through the local proposals) before the rule.
  it('does not match a capture of an unrelated photo to another capture of the app', () => {
    const best = bestMatch(set, unrelated);
    expect(best.comparison.verdict).toBe('no-match');
  });

  // Matched to the other capture, the wrong reference, before the rule.
  it('matches a capture whose photo is a reference to that reference', () => {
    const best = bestMatch(set, copy);
    expect(best).toMatchObject({ referenceId: 'bridge', comparison: { verdict: 'match' } });
  });

  // The photo is dark and soft, so both pages spend their keypoints on the chrome and fewer than 3
  // inliers are expected in the picture (2.99); none there, in a picture wholly inside the outline
  // that holds keypoints, is the chrome too. One held-out item at scale (a star field in a feed
  // capture, looked at) is of this kind.
  it('does not match a capture of a dark photo to another capture of the app', () => {
    const best = bestMatch(set, dark);
    expect(best.comparison.verdict).toBe('no-match');
  });

  // A page registered as a reference is still found as itself: its picture agrees too.
  it('still matches the registered capture re-encoded to it', () => {
    // The first look's verification, which the rule reads, is kept: the picture agrees too.
    const look = firstLook(again.work!)!;
    const v = verifyPair(set.get('capture')!.features!, look);
    expect(v.verified).toBe(true);
    const reading = readChrome(v, look, locatedBox(again.variants)!);
    expect(reading.found).toBeGreaterThanOrEqual(PAGE_CHROME.minInlierShare * reading.expected);
    expect(chromeOnly(v, look, locatedBox(again.variants))).toBe(false);
    const best = bestMatch(set, again);
    expect(best).toMatchObject({ referenceId: 'capture', comparison: { verdict: 'match' } });
  });
});
