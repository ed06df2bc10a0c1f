/**
 * Finds a photograph embedded in a screenshot-like canvas (a web page, a chat window): the largest
 * connected block of textured cells (flat UI, two-tone glyph cells, lines of text too small to be
 * two-tone and the straight rules of cards are left out: a card's 1 px outline joined sidebars and
 * avatars to the picture, a phone capture's text lines its header and the next post), split at rows
 * and columns of plain page background so that captions and text lines next to the photo fall
 * away, then trimmed of uniform margin; or, for a smooth or dark picture, its straight outline
 * (framed.ts).
 */
import { framedBox } from './framed';
import type { Box } from './region';
import { lineUniform, trimBox } from './trim';

const CELL = 8;
/** Pieces this many cells or fewer from the main block's box are merged into it. */
const GAP = 2;

interface Comp {
  count: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function photoCells(
  luma: Float32Array,
  width: number,
  height: number,
  cw: number,
  ch: number,
): Uint8Array {
  const out = new Uint8Array(cw * ch);
  const n = CELL * CELL;
  const lows = new Float64Array(cw);
  const highs = new Float64Array(cw);
  const sums = new Float64Array(cw);
  const squares = new Float64Array(cw);
  for (let cy = 0; cy < ch; cy++) {
    // One row of cells at a time, pixel rows in order: each cell still adds its pixels row by row,
    // left to right (the sum of squares is not exact in double, so the order is kept).
    lows.fill(255);
    highs.fill(0);
    sums.fill(0);
    squares.fill(0);
    for (let y = 0; y < CELL; y++) {
      const row = (cy * CELL + y) * width;
      for (let cx = 0; cx < cw; cx++) {
        let lo = lows[cx]!;
        let hi = highs[cx]!;
        let sum = sums[cx]!;
        let sum2 = squares[cx]!;
        for (let p = row + cx * CELL, end = p + CELL; p < end; p++) {
          const v = luma[p]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
          sum += v;
          sum2 += v * v;
        }
        lows[cx] = lo;
        highs[cx] = hi;
        sums[cx] = sum;
        squares[cx] = sum2;
      }
    }
    for (let cx = 0; cx < cw; cx++) {
      const min = lows[cx]!;
      const max = highs[cx]!;
      const sum = sums[cx]!;
      const std = Math.sqrt(Math.max(0, squares[cx]! / n - (sum / n) ** 2));
      if (std < 2.5) continue;
      if (glyphCell(luma, width, cx * CELL, cy * CELL, min, max)) continue;
      if (straightLine(luma, width, cx * CELL, cy * CELL)) continue;
      if (textLineCell(luma, width, height, cx * CELL, cy * CELL)) continue;
      out[cy * cw + cx] = 1;
    }
  }
  return out;
}

/**
 * Text and UI glyphs: whether nearly every pixel of the cell at (x0, y0), whose levels span
 * `min`..`max`, is at one of two tones (only where the tones are far enough apart to matter).
 * The finder leaves such cells out of the picture; page-chrome.ts counts them around it.
 */
export function glyphCell(
  luma: Float32Array,
  width: number,
  x0: number,
  y0: number,
  min: number,
  max: number,
): boolean {
  if (max - min <= 60) return false;
  const band = (max - min) * 0.15;
  let extreme = 0;
  for (let y = 0; y < CELL; y++) {
    const row = (y0 + y) * width + x0;
    for (let x = 0; x < CELL; x++) {
      const v = luma[row + x]!;
      if (v <= min + band || v >= max - band) extreme++;
    }
  }
  return extreme / (CELL * CELL) > 0.8;
}

/** A cell's pixels along a line agree within this many levels when the cell is a UI line. */
const LINE_FLAT = 6;

/**
 * A border, a rule or the straight edge of a card: every row of the cell is flat (it changes only
 * from row to row) or every column is. A photograph's texture changes both ways; such cells joined
 * a page's cards and sidebars to the picture through their outlines.
 */
function straightLine(luma: Float32Array, width: number, x0: number, y0: number): boolean {
  let rows = true;
  let cols = true;
  for (let i = 0; i < CELL && (rows || cols); i++) {
    let rlo = 255;
    let rhi = 0;
    let clo = 255;
    let chi = 0;
    for (let j = 0; j < CELL; j++) {
      const r = luma[(y0 + i) * width + x0 + j]!;
      const c = luma[(y0 + j) * width + x0 + i]!;
      if (r < rlo) rlo = r;
      if (r > rhi) rhi = r;
      if (c < clo) clo = c;
      if (c > chi) chi = c;
    }
    if (rhi - rlo > LINE_FLAT) rows = false;
    if (chi - clo > LINE_FLAT) cols = false;
  }
  return rows || cols;
}

/** A row of a cell is flat (page background between text lines) when it spans at most this. */
const ROW_FLAT = 8;
/** Text lines are at most this many working pixels tall; a photograph's texture runs on. */
const LINE_ROWS = 12;
/** A line's busiest row spans at least this (text is drawn in contrast to its page). */
const LINE_CONTRAST = 40;
/** The flat rows above and below a line are one background: their means agree within this. */
const LINE_LEVEL = 8;

/**
 * Lines of text too small for two-tone cells (a phone capture at the working size: glyphs a few
 * pixels tall, blurred to grey): in the cell's 8 columns every busy row belongs to a run of busy
 * rows at most {@link LINE_ROWS} tall with flat rows of one background level above and below it
 * (the gaps between lines), and some busy row has text's contrast. A photograph's texture runs on
 * from row to row, or has no flat rows at one level around it.
 */
function textLineCell(
  luma: Float32Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
): boolean {
  const span = (y: number): [number, number] => {
    let lo = 255;
    let hi = 0;
    let sum = 0;
    for (let p = y * width + x0, end = p + CELL; p < end; p++) {
      const v = luma[p]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
    }
    return [hi - lo, sum / CELL];
  };
  let level = -1;
  let contrast = false;
  for (let y = y0; y < y0 + CELL;) {
    const [range] = span(y);
    if (range <= ROW_FLAT) {
      y++;
      continue;
    }
    // The busy run through row y, followed up and down to the flat rows around it; each of its
    // rows' spans is read once, its busiest row's contrast with it.
    let top = y;
    let below = y + 1;
    let above: number | undefined;
    let under: number | undefined;
    let busiest = range;
    while (top > 0 && below - top <= LINE_ROWS) {
      const [r, m] = span(top - 1);
      if (r <= ROW_FLAT) {
        above = m;
        break;
      }
      busiest = Math.max(busiest, r);
      top--;
    }
    while (below < height && below - top <= LINE_ROWS) {
      const [r, m] = span(below);
      if (r <= ROW_FLAT) {
        under = m;
        break;
      }
      busiest = Math.max(busiest, r);
      below++;
    }
    if (above === undefined || under === undefined || below - top > LINE_ROWS) return false;
    if (Math.abs(above - under) > LINE_LEVEL) return false;
    if (level >= 0 && Math.abs(level - above) > LINE_LEVEL) return false;
    level = above;
    if (busiest > LINE_CONTRAST) contrast = true;
    y = below;
  }
  return level >= 0 && contrast;
}

/** 3x3 closing (dilate then erode) so that flat patches inside a photo (sky) do not split it. */
function close(mask: Uint8Array, cw: number, ch: number): Uint8Array {
  const morph = (src: Uint8Array, dilate: boolean): Uint8Array => {
    const dst = new Uint8Array(cw * ch);
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        let v = dilate ? 0 : 1;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            const s = yy < 0 || yy >= ch || xx < 0 || xx >= cw ? 0 : (src[yy * cw + xx] ?? 0);
            v = dilate ? v | s : v & s;
          }
        }
        dst[y * cw + x] = v;
      }
    }
    return dst;
  };
  return morph(morph(mask, true), false);
}

