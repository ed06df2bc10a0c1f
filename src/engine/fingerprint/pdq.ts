/**
 * PDQ perceptual hash (Meta's open algorithm, pdqhash-2017-10-09), written from the published
 * description in TypeScript. Every arithmetic step is rounded to float32 (Math.fround) in the same
 * order as the reference, so that the same pixels give the same bits and quality as the C++ core:
 * that is what makes Jium's hashes exchangeable with the hash lists platforms and hotlines share.
 */
import { HASH_BYTES } from './hash-bits';
import { blurDecimate64, buffer } from './pdq-blur';
import { simdDct } from './pdq-blur-simd';

const f = Math.fround;

/** Reference luminance coefficients, as float32 constants. */
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);

/** Images smaller than this in either dimension get an all-zero hash and quality 0. */
export const PDQ_MIN_DIM = 5;

/** 16x64 DCT-II basis rows 1..16 (row 0, the DC term, carries no structure and is skipped). */
const DCT = (() => {
  const scale = f(Math.sqrt(2 / 64));
  const m = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      m[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
    }
  }
  return m;
})();

/** PDQ output: the 256-bit hash and its quality (0..100, how much gradient the image has). */
export interface PdqResult {
  /** 32 bytes in hex-string order (see hash-bits.ts). */
  hash: Uint8Array;
  quality: number;
}

/** PDQ output with the 16x16 DCT block, from which the 8 dihedral hashes are derived for free. */
export interface PdqDetail extends PdqResult {
  dct: Float32Array;
}

/**
 * Float32 luminance (Y = 0.299 R + 0.587 G + 0.114 B) of an interleaved 8-bit image.
 * `channels` is 1 (grey: Y = value), 3 (RGB) or 4 (RGBA, alpha ignored).
 */
export function lumaFromPixels(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
): Float32Array {
  const n = width * height;
  const out = new Float32Array(n);
  if (channels === 1 || channels === 2) {
    for (let i = 0; i < n; i++) out[i] = data[i * channels] ?? 0;
    return out;
  }
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    out[i] = f(f(f(LUMA_R * data[p]!) + f(LUMA_G * data[p + 1]!)) + f(LUMA_B * data[p + 2]!));
  }
  return out;
}

/** 8-bit grey levels of a luminance image (rounded), as the verification stage reads them. */
export function greyFromLuma(luma: Float32Array): Uint8Array {
  const grey = new Uint8Array(luma.length);
  for (let i = 0; i < luma.length; i++) grey[i] = luma[i]! + 0.5;
  return grey;
}

