/**
 * Grounds NEAR_IDENTICAL_PDQ: re-encoded and resized copies of the demo pictures fall within it,
 * different pictures stay far outside. The distances are printed for decision note 0051.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { fingerprint } from '../fingerprint';
import { hamming256 } from '../fingerprint/hash-bits';
import { NEAR_IDENTICAL_PDQ } from './rejected';

describe('near-identical threshold', () => {
  it('holds re-encodings of one picture and separates different pictures', async () => {
    const pdq = async (b: Buffer) => (await fingerprint(b, { role: 'candidate' })).pdq.hash;
    const same: number[] = [];
    const originals: Uint8Array[] = [];
    for (const i of [0, 1, 2]) {
      const ref = await demoReference(i);
      const h = await pdq(ref);
      originals.push(h);
      for (const copy of [
        await sharp(ref).jpeg({ quality: 40 }).toBuffer(),
        await sharp(ref).resize({ width: 400 }).jpeg({ quality: 75 }).toBuffer(),
        await sharp(ref).webp({ quality: 60 }).toBuffer(),
      ])
        same.push(hamming256(h, await pdq(copy)));
    }
    const different: number[] = [];
    for (let a = 0; a < originals.length; a++)
      for (let b = a + 1; b < originals.length; b++)
        different.push(hamming256(originals[a]!, originals[b]!));
    console.log(
      `re-encoded copies: ${same.join(', ')}; different pictures: ${different.join(', ')}`,
    );
    expect(Math.max(...same)).toBeLessThanOrEqual(NEAR_IDENTICAL_PDQ);
    expect(Math.min(...different)).toBeGreaterThan(4 * NEAR_IDENTICAL_PDQ);
  }, 60_000);
});
