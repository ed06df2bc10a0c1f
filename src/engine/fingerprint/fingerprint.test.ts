import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { compare } from './compare';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { hamming256 } from './hash-bits';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';

const photoFile = path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg');
const otherFile = path.join(vectorsDir, 'pdq/data/reg-test-input/labelme-subset/q0291.jpg');
const photo = readFileSync(photoFile);

let ref: Fingerprint;
beforeAll(async () => {
  ref = await fingerprint(photo, { role: 'reference' });
});

const candidate = async (bytes: Buffer) => fingerprint(bytes, { role: 'candidate' });

describe('fingerprint', () => {
  it('computes sha256, PDQ with quality, blockhash and 8 orientations per algorithm', () => {
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.pdq.hex).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.pdq.quality).toBe(100);
    expect(ref.blockhash.hex).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.lowQuality).toBe(false);
    const full = ref.variants.filter((v) => v.region === 'full');
    expect(full.filter((v) => v.algo === 'pdq').map((v) => v.transform)).toHaveLength(8);
    expect(full.filter((v) => v.algo === 'blockhash')).toHaveLength(8);
    expect(ref.variants.some((v) => v.region.startsWith('crop-'))).toBe(true);
  });

  it('matches an exact copy by SHA-256', async () => {
    expect(compare(ref, await candidate(photo))).toMatchObject({
      verdict: 'match',
      algo: 'sha256',
    });
  });

  it.each([
    ['rotated 90', (s: Sharp) => s.rotate(90)],
    ['mirrored', (s: Sharp) => s.flop()],
    ['resized and recompressed', (s: Sharp) => s.resize(400).jpeg({ quality: 30 })],
    ['greyscale', (s: Sharp) => s.greyscale()],
    [
      'padded with a black letterbox',
      (s: Sharp) => s.extend({ top: 300, bottom: 300, background: '#000' }),
    ],
  ])('matches a copy %s', async (_name, op) => {
    const bytes = await op(sharp(photo)).jpeg({ quality: 80 }).toBuffer();
    const result = compare(ref, await candidate(bytes));
    expect(result.verdict).toBe('match');
  });

  it('blockhash orientation variants predict the hash of the turned image', async () => {
    const turned = await candidate(await sharp(photo).rotate(90).png().toBuffer());
    const predicted = ref.variants.find(
      (v) => v.algo === 'blockhash' && v.region === 'full' && v.transform === 'rotate90',
    );
    expect(hamming256(predicted?.hash ?? new Uint8Array(32), turned.blockhash.hash)).toBeLessThan(
      20,
    );
  });

  it('does not match an unrelated photograph', async () => {
    const other = await candidate(readFileSync(otherFile));
    expect(compare(ref, other).verdict).toBe('no-match');
  });

  it('flags flat and tiny images as low quality, and they never match', async () => {
    const flat = await sharp({
      create: { width: 300, height: 200, channels: 3, background: '#7a7a7a' },
    })
      .png()
      .toBuffer();
    const fp = await candidate(flat);
    expect(fp.lowQuality).toBe(true);
    expect(compare(ref, fp).verdict).toBe('low-quality');
    const icon = await sharp(photo).resize(16, 16).png().toBuffer();
    expect((await candidate(icon)).lowQuality).toBe(true);
  });

  it('finds the best reference through the ReferenceSet seam', async () => {
    const set = new BruteForceReferenceSet();
    set.add('bridge', ref);
    set.add('other', await fingerprint(readFileSync(otherFile), { role: 'reference' }));
    const copy = await candidate(await sharp(photo).resize(700).webp().toBuffer());
    const best = bestMatch(set, copy);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.verdict).toBe('match');
  });
});
