/**
 * Which part of the found image matched, for the outline in review (issue 13 item 7): a match the
 * hashes decide between the whole reference and the photo embedded in a screenshot-like page says
 * where that photo is; a match of the whole found image, or of only part of the reference, says
 * nothing; a verified match says what verification found.
 */
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { decide, matchedRegion, type Comparison } from './compare';
import { fingerprint } from './fingerprint';

it('outlines the embedded photo of a screenshot its hashes matched', async () => {
  const ref = await demoReference(0);
  // A plain grey page of 1000 x 760 with the 640 x 480 picture at (300, 140).
  const page = await sharp({
    create: { width: 1000, height: 760, channels: 3, background: '#2b2d33' },
  })
    .composite([{ input: ref, left: 300, top: 140 }])
    .png()
    .toBuffer();
  const c = decide(
    await fingerprint(ref, { role: 'reference' }),
    await fingerprint(page, { role: 'candidate' }),
  );
  expect(c).toMatchObject({ verdict: 'match', referenceRegion: 'full' });
  expect(['trim', 'embedded']).toContain(c.candidateRegion);
  const region = matchedRegion(c)!;
  const want = [0.3, 140 / 760, 0.94, 140 / 760, 0.94, 620 / 760, 0.3, 620 / 760];
  // The region is found in 8 px cells of the 512 px working image: within 2% of a side.
  region.forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThan(0.02));
});

it('says nothing when the whole found image or only part of the reference matched', () => {
  const base: Comparison = {
    verdict: 'match',
    distance: 12,
    algo: 'pdq',
    transform: 'identity',
    referenceRegion: 'full',
    candidateRegion: 'full',
  };
  expect(matchedRegion(base)).toBeNull();
  const part = {
    ...base,
    referenceRegion: 'crop-c80' as const,
    candidateBox: [0.1, 0.1, 0.9, 0.9],
  };
  expect(matchedRegion(part)).toBeNull();
  const outline = [0, 0, 1, 0, 1, 1, 0, 1];
  expect(matchedRegion({ ...base, verification: { inliers: 40, inlierRatio: 0.7, outline } })).toBe(
    outline,
  );
});
