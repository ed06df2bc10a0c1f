/**
 * Rectangles inside the working image and the pixel operations on them that the hashes need:
 * area-averaging to a small grid.
 */

/** A rectangle in working-image pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Averages the RGB pixels of `box` into an `n` x `n` RGBA grid (alpha 255). Each output cell is the
 * mean of the source pixels whose centre falls in it; the aspect ratio is deliberately dropped,
 * as blockhash's blocks are proportional to the image anyway.
 */
export function areaAverageRgba(rgb: Uint8Array, width: number, box: Box, n: number): Uint8Array {
  // Cells are runs of whole pixels (a pixel belongs to the cell its centre falls in), so each
  // source row is summed run by run in registers; integer sums do not depend on the order.
  const [colStart, colEnd] = cellRuns(box.w, n);
  const [rowStart, rowEnd] = cellRuns(box.h, n);
  const sums = new Uint32Array(n * n * 3);
  for (let cy = 0; cy < n; cy++) {
    const base = cy * n * 3;
    for (let y = rowStart[cy]!; y < rowEnd[cy]!; y++) {
      const row = ((box.y + y) * width + box.x) * 3;
      for (let cx = 0, k = base; cx < n; cx++, k += 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let p = row + colStart[cx]! * 3, end = row + colEnd[cx]! * 3; p < end; p += 3) {
          r += rgb[p]!;
          g += rgb[p + 1]!;
          b += rgb[p + 2]!;
        }
        sums[k] = sums[k]! + r;
        sums[k + 1] = sums[k + 1]! + g;
        sums[k + 2] = sums[k + 2]! + b;
      }
    }
  }
  const out = new Uint8Array(n * n * 4);
  for (let cy = 0, c = 0; cy < n; cy++) {
    const rows = rowEnd[cy]! - rowStart[cy]!;
    for (let cx = 0; cx < n; cx++, c++) {
      const k = rows * (colEnd[cx]! - colStart[cx]!);
      out[c * 4] = Math.round(sums[c * 3]! / k);
      out[c * 4 + 1] = Math.round(sums[c * 3 + 1]! / k);
      out[c * 4 + 2] = Math.round(sums[c * 3 + 2]! / k);
      out[c * 4 + 3] = 255;
    }
  }
  return out;
}

/**
 * The pixel run [start, end) of each of `n` cells along a side of `length` pixels: the pixel at x
 * belongs to cell min(n - 1, floor((x + 0.5) n / length)). A side shorter than `n` leaves cells
 * with no pixel centre in them; such a cell takes the pixel under its own centre (nearest
 * neighbour), not black: small regions hashed black columns before (blockhash.test.ts).
 */
function cellRuns(length: number, n: number): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1).fill(length);
  let cell = -1;
  for (let x = 0; x < length; x++) {
    const c = Math.min(n - 1, Math.floor(((x + 0.5) * n) / length));
    while (cell < c) start[++cell] = x;
  }
  const end = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    end[c] = start[c + 1]!;
    if (end[c] === start[c]) {
      start[c] = Math.min(length - 1, Math.floor(((c + 0.5) * length) / n));
      end[c] = start[c]! + 1;
    }
  }
  return [start, end];
}
