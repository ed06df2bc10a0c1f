/**
 * No silently unfindable picture: a dark, low-contrast reference (PDQ quality under 50) is found
 * through its lossless copies (identical pixels) and its light edits (the contrast-stretched hash
 * under the stricter rule), while a flat one says why it will not be, and unrelated dark pictures
 * still do not match. Real photographs from the PDQ vectors, darkened with sharp.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { compare, matchedRegion } from './compare';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));

/** A dim-room version of a photograph: gamma, then most of the light taken away. */
const dark = (bytes: Buffer, width: number) =>
  sharp(bytes).resize(width).gamma(2.2, 1).linear(0.05, 2).jpeg({ quality: 88 }).toBuffer();

let ref: Fingerprint;
let refBytes: Buffer;
beforeAll(async () => {
  refBytes = await dark(input('dih/bridge-1-original.jpg'), 900);
  ref = await fingerprint(refBytes, { role: 'reference' });
});

describe('dark and flat references', () => {
  it('a dark photograph is low-quality, and says copies may be hard to find because of contrast', () => {
    expect(ref.lowQuality).toBe(true);
    expect(ref.hardToFind).toBe('low-contrast');
    expect(ref.variants.some((v) => v.region === 'norm' && (v.quality ?? 0) >= 50)).toBe(true);
  });

  it('its lossless PNG copy matches at distance 0', async () => {
    const png = await sharp(refBytes).png().toBuffer();
    const c = compare(ref, await fingerprint(png, { role: 'candidate' }));
    expect(c.verdict).toBe('match');
    expect(c.distance).toBe(0);
  });

  it('a recompressed copy and a brightened copy match under the stricter rule', async () => {
    for (const copy of [
      await sharp(refBytes).jpeg({ quality: 60 }).toBuffer(),
      await sharp(refBytes).linear(3, 0).jpeg({ quality: 80 }).toBuffer(),
      await sharp(refBytes).resize(450).webp({ quality: 75 }).toBuffer(),
    ]) {
      const c = compare(ref, await fingerprint(copy, { role: 'candidate' }));
      expect(c.verdict).toBe('match');
      expect(c.distance).toBeLessThanOrEqual(32);
    }
  });

  it('another dark photograph does not match it', async () => {
    for (const other of ['labelme-subset/q0291.jpg', 'labelme-subset/q2821.jpg']) {
      const cand = await fingerprint(await dark(input(other), 700), { role: 'candidate' });
      expect(compare(ref, cand).verdict).not.toBe('match');
    }
  });

  it('a flat picture is flagged flat: only the same pixels match it', async () => {
    const flat = await sharp({
      create: { width: 600, height: 400, channels: 3, background: '#101014' },
    })
      .png()
      .toBuffer();
    const fp = await fingerprint(flat, { role: 'reference' });
    expect(fp.hardToFind).toBe('flat');
    const same = await fingerprint(await sharp(flat).png({ compressionLevel: 1 }).toBuffer(), {
      role: 'candidate',
    });
    expect(compare(fp, same)).toMatchObject({ verdict: 'match', algo: 'pixels', distance: 0 });
    const other = await sharp({
      create: { width: 600, height: 400, channels: 3, background: '#121216' },
    })
      .png()
      .toBuffer();
    expect(compare(fp, await fingerprint(other, { role: 'candidate' })).verdict).toBe(
      'low-quality',
    );
  });

  it('a tiny picture is flagged small', async () => {
    const tiny = await sharp(input('dih/bridge-1-original.jpg')).resize(24).png().toBuffer();
    expect((await fingerprint(tiny, { role: 'reference' })).hardToFind).toBe('small');
  });

  it('a normal photograph is not flagged', async () => {
    const fp = await fingerprint(input('dih/bridge-1-original.jpg'), { role: 'reference' });
    expect(fp.hardToFind).toBeUndefined();
    expect(fp.pixels).toBeUndefined();
  });
});

describe('a dark photograph inside a bright page (decision 0028)', () => {
  it('is found by its trimmed region, with where it lies in the page', async () => {
    expect(await loadVerifier()).toBe(true);
    const dim = await sharp(input('dih/bridge-1-original.jpg'))
      .resize(900)
      .gamma(2.2, 1)
      .linear(0.1, 2)
      .jpeg({ quality: 88 })
      .toBuffer();
    const reference = await fingerprint(dim, { role: 'reference' });
    expect(reference.lowQuality).toBe(true);
    const set = new BruteForceReferenceSet();
    set.add('dim', reference);
    const page = await sharp({
      create: { width: 1000, height: 800, channels: 3, background: '#ffffff' },
    })
      .composite([{ input: await sharp(dim).resize(600).toBuffer(), left: 200, top: 220 }])
      .jpeg({ quality: 85 })
      .toBuffer();
    const cand = await fingerprint(page, { role: 'candidate' });
    // The page's white makes the whole picture's quality high, so the whole page's hashes see no
    // dark picture; the trim finds the picture's edges by the step from the page (decision 0028's
    // update: it cut into the dim picture before) and its hash matches.
    expect(cand.lowQuality).toBe(false);
    expect(compare(reference, cand)).toMatchObject({ verdict: 'match', candidateRegion: 'trim' });
    const best = bestMatch(set, cand);
    expect(best).toMatchObject({ referenceId: 'dim', comparison: { verdict: 'match' } });
    // The outline in review: the picture's corners in the page (left 0.2, top 0.275).
    const outline = matchedRegion(best.comparison)!;
    expect(outline[0]).toBeCloseTo(0.2, 1);
    expect(outline[1]).toBeCloseTo(0.275, 1);
  });
});
