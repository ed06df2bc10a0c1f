/**
 * The picture inside a page located by geometry (decision 0026): a picture shown by a web page or
 * an app is a rectangle with straight edges — a long step in colour along a row, the same along
 * the row where it ends, and along the two columns between them — whatever its content. A
 * smooth picture (a gradient, fog, skin) or a dark one has no textured cells for embedded.ts's
 * finder to follow, but its outline is as straight as any other's. Of the rectangles found, the
 * largest whose inside is not mostly flat (a card or a bar is) is the picture. In textured pages
 * (decision 0026, update): one edge may be broken (a light picture on a light page) when the row
 * across from a whole edge steps along most of it; the capture's own border is a side (a phone
 * feed's picture runs from edge to edge); and a card is told from a picture by what a picture
 * never has: padding inside its outline, a plain gap or a straight rule across it.
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
/** The line looked at for padding lies this many pixels inside a side (past JPEG ringing). */
const INSET = 3;
/** A padding line's pixels stay within this many levels of its mean (JPEG noise)... */
const PAD_TOLERANCE = 6;
/** ...all but this share of them (a sticker's or a caption's corner). */
const PAD_OUTLIERS = 0.05;
/** A gap between a card's parts is page fill: flatter than a smooth or dark picture's rows. */
const GAP_TOLERANCE = 2;
/** An edge inside a rectangle across this share of its width divides it: not one picture. */
const DIVIDE = 0.9;
/** More long edge segments than this: a texture everywhere, not a page (each costs a scan). */
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

/** Whether `count` pixels from `start` (every `step` bytes) are one plain colour (JPEG noise). */
function plain(
  rgb: Uint8Array,
  start: number,
  step: number,
  count: number,
  tolerance = PAD_TOLERANCE,
): boolean {
  let [r, g, b] = [0, 0, 0];
  for (let i = 0, p = start; i < count; i++, p += step) {
    r += rgb[p]!;
    g += rgb[p + 1]!;
    b += rgb[p + 2]!;
  }
  [r, g, b] = [r / count, g / count, b / count];
  let off = 0;
  for (let i = 0, p = start; i < count; i++, p += step) {
    const d = Math.max(Math.abs(rgb[p]! - r), Math.abs(rgb[p + 1]! - g), Math.abs(rgb[p + 2]! - b));
    if (d > tolerance) off++;
  }
  return off <= PAD_OUTLIERS * count;
}

/**
 * How many of the rectangle's four sides have a plain line just inside them: a card, a post or a
 * panel keeps its content off its border (padding), a picture's content reaches its outline (a
 * dark or smooth one too: its lines vary by more than JPEG noise).
 */
function padded(rgb: Uint8Array, width: number, b: Box): number {
  const [x0, y0, x1, y1] = [b.x + INSET, b.y + INSET, b.x + b.w - INSET - 1, b.y + b.h - INSET - 1];
  const across = x1 - x0 + 1;
  const down = y1 - y0 + 1;
  return [
    plain(rgb, (y0 * width + x0) * 3, 3, across),
    plain(rgb, (y1 * width + x0) * 3, 3, across),
    plain(rgb, (y0 * width + x0) * 3, width * 3, down),
    plain(rgb, (y0 * width + x1) * 3, width * 3, down),
  ].filter(Boolean).length;
}

/**
 * Whether a plain row (or column) runs across the rectangle between content above and below it
 * (left and right): the gap between a post's header and its picture, between a user panel and a
 * post's body. A photograph has no line of one flat colour from side to side inside it.
 */
function gapped(rgb: Uint8Array, width: number, b: Box): boolean {
  const [x0, y0] = [b.x + INSET, b.y + INSET];
  const [across, down] = [b.w - 2 * INSET, b.h - 2 * INSET];
  const inside = (rows: boolean) => {
    let seenContent = false;
    let gap = false;
    for (let i = 0; i < (rows ? down : across); i++) {
      const flat = rows
        ? plain(rgb, ((y0 + i) * width + x0) * 3, 3, across, GAP_TOLERANCE)
        : plain(rgb, (y0 * width + x0 + i) * 3, width * 3, down, GAP_TOLERANCE);
      if (!flat && gap && seenContent) return true;
      if (!flat) seenContent = true;
      else if (seenContent) gap = true;
    }
    return false;
  };
  return inside(true) || inside(false);
}

/**
 * Whether a straight edge crosses the rectangle from side to side between its top and bottom: a
 * card or a post (header, picture, buttons) is divided so, a picture is not (a rule across most
 * of it would be its own outline: the picture is one of the parts).
 */
function divided(horizontal: Segment[], top: number, bottom: number, x0: number, x1: number) {
  const span = x1 - x0;
  return horizontal.some(
    (s) =>
      s.at > top + SLACK &&
      s.at < bottom - SLACK &&
      Math.min(s.to, x1) - Math.max(s.from, x0) >= DIVIDE * span,
  );
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
  // Edge pixels along each row, summed from the left: how much of any stretch of a row steps.
  const sums = new Int32Array(height * (width + 1));
  for (let y = 1; y < height; y++) {
    const edge = edgeLine(rgb, width, height, true, y);
    for (let x = 0; x < width; x++)
      sums[y * (width + 1) + x + 1] = sums[y * (width + 1) + x]! + edge[x]!;
    horizontal.push(...runs(edge, y, minW));
  }
  if (horizontal.length > MAX_SEGMENTS) return undefined;
  const rowCover = (y: number, from: number, to: number) =>
    (sums[y * (width + 1) + to]! - sums[y * (width + 1) + from]!) / Math.max(1, to - from);
  let best: Box | undefined;
  let bestArea = 0;
  const total = width * height;
  const consider = (top: number, bottom: number, x0: number, x1: number) => {
    const h = bottom - top;
    const area = (x1 - x0) * h;
    if (area <= bestArea || area < minShare * total || area > maxShare * total) return;
    // The left side is the step into column x0, the right side the step out of column x1 - 1;
    // either may sit a pixel or two off the top and bottom edges' ends. A picture as wide as the
    // capture (a phone's feed) has the capture's own edge for a side.
    const side = (xs: number[]) =>
      xs.some(
        (x) => x <= 1 || x >= width - 1 || cover(rgb, width, false, x, top, bottom) >= SIDE_COVER,
      );
    if (!side([x0, x0 - 1, x0 + 1]) || !side([x1, x1 - 1, x1 + 1])) return;
    if (divided(horizontal, top, bottom, x0, x1)) return;
    const box = { x: x0, y: top, w: x1 - x0, h };
    if (flatShare(rgb, width, box) > MAX_FLAT || padded(rgb, width, box) >= 3) return;
    if (gapped(rgb, width, box)) return;
    best = box;
    bestArea = area;
  };
  // One whole edge (a segment) and, across from it, a row stepping along most of its length: a
  // light picture on a light page (or a dark one on a dark page) breaks one of its edges.
  // The tallest first: once a rectangle is no larger than the best found, none after it is.
  for (const s of horizontal) {
    const w = s.to - s.from;
    for (let y = height - 1; y >= s.at + minH && w * (y - s.at) > bestArea; y--) {
      if (rowCover(y, s.from, s.to) >= SIDE_COVER) consider(s.at, y, s.from, s.to);
    }
    for (let y = 1; y <= s.at - minH && w * (s.at - y) > bestArea; y++) {
      if (rowCover(y, s.from, s.to) >= SIDE_COVER) consider(y, s.at, s.from, s.to);
    }
  }
  return best;
}