/**
 * Splits a box at uniform rows, then at uniform columns, and keeps the largest piece: captions and
 * text lines next to a photo are separated from it by rows of plain page background.
 */
function tallestBand(rgb: Uint8Array, width: number, box: Box): Box {
  const split = (horizontal: boolean, b: Box): Box => {
    const n = horizontal ? b.h : b.w;
    let bestStart = 0;
    let bestLen = 0;
    let start = -1;
    for (let i = 0; i <= n; i++) {
      const uniform =
        i === n ||
        (horizontal
          ? lineUniform(rgb, ((b.y + i) * width + b.x) * 3, 3, b.w)
          : lineUniform(rgb, (b.y * width + b.x + i) * 3, width * 3, b.h));
      if (!uniform && start < 0) start = i;
      if (uniform && start >= 0) {
        if (i - start > bestLen) [bestStart, bestLen] = [start, i - start];
        start = -1;
      }
    }
    if (bestLen === 0) return b;
    return horizontal
      ? { x: b.x, y: b.y + bestStart, w: b.w, h: bestLen }
      : { x: b.x + bestStart, y: b.y, w: bestLen, h: b.h };
  };
  return split(false, split(true, box));
}

/** Shares of the image a picture inside it covers: less is a thumbnail or an icon, more the image. */
const MIN_SHARE = 0.06;
const MAX_SHARE = 0.85;

