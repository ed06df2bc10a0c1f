/**
 * A pair whose hashes agree only on the whole of a page (the full or trimmed region) counts only
 * if the picture the page shows agrees with the reference too (decision 0019): two screenshots of
 * one app share bars, sidebars, text and avatars, and whole-picture hashes plus verification on
 * the whole page confirmed that agreement (the false queue items at 1,000 real references). Real
 * photographs (PDQ vectors) in a page; the picture's place is the candidate's `embedded` box.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import type { ReferenceSet } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** The photo large in a light page with a title bar and a caption line (drawn as SVG). */
async function page(photo: Buffer): Promise<Buffer> {
  const chrome = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700">
      <rect width="900" height="700" fill="#f4f5f7"/>
      <rect width="900" height="56" fill="#1d4ed8"/>
      <rect x="40" y="660" width="300" height="12" fill="#9ca3af"/>
    </svg>`,
  );
  const picture = await sharp(photo).resize(820, 560, { fit: 'fill' }).toBuffer();
  return sharp(chrome)
    .composite([{ input: picture, left: 40, top: 80 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

let set: BruteForceReferenceSet;
let cand: Fingerprint;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set = new BruteForceReferenceSet();
  set.add('bridge', await fingerprint(input('dih/bridge-1-original.jpg'), { role: 'reference' }));
  cand = await fingerprint(await page(input('dih/bridge-1-original.jpg')), { role: 'candidate' });
});

/** The candidate as if the finder had found its picture at `box` (fractions), or nothing. */
function withPicture(box?: number[]): Fingerprint {
  const c = structuredClone(cand);
  const variants = c.variants.filter((v) => v.region !== 'embedded');
  // The embedded hash itself is put far from everything: only the whole page proposes.
  if (box) variants.push({ ...variants[0]!, region: 'embedded', hash: new Uint8Array(32), box });
  return { ...c, variants };
}

/** The same references without their descriptor index: only the hashes propose. */
function hashProposalsOnly(): ReferenceSet {
  return {
    add: (id, fp) => set.add(id, fp),
    get: (id) => set.get(id),
    findNearest: (hash, algo, radius) => set.findNearest(hash, algo, radius),
    get size() {
      return set.size;
    },
  };
}

describe('a whole-page hash agreement needs the picture to agree', () => {
  it('is verified on the whole page when no picture was found in it', () => {
    const best = bestMatch(set, withPicture());
    expect(best).toMatchObject({ referenceId: 'bridge', comparison: { algo: 'pdq+verified' } });
    expect(best.comparison.candidateRegion).not.toBe('embedded');
  });

  it('counts when the picture inside the page verifies too', () => {
    const photo = [40 / 900, 80 / 700, 860 / 900, 640 / 700];
    const best = bestMatch(set, withPicture(photo));
    expect(best).toMatchObject({ referenceId: 'bridge', comparison: { verdict: 'match' } });
  });

  it('does not count when the picture found in the page is something else', () => {
    // The finder's picture is the page's lower part (caption and margin, a strip of the photo):
    // the whole page agrees, its picture does not, as with two captures of one app.
    const elsewhere = [0, 600 / 700, 1, 1];
    expect(bestMatch(hashProposalsOnly(), withPicture(elsewhere)).comparison.verdict).toBe(
      'no-match',
    );
    // The local-feature proposals, which look at the picture itself, still find the photo.
    expect(bestMatch(set, withPicture(elsewhere)).comparison.algo).toBe('verified');
  });
});
