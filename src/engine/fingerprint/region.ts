/**
 * Rectangles inside the working image and the pixel operations on them that the hashes need:
 * cropping luminance, area-averaging to a small grid.
 */

/** A rectangle in working-image pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Copies the luminance of `box` out of a full-image luminance buffer of width `width`. */
export function cropLuma(luma: Float32Array, width: number, box: Box): Float32Array {
  if (box.x === 0 && box.y === 0 && box.w === width && box.w * box.h === luma.length) {
    return Float32Array.from(luma);
  }
  const out = new Float32Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) {
    const from = (box.y + y) * width + box.x;
    out.set(luma.subarray(from, from + box.w), y * box.w);
  }
  return out;
}

/**
 * Averages the RGB pixels of `box` into an `n` x `n` RGBA grid (alpha 255). Each output cell is the
 * mean of the source pixels whose centre falls in it; the aspect ratio is deliberately dropped,
 * as blockhash's blocks are proportional to the image anyway.
 */
export function areaAverageRgba(rgb: Uint8Array, width: number, box: Box, n: number): Uint8Array {
  // Integer sums per cell (Uint32 is enough: 512x512 x 255 fits), one pass over the pixels.
  const sums = new Uint32Array(n * n * 3);
  const counts = new Uint32Array(n * n);
  const colCell = new Uint32Array(box.w);
  for (let x = 0; x < box.w; x++) colCell[x] = Math.min(n - 1, Math.floor(((x + 0.5) * n) / box.w));
  for (let y = 0; y < box.h; y++) {
    const rowBase = Math.min(n - 1, Math.floor(((y + 0.5) * n) / box.h)) * n;
    let p = ((box.y + y) * width + box.x) * 3;
    for (let x = 0; x < box.w; x++, p += 3) {
      const c = rowBase + colCell[x]!;
      const k = c * 3;
      sums[k] = sums[k]! + rgb[p]!;
      sums[k + 1] = sums[k + 1]! + rgb[p + 1]!;
      sums[k + 2] = sums[k + 2]! + rgb[p + 2]!;
      counts[c] = counts[c]! + 1;
    }
  }
  const out = new Uint8Array(n * n * 4);
  for (let c = 0; c < n * n; c++) {
    const k = Math.max(1, counts[c]!);
    out[c * 4] = Math.round(sums[c * 3]! / k);
    out[c * 4 + 1] = Math.round(sums[c * 3 + 1]! / k);
    out[c * 4 + 2] = Math.round(sums[c * 3 + 2]! / k);
    out[c * 4 + 3] = 255;
  }
  return out;
}
