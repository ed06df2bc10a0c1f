import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';

import { bytesToHex } from './hash-bits';
import { pdqFromLumaRegion, pdqFromPixels } from './pdq';
import { blurDecimate64 } from './pdq-blur';
import { pdqSimdActive, setPdqSimd } from './pdq-blur-simd';
import { PDQ_BLUR_WASM } from './pdq-blur-wasm';
import { readVectors } from './test-support';

/** A deterministic luminance plane: whole grey levels or arbitrary float32 values. */
function plane(length: number, seed: number, whole: boolean): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 2 ** 32;
    out[i] = whole ? Math.floor(u * 256) : Math.fround(u * 255.9);
  }
  return out;
}

/** The 64x64 blurred samples both ways: the JavaScript passes, then the WebAssembly ones. */
function bothWays(luma: Float32Array, off: number, stride: number, rows: number, cols: number) {
  setPdqSimd(false);
  const js = blurDecimate64(luma, off, stride, rows, cols).slice();
  setPdqSimd(true);
  const simd = blurDecimate64(luma, off, stride, rows, cols).slice();
  return { js, simd };
}

/** Indices where two sample grids differ, bit for bit (NaN and -0 included). */
function differences(a: Float32Array, b: Float32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

afterEach(() => setPdqSimd(true));

describe('PDQ box filters in WebAssembly SIMD (decision 0128)', () => {
  it('runs here (Node has WebAssembly SIMD)', () => {
    expect(pdqSimdActive()).toBe(true);
  });

  it('gives the JavaScript passes bits on every shape: odd widths, strides, offsets', () => {
    const shapes = [
      [288, 512],
      [360, 640],
      [64, 64],
      [100, 77],
      [333, 501],
      [65, 130],
      [201, 67],
      [512, 387],
    ] as const;
    let compared = 0;
    for (const [rows, cols] of shapes) {
      for (const [seed, whole, pad] of [
        [1, true, 0],
        [2, false, 0],
        [3, false, 13],
      ] as const) {
        const stride = cols + pad;
        const off = pad ? stride + 3 : 0;
        const luma = plane((rows + 2) * stride + 8, seed * 7919 + rows, whole);
        const { js, simd } = bothWays(luma, off, stride, rows, cols);
        expect(differences(js, simd), `${rows}x${cols} seed ${seed}`).toEqual([]);
        compared++;
      }
    }
    expect(compared).toBe(24);
  });

  it('gives the same bits on a plane too large for the shared instance, and again after it', () => {
    // 1,100 x 1,001 floats: over the shared instance's 2^20, so an instance of its own.
    const big = plane(1100 * 1001, 11, true);
    const a = bothWays(big, 0, 1001, 1100, 1001);
    expect(differences(a.js, a.simd)).toEqual([]);
    const small = plane(288 * 512, 12, false);
    const b = bothWays(small, 0, 512, 288, 512);
    expect(differences(b.js, b.simd)).toEqual([]);
  });

  it('gives the JavaScript DCT bits too (decision 0160): 64x64 planes and whole images', () => {
    let compared = 0;
    for (const [rows, cols, seed, whole] of [
      [64, 64, 21, true],
      [64, 64, 22, false],
      [288, 512, 23, true],
      [360, 640, 24, false],
      [101, 77, 25, false],
    ] as const) {
      const luma = plane(rows * cols, seed, whole);
      setPdqSimd(false);
      const js = pdqFromLumaRegion(luma, 0, cols, rows, cols);
      setPdqSimd(true);
      const simd = pdqFromLumaRegion(luma, 0, cols, rows, cols);
      expect(differences(js.dct, simd.dct), `${rows}x${cols} seed ${seed}`).toEqual([]);
      expect(bytesToHex(simd.hash)).toBe(bytesToHex(js.hash));
      expect(simd.quality).toBe(js.quality);
      compared++;
    }
    expect(compared).toBe(5);
  });

  it('keeps python-threatexchange hashes to the bit through the WebAssembly passes', async () => {
    const rows = readVectors('python-threatexchange-unittest.csv').filter(
      (r) => !r.file.endsWith('I16.png'),
    );
    expect(rows.length).toBe(2);
    for (const r of rows) {
      const { data, info } = await sharp(readFileSync(r.file))
        .raw()
        .toBuffer({ resolveWithObject: true });
      const got = pdqFromPixels(new Uint8Array(data), info.width, info.height, info.channels);
      expect(bytesToHex(got.hash)).toBe(r.hex);
      expect(got.quality).toBe(r.quality);
    }
  });

  it('carries the module compiled from pdq-blur.wat (npm run build:wasm after editing it)', async () => {
    const wabt = await wabtInit();
    const source = readFileSync(new URL('./pdq-blur.wat', import.meta.url), 'utf8');
    const mod = wabt.parseWat('pdq-blur.wat', source, { simd: true });
    mod.validate();
    const bytes = Buffer.from(mod.toBinary({}).buffer);
    mod.destroy();
    expect(bytes.toString('base64')).toBe(PDQ_BLUR_WASM);
  });
});
