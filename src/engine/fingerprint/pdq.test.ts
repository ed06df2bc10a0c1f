import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { bytesToHex, hamming256, hexToBytes } from './hash-bits';
import { dctDihedral, pdqBitsFromDct, pdqFromPixels } from './pdq';
import type { Dihedral } from './pdq';
import { readVectors, vectorsDir } from './test-support';

/** Full-resolution decode without orientation or pre-resize, as the reference tools read pixels. */
async function pdqOfFile(file: string) {
  const { data, info } = await sharp(readFileSync(file))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return pdqFromPixels(new Uint8Array(data), info.width, info.height, info.channels);
}

describe('PDQ against the reference vectors', () => {
  it('reproduces python-threatexchange (C++ core) exactly: hash and quality', async () => {
    // I16.png is left out: its expected value depends on Pillow's 16-bit to 8-bit conversion,
    // not on PDQ; LA.png (grey + alpha) and rgb.jpeg test the algorithm on the same pixels.
    const rows = readVectors('python-threatexchange-unittest.csv').filter(
      (r) => !r.file.endsWith('I16.png'),
    );
    expect(rows.length).toBe(2);
    for (const r of rows) {
      const got = await pdqOfFile(r.file);
      expect(bytesToHex(got.hash), path.basename(r.file)).toBe(r.hex);
      expect(got.quality).toBe(r.quality);
    }
  });

  it.each(['cpp-bin-readme.csv', 'java-readme.csv', 'cpp-sql-readme.csv'])(
    '%s: within the README tolerance (distance <= 10 where quality >= 80)',
    async (csv) => {
      const rows = readVectors(csv);
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) {
        const got = await pdqOfFile(r.file);
        if (got.quality >= 80) {
          expect(hamming256(got.hash, hexToBytes(r.hex)), r.file).toBeLessThanOrEqual(10);
        }
        if (r.quality !== undefined) expect(got.quality).toBe(r.quality);
      }
    },
  );

  it('python-readme.csv: within the pure-Python test tolerance (16) and equal quality', async () => {
    const rows = readVectors('python-readme.csv');
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      const got = await pdqOfFile(r.file);
      expect(hamming256(got.hash, hexToBytes(r.hex)), r.file).toBeLessThanOrEqual(16);
      expect(got.quality).toBe(r.quality);
    }
  });

  it('labelme q0003/q0004 report their low quality', async () => {
    const dir = path.join(vectorsDir, 'pdq/data/reg-test-input/labelme-subset');
    expect((await pdqOfFile(path.join(dir, 'q0003.jpg'))).quality).toBe(3);
    expect((await pdqOfFile(path.join(dir, 'q0004.jpg'))).quality).toBe(4);
  });

  it('dihedral variants of the original predict the hashes of the 8 turned files', async () => {
    const rows = readVectors('cpp-bin-readme.csv');
    const original = rows.find((r) => r.file.includes('bridge-1-original'));
    expect(original).toBeDefined();
    const base = await pdqOfFile(original?.file ?? '');
    // The files name turns mathematically (counter-clockwise; flipx mirrors about the x axis);
    // Jium names them as a viewer sees them (rotate90 = clockwise, as sharp's rotate(90)).
    const expected: Record<string, Dihedral> = {
      'bridge-2-rotate-90': 'rotate270',
      'bridge-3-rotate-180': 'rotate180',
      'bridge-4-rotate-270': 'rotate90',
      'bridge-5-flipx': 'flip-vertical',
      'bridge-6-flipy': 'flip-horizontal',
      'bridge-7-flip-plus-1': 'transpose',
      'bridge-8-flip-minus-1': 'anti-transpose',
    };
    for (const [name, t] of Object.entries(expected)) {
      const row = rows.find((r) => r.file.includes(name));
      const predicted = pdqBitsFromDct(dctDihedral(base.dct, t));
      const d = hamming256(predicted, hexToBytes(row?.hex ?? ''));
      expect(d, `${name} vs ${t}`).toBeLessThanOrEqual(10);
    }
  });

  it('gives an all-zero hash and quality 0 below 5 pixels, and 0 quality on flat images', () => {
    // Varied pixels, so that a hash computed from them would not be all zero by accident.
    for (const [w, h] of [
      [4, 4],
      [4, 100],
      [100, 4],
    ] as const) {
      const px = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 97) % 256);
      const tiny = pdqFromPixels(px, w, h, 3);
      expect(tiny.quality, `${w}x${h}`).toBe(0);
      expect(bytesToHex(tiny.hash), `${w}x${h}`).toBe('0'.repeat(64));
    }
    const varied = Uint8Array.from({ length: 5 * 5 * 3 }, (_, i) => (i * 97) % 256);
    expect(bytesToHex(pdqFromPixels(varied, 5, 5, 3).hash)).not.toBe('0'.repeat(64));
    const flat = pdqFromPixels(new Uint8Array(100 * 80 * 3).fill(128), 100, 80, 3);
    expect(flat.quality).toBe(0);
  });
});
