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

import { compare } from './compare';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { vectorsDir } from './test-support';

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
