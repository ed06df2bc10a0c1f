/**
 * The cells of a picture split by plain gutters: full-length rows and columns of (almost) one
 * grey level inside the picture, as in a collage or a grid of posts. Each cell is then looked at
 * on its own by the local-feature proposals (local-proposals.ts), so that a reference filling
 * one cell is not outvoted by its neighbours' keypoints. Cheap: one pass over the pixels.
 */
import type { Box } from './region';
import type { Grey } from './shrink';

/** Settings of the split (decision 0025 for the gutter's range). */
export const GRID_CELLS = {
  /** Grey levels a gutter line may span (JPEG ringing along the edges stays under it). */
  gutterRange: 16,
  /** A cell's smaller side at least this share of the picture's side along it. */
  minCellShare: 0.2,
};
/** Cells looked at, at most (the largest first). */
export const MAX_CELLS = 4;

/** Segments of [0, n) between flat lines, each at least `min` long. */
function segments(flat: Uint8Array, min: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= flat.length; i++) {
    const textured = i < flat.length && !flat[i];
    if (textured && start < 0) start = i;
    if (!textured && start >= 0) {
      if (i - start >= min) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/**
 * The cells, largest first, when plain gutters split the picture into 2 to 9 cells both ways
 * combined; otherwise none (a picture without gutters is one cell: the whole picture).
 */
export function gridCells(img: Grey): Box[] {
  const { grey, width, height } = img;
  const rowLo = new Uint8Array(height).fill(255);
  const rowHi = new Uint8Array(height);
  const colLo = new Uint8Array(width).fill(255);
  const colHi = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let lo = 255;
    let hi = 0;
    for (let x = 0; x < width; x++) {
      const v = grey[row + x]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v < colLo[x]!) colLo[x] = v;
      if (v > colHi[x]!) colHi[x] = v;
    }
    rowLo[y] = lo;
    rowHi[y] = hi;
  }
  const flatRows = rowHi.map((hi, y) => (hi - rowLo[y]! <= GRID_CELLS.gutterRange ? 1 : 0));
  const flatCols = colHi.map((hi, x) => (hi - colLo[x]! <= GRID_CELLS.gutterRange ? 1 : 0));
  const rows = segments(flatRows, Math.ceil(height * GRID_CELLS.minCellShare));
  const cols = segments(flatCols, Math.ceil(width * GRID_CELLS.minCellShare));
  const n = rows.length * cols.length;
  if (n < 2 || n > 9) return [];
  const cells: Box[] = [];
  for (const [y0, y1] of rows) {
    for (const [x0, x1] of cols) cells.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
  }
  return cells.sort((a, b) => b.w * b.h - a.w * a.h).slice(0, MAX_CELLS);
}

/** The grey pixels of one cell. */
export function cellGrey(img: Grey, box: Box): Grey {
  const out = new Uint8Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) {
    const from = (box.y + y) * img.width + box.x;
    out.set(img.grey.subarray(from, from + box.w), y * box.w);
  }
  return { grey: out, width: box.w, height: box.h };
}
