/**
 * The bound that lets bestMatch skip deciding references that can only be a no-match (decision
 * 0018), on real photographs (PDQ vectors) and real transformed copies: whenever it rules a pair
 * out, the full rule says no-match and proposes nothing; it rules out most unrelated pairs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { decide, DEFAULT_RULE } from './compare';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { hashBound, noMatchOnly, proposeForVerification } from './reference-set';
import { vectorsDir } from './test-support';

const dir = path.join(vectorsDir, 'pdq/data/reg-test-input');
const photos = [
  ...readdirSync(path.join(dir, 'labelme-subset')).map((f) => path.join(dir, 'labelme-subset', f)),
  path.join(dir, 'dih/bridge-1-original.jpg'),
  path.join(dir, 'pen-and-coaster.png'),
];

/** Copies a crawler meets: smaller, recompressed, cropped, mirrored, a half crop, rotated. */
async function copies(file: string): Promise<Buffer[]> {
  const bytes = readFileSync(file);
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const crop = (k: number) =>
    sharp(bytes)
      .extract({
        left: Math.round((width * (1 - k)) / 2),
        top: Math.round((height * (1 - k)) / 2),
        width: Math.round(width * k),
        height: Math.round(height * k),
      })
      .jpeg({ quality: 70 })
      .toBuffer();
  return Promise.all([
    sharp(bytes)
      .resize(Math.round(width / 2))
      .jpeg({ quality: 40 })
      .toBuffer(),
    crop(0.8),
    crop(0.5),
    sharp(bytes).flop().jpeg().toBuffer(),
    sharp(bytes).rotate(90).jpeg().toBuffer(),
  ]);
}

let refs: Fingerprint[];
let candidates: { fp: Fingerprint; of: number }[];
beforeAll(async () => {
  refs = await Promise.all(photos.map((f) => fingerprint(readFileSync(f), { role: 'reference' })));
  candidates = [];
  for (const [i, f] of photos.entries()) {
    for (const c of await copies(f)) {
      candidates.push({ fp: await fingerprint(c, { role: 'candidate' }), of: i });
    }
  }
}, 120_000);

describe('noMatchOnly', () => {
  it('rules out only pairs that the rule neither matches nor proposes', () => {
    let ruledOut = 0;
    let unrelated = 0;
    for (const { fp, of } of candidates) {
      const bound = hashBound(fp, DEFAULT_RULE);
      if (!bound) continue;
      for (const [r, ref] of refs.entries()) {
        const out = noMatchOnly(ref, fp, bound);
        const hashed = decide(ref, fp, DEFAULT_RULE);
        if (out) {
          expect(hashed.verdict).toBe('no-match');
          expect(proposeForVerification(ref, fp, hashed)).toBeUndefined();
        }
        // A copy may be ruled out too (a half crop: only the local features find it), but then
        // the hashes had nothing for it either (checked above).
        if (r !== of) {
          unrelated++;
          if (out) ruledOut++;
        }
      }
    }
    // Not vacuous: most unrelated pairs are ruled out (the saving), and there are many of them.
    expect(unrelated).toBeGreaterThan(200);
    console.log(`ruled out ${ruledOut} of ${unrelated} unrelated pairs`);
    expect(ruledOut / unrelated).toBeGreaterThan(0.5);
  });

  it('never rules out the same bytes or a low-quality candidate', async () => {
    const same = await fingerprint(readFileSync(photos[0]!), { role: 'candidate' });
    expect(noMatchOnly(refs[0]!, same, hashBound(same, DEFAULT_RULE)!)).toBe(false);
    const flat = await sharp({
      create: { width: 200, height: 200, channels: 3, background: '#202020' },
    })
      .png()
      .toBuffer();
    const dark = await fingerprint(flat, { role: 'candidate' });
    expect(dark.lowQuality).toBe(true);
    expect(hashBound(dark, DEFAULT_RULE)).toBeUndefined();
  });
});
