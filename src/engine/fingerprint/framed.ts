/**
 * The picture inside a page located by geometry (decision 0026): a picture shown by a web page or
 * an app is a rectangle with straight edges — a long step in colour along a row, the same along
 * the row where it ends, and along the two columns between them — whatever its content. A
 * smooth picture (a gradient, fog, skin) or a dark one has no textured cells for embedded.ts's
 * finder to follow, but its outline is as straight as any other's. Of the rectangles found, the
 * largest whose inside is not mostly flat (a card or a bar is) is the picture.
 */
import type { Box } from './region';

/** A colour step between neighbouring pixels at least this large (any channel) is an edge. */
const STEP = 16;
/** Edge pixels may miss this many in a row (a sticker's outline, JPEG ringing) within a segment. */
const GAP = 2;
/** Ends of a rectangle's top and bottom edges agree within this many pixels. */
const SLACK = 4;
/** Share of a side's length that must be edge for it to count (a sticker may cover the rest). */
const SIDE_COVER = 0.7;
/** A rectangle whose inside is more than this share flat 8 x 8 cells is UI, not a picture. */
const MAX_FLAT = 0.3;
/** More long edge segments than this: a texture everywhere, not a page (and pairs cost n²). */
const MAX_SEGMENTS = 1500;

interface Segment {
  at: number;
  from: number;
  to: number;
}

/** Largest colour step between pixel p and pixel q (byte offsets into rgb). */
function step(rgb: Uint8Array, p: number, q: number): number {
  return Math.max(
    Math.abs(rgb[p]! - rgb[q]!),
    Math.abs(rgb[p + 1]! - rgb[q + 1]!),
    Math.abs(rgb[p + 2]! - rgb[q + 2]!),
  );
}

/**
 * Edges between row y-1 and row y (horizontal: `rows` true) or column x-1 and x, as a bit per
 * position along the line; `line` is y or x.
 */
function edgeLine(rgb: Uint8Array, width: number, height: number, rows: boolean, line: number) {
  const n = rows ? width : height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = rows ? (line * width + i) * 3 : (i * width + line) * 3;
    const q = rows ? p - width * 3 : p - 3;
    out[i] = step(rgb, p, q) >= STEP ? 1 : 0;
  }
  return out;
}

/** Runs of edge pixels (gaps up to GAP bridged) at least `min` long. */
function runs(edge: Uint8Array, at: number, min: number): Segment[] {
  const out: Segment[] = [];
  let start = -1;
  let last = -1;
  for (let i = 0; i <= edge.length; i++) {
    if (i < edge.length && edge[i]) {
      if (start < 0 || i - last > GAP + 1) {
        if (start >= 0 && last + 1 - start >= min) out.push({ at, from: start, to: last + 1 });
        start = i;
      }
      last = i;
    }
  }
  if (start >= 0 && last + 1 - start >= min) out.push({ at, from: start, to: last + 1 });
  return out;
}

/** Share of the column (or row) `line` between `from` and `to` that is an edge. */
function cover(
  rgb: Uint8Array,
  width: number,
  rows: boolean,
  line: number,
  from: number,
  to: number,
): number {
  let hits = 0;
  for (let i = from; i < to; i++) {
    const p = rows ? (line * width + i) * 3 : (i * width + line) * 3;
    const q = rows ? p - width * 3 : p - 3;
    if (step(rgb, p, q) >= STEP) hits++;
  }
  return hits / Math.max(1, to - from);
}

/** Share of the 8 x 8 cells inside `b` whose channels all span at most 3 levels. */
function flatShare(rgb: Uint8Array, width: number, b: Box): number {
  let cells = 0;
  let flat = 0;
  for (let cy = b.y; cy + 8 <= b.y + b.h; cy += 8) {
    for (let cx = b.x; cx + 8 <= b.x + b.w; cx += 8) {
      let lo = 255;
      let hi = 0;
      for (let y = cy; y < cy + 8 && hi - lo <= 3; y++) {
        for (let p = (y * width + cx) * 3, end = p + 24; p < end; p++) {
          const v = rgb[p]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      cells++;
      if (hi - lo <= 3) flat++;
    }
  }
  return cells ? flat / cells : 1;
}

/**
 * The largest straight-edged rectangle inside the image whose inside is not mostly flat, covering
 * between `minShare` and `maxShare` of the image; undefined when there is none.
 */
export function framedBox(
  rgb: Uint8Array,
  width: number,
  height: number,
  minShare: number,
  maxShare: number,
): Box | undefined {
  const minW = Math.max(32, Math.round(width * 0.15));
  const minH = Math.max(32, Math.round(height * 0.1));
  const horizontal: Segment[] = [];
  for (let y = 1; y < height; y++) {
    horizontal.push(...runs(edgeLine(rgb, width, height, true, y), y, minW));
  }
  if (horizontal.length > MAX_SEGMENTS) return undefined;
  let best: Box | undefined;
  let bestArea = 0;
  const total = width * height;
  for (const top of horizontal) {
    for (const bottom of horizontal) {
      const h = bottom.at - top.at;
      if (h < minH) continue;
      if (Math.abs(top.from - bottom.from) > SLACK || Math.abs(top.to - bottom.to) > SLACK)
        continue;
      const x0 = Math.max(top.from, bottom.from);
      const x1 = Math.min(top.to, bottom.to);
      const area = (x1 - x0) * h;
      if (area <= bestArea || area < minShare * total || area > maxShare * total) continue;
      // The left side is the step into column x0, the right side the step out of column x1 - 1;
      // either may sit a pixel or two off the top and bottom edges' ends.
      const side = (xs: number[]) =>
        xs.some(
          (x) =>
            x >= 1 && x < width && cover(rgb, width, false, x, top.at, bottom.at) >= SIDE_COVER,
        );
      if (!side([x0, x0 - 1, x0 + 1]) || !side([x1, x1 - 1, x1 + 1])) continue;
      const box = { x: x0, y: top.at, w: x1 - x0, h };
      if (flatShare(rgb, width, box) > MAX_FLAT) continue;
      best = box;
      bestArea = area;
    }
  }
  return best;
}