/**
 * The picture inside a page: the largest photographic block (see {@link texturedBox}), or the
 * largest straight-edged rectangle whose inside is not flat (framed.ts, decision 0026) when the
 * block does not fill most of that rectangle and is smaller: a smooth or dark picture, whose
 * cells look flat to the texture finder, is found by its outline.
 */
export function embeddedBox(
  rgb: Uint8Array,
  luma: Float32Array,
  width: number,
  height: number,
): Box | undefined {
  const textured = texturedBox(rgb, luma, width, height);
  const framed = framedBox(rgb, width, height, MIN_SHARE, MAX_SHARE);
  if (!framed) return textured;
  if (!textured) return framed;
  // Both agree (the textured block covers most of the outline): the outline is the exact edge
  // (the block may take in a caption or lose a smooth margin). Otherwise the larger one is the
  // picture (the texture finder found part of a smooth picture, or a sidebar beside a dark one).
  const [t, f] = [textured.w * textured.h, framed.w * framed.h];
  if (overlap(textured, framed) >= 0.8 * f) return framed;
  return f > t ? framed : textured;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The bounding box of the largest photographic block, if it covers between 6% and 85% of the
 * image (smaller is a thumbnail or an icon; larger is the whole image, already hashed).
 */
function texturedBox(
  rgb: Uint8Array,
  luma: Float32Array,
  width: number,
  height: number,
): Box | undefined {
  const cw = Math.floor(width / CELL);
  const ch = Math.floor(height / CELL);
  if (cw < 8 || ch < 8) return undefined;
  const mask = close(photoCells(luma, width, height, cw, ch), cw, ch);
  const label = new Int32Array(cw * ch).fill(-1);
  const comps: Comp[] = [];
  const stack: number[] = [];
  for (let start = 0; start < cw * ch; start++) {
    if (!mask[start] || (label[start] ?? -1) >= 0) continue;
    const comp = { count: 0, x0: cw, y0: ch, x1: 0, y1: 0 };
    label[start] = start;
    stack.push(start);
    while (stack.length > 0) {
      const c = stack.pop() ?? 0;
      const x = c % cw;
      const y = (c - x) / cw;
      comp.count++;
      comp.x0 = Math.min(comp.x0, x);
      comp.y0 = Math.min(comp.y0, y);
      comp.x1 = Math.max(comp.x1, x);
      comp.y1 = Math.max(comp.y1, y);
      const visit = (n: number) => {
        if (mask[n] && label[n]! < 0) {
          label[n] = start;
          stack.push(n);
        }
      };
      if (x > 0) visit(c - 1);
      if (x < cw - 1) visit(c + 1);
      if (y > 0) visit(c - cw);
      if (y < ch - 1) visit(c + cw);
    }
    comps.push(comp);
  }
  comps.sort((p, q) => q.count - p.count);
  const best = comps[0] ?? { count: 0, x0: 0, y0: 0, x1: 0, y1: 0 };
  // A photo with smooth areas (sky, skin, fog) falls apart into pieces; pieces that touch the
  // main block's box (within GAP cells) belong to it. A thumbnail elsewhere on the page does not.
  for (let merged = true; merged;) {
    merged = false;
    for (const c of comps) {
      if (c === best || c.count === 0) continue;
      const near =
        c.x0 <= best.x1 + GAP &&
        c.x1 >= best.x0 - GAP &&
        c.y0 <= best.y1 + GAP &&
        c.y1 >= best.y0 - GAP;
      if (!near) continue;
      best.x0 = Math.min(best.x0, c.x0);
      best.y0 = Math.min(best.y0, c.y0);
      best.x1 = Math.max(best.x1, c.x1);
      best.y1 = Math.max(best.y1, c.y1);
      best.count += c.count;
      c.count = 0;
      merged = true;
    }
  }
  if (best.count === 0) return undefined;
  const area = (best.x1 - best.x0 + 1) * (best.y1 - best.y0 + 1);
  if (area < MIN_SHARE * cw * ch || area > MAX_SHARE * cw * ch) return undefined;
  // Trim uniform page margin inside the block's cells to get exact edges where a cell straddles.
  const outer = {
    x: best.x0 * CELL,
    y: best.y0 * CELL,
    w: (best.x1 + 1) * CELL - best.x0 * CELL,
    h: (best.y1 + 1) * CELL - best.y0 * CELL,
  };
  const photo = tallestBand(rgb, width, outer);
  return trimBox(rgb, width, height, photo) ?? photo;
}