/** Quality: the sum of quantised gradients of the 64x64 image, scaled to 0..100. */
function quality64(b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const d = Math.trunc(f(f(f(b[i * 64 + j]! - b[(i + 1) * 64 + j]!) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const d = Math.trunc(f(f(f(b[i * 64 + j]! - b[i * 64 + j + 1]!) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  return Math.min(100, Math.floor(sum / 90));
}

/** DCT transposed (64 x 16), so the second product reads it row by row. */
const DCT_T = (() => {
  const m = new Float32Array(64 * 16);
  for (let i = 0; i < 16; i++) for (let k = 0; k < 64; k++) m[k * 16 + i] = DCT[i * 64 + k]!;
  return m;
})();

/**
 * B = D A D^T restricted to frequencies 1..16, accumulated in float32 in the reference order
 * (each coefficient sums its 64 products from k = 0 up; the loops run over k outside so that
 * many independent sums advance together).
 */
function dct64To16(a: Float32Array): Float32Array {
  // In WebAssembly SIMD where it runs, the same operations in the same order (decision 0160).
  const simd = simdDct(a, DCT, DCT_T);
  if (simd) return simd;
  const t = buffer(6, 16 * 64).fill(0, 0, 16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let k = 0; k < 64; k++) {
      const d = DCT[i * 64 + k]!;
      for (let j = 0, q = i * 64, o = k * 64; j < 64; j++) t[q + j] = t[q + j]! + f(d * a[o + j]!);
    }
  }
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let k = 0; k < 64; k++) {
      const v = t[i * 64 + k]!;
      for (let j = 0, q = i * 16, o = k * 16; j < 16; j++) {
        out[q + j] = out[q + j]! + f(v * DCT_T[o + j]!);
      }
    }
  }
  return out;
}

/**
 * Thresholds a 16x16 DCT block at its median: bit (16*row + col) is set when the coefficient is
 * above the lower median. Bit k lives in 16-bit word k>>4 at position k&15, and words are written
 * from 15 down to 0, as the reference prints them.
 */
export function pdqBitsFromDct(dct: Float32Array): Uint8Array {
  const sorted = Float32Array.from(dct).sort();
  const median = sorted[127] ?? 0;
  const hash = new Uint8Array(HASH_BYTES);
  for (let k = 0; k < 256; k++) {
    if ((dct[k] ?? 0) > median) {
      const word = k >> 4;
      const bit = k & 15;
      const byte = (15 - word) * 2 + (bit >= 8 ? 0 : 1);
      hash[byte] = (hash[byte] ?? 0) | (1 << (bit & 7));
    }
  }
  return hash;
}

/**
 * PDQ hash, quality and DCT block of a `rows` x `cols` region of a float32 luminance image whose
 * rows are `stride` values apart, starting at `offset`. The luminance is not modified.
 */
export function pdqFromLumaRegion(
  luma: Float32Array,
  offset: number,
  stride: number,
  rows: number,
  cols: number,
): PdqDetail {
  if (rows < PDQ_MIN_DIM || cols < PDQ_MIN_DIM) {
    return { hash: new Uint8Array(HASH_BYTES), quality: 0, dct: new Float32Array(256) };
  }
  let b64: Float32Array;
  if (rows === 64 && cols === 64) {
    b64 = buffer(5, 64 * 64);
    for (let r = 0; r < 64; r++) {
      b64.set(luma.subarray(offset + r * stride, offset + r * stride + 64), r * 64);
    }
  } else {
    b64 = blurDecimate64(luma, offset, stride, rows, cols);
  }
  const dct = dct64To16(b64);
  return { hash: pdqBitsFromDct(dct), quality: quality64(b64), dct };
}

/**
 * PDQ hash, quality and DCT block of a float32 luminance image (row-major, `rows` x `cols`).
 * The luminance is not modified.
 */
export function pdqFromLuma(luma: Float32Array, rows: number, cols: number): PdqDetail {
  return pdqFromLumaRegion(luma, 0, cols, rows, cols);
}

/** PDQ of an interleaved 8-bit image (1, 3 or 4 channels). */
export function pdqFromPixels(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
): PdqDetail {
  return pdqFromLuma(lumaFromPixels(data, width, height, channels), height, width);
}

/** The eight orientations of a square image: the dihedral group D4. */
export const DIHEDRAL = [
  'identity',
  'rotate90',
  'rotate180',
  'rotate270',
  'flip-horizontal',
  'flip-vertical',
  'transpose',
  'anti-transpose',
] as const;

/** One of the eight orientations. */
export type Dihedral = (typeof DIHEDRAL)[number];

/**
 * The DCT block of the image turned by `t`. Mirroring an axis negates the odd-frequency
 * coefficients along it (rows 1..16 map to indices 0..15, so even indices are odd frequencies);
 * a transpose swaps the axes. Names follow what happens to the picture.
 */
export function dctDihedral(a: Float32Array, t: Dihedral): Float32Array {
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = a[i * 16 + j] ?? 0;
      const oddRow = (i & 1) === 0; // odd vertical frequency: flips sign under a vertical mirror
      const oddCol = (j & 1) === 0; // odd horizontal frequency: flips sign under a horizontal mirror
      switch (t) {
        case 'identity':
          b[i * 16 + j] = v;
          break;
        case 'flip-horizontal':
          b[i * 16 + j] = oddCol ? -v : v;
          break;
        case 'flip-vertical':
          b[i * 16 + j] = oddRow ? -v : v;
          break;
        case 'rotate180':
          b[i * 16 + j] = oddRow !== oddCol ? -v : v;
          break;
        case 'transpose':
          b[j * 16 + i] = v;
          break;
        case 'anti-transpose':
          b[j * 16 + i] = oddRow !== oddCol ? -v : v;
          break;
        case 'rotate90': // clockwise: transpose, then mirror horizontally (old rows become columns)
          b[j * 16 + i] = oddRow ? -v : v;
          break;
        case 'rotate270':
          b[j * 16 + i] = oddCol ? -v : v;
          break;
      }
    }
  }
  return b;
}
