/**
 * Where the picture plays inside a video's frame, decided once per video from its first sampled
 * frames (decision 0102): the bars of a letterbox or pillarbox (black, or the blurred picture
 * itself), and the page around a screen-recorded player, are left out so that the frames can be
 * hashed over the picture alone, as the image pipeline hashes an image's trimmed content.
 *
 * A picture that plays moves; bars and a page do not move sharply. So the box is where the
 * frames' *edges* change from one sampled frame to the next: a black bar or a still page has no
 * change at all, a blurred bar has no edges to change. A video whose picture does not move (a
 * still shot) falls back to the image pipeline's trim of uniform bars on its first frame.
 *
 * Quiet is not enough to be a bar: a slow pan over a picture whose sky or wall is smooth has quiet
 * rows and columns too (decision 0163). A bar ends at a straight line where the frame changes
 * character: the pixels step there (a black bar, a page around a player) or the edges stop there
 * (a blurred bar beside a sharp picture). Each side the change leaves out is kept only when it
 * ends at such a line; the other sides go back to the picture.
 */
import type { Box } from '../fingerprint/region';
import { trimBox } from '../fingerprint/trim';

/** Settings of the content box (tuned on the tuning half of decision 0105; see decision 0102). */
export const CONTENT_BOX = {
  /** Sampled frames the box is decided from (the first ones; later frames are hashed at once). */
  frames: 6,
  /** A row or column belongs to the picture when its edge change is at least this share of the busiest one's. */
  activeShare: 0.15,
  /** Mean edge change per pixel (grey levels) under which a video counts as still. */
  minActivity: 0.5,
  /** The box must leave out at least this share of the frame's area, else the frame is the picture. */
  minCut: 0.05,
  /** And keep at least this share of it (a blinking cursor is not a picture). */
  minKeep: 0.08,
  /**
   * A side is a bar's edge when the step across its line, or the picture's edges against the
   * strip's, are this many times what the picture shows beside it (plus one grey level of noise),
   * in at least 3 of the side's 4 quarters (a watermark's edge runs along part of a side only).
   */
  barContrast: 4,
};

/** |dx| + |dy| of a grey frame (the last row and column look back instead of forward). */
function edges(grey: Uint8Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const dy = y + 1 < h ? w : -w;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const v = grey[i]!;
      out[i] = Math.abs(grey[x + 1 < w ? i + 1 : i - 1]! - v) + Math.abs(grey[i + dy]! - v);
    }
  }
  return out;
}

/** First and last index whose value is at least `share` of the largest, or undefined when all are 0. */
function span(profile: Float64Array, share: number): [number, number] | undefined {
  let max = 0;
  for (const v of profile) if (v > max) max = v;
  if (max <= 0) return undefined;
  const t = share * max;
  let lo = 0;
  while (profile[lo]! < t) lo++;
  let hi = profile.length - 1;
  while (profile[hi]! < t) hi--;
  return [lo, hi + 1];
}

/** The box, or undefined when it is (nearly) the whole frame or too small to be a picture. */
function accept(box: Box, w: number, h: number): Box | undefined {
  const share = (box.w * box.h) / (w * h);
  if (share > 1 - CONTENT_BOX.minCut || share < CONTENT_BOX.minKeep) return undefined;
  if (box.w < 16 || box.h < 16) return undefined;
  return box;
}

/** The frames a box is decided from, with their edge energy summed over them. */
interface Look {
  frames: readonly Uint8Array[];
  energy: Float32Array;
  w: number;
  h: number;
}

/**
 * A cut side: the line before cell `p` across a vertical (`vertical`: a column) or horizontal
 * boundary, the picture on the `dir` side of it (+1: cells p, p + 1, ...; -1: cells p - 1, p - 2,
 * ...), running from `a` to `b` along it.
 */
interface Side {
  vertical: boolean;
  p: number;
  dir: 1 | -1;
  a: number;
  b: number;
}

/** Cells `k` from the line inward (k >= 0) or outward (k < 0). */
const cell = (s: Side, k: number) => (s.dir > 0 ? s.p + k : s.p - 1 - k);

/** Mean over [from, to) along the side of `f(index)` at cross position `c`. */
function alongMean(
  look: Look,
  s: Side,
  c: number,
  from: number,
  to: number,
  f: (i: number) => number,
) {
  let sum = 0;
  for (let t = from; t < to; t++) sum += f(s.vertical ? t * look.w + c : c * look.w + t);
  return sum / Math.max(1, to - from);
}

/** Whether one stretch [from, to) of the side is a bar's edge (pixels step, or edges stop). */
function barStretch(look: Look, s: Side, from: number, to: number): boolean {
  const k = CONTENT_BOX.barContrast;
  const stride = s.vertical ? 1 : look.w;
  // The step across the line between cell c and the cell before it, over every frame.
  const step = (c: number) =>
    alongMean(look, s, c, from, to, (i) => {
      let d = 0;
      for (const f of look.frames) d += Math.abs(f[i]! - f[i - stride]!);
      return d / look.frames.length;
    });
  // The line is within 2 cells of p (the change's threshold may miss it by a little); the
  // picture's own steps are taken 4 to 12 cells inside.
  let atLine = 0;
  for (let c = s.p - 2; c <= s.p + 2; c++) atLine = Math.max(atLine, step(c));
  const inside: number[] = [];
  for (let j = 4; j <= 12; j++) inside.push(step(s.dir > 0 ? s.p + j : s.p - j));
  inside.sort((x, y) => x - y);
  if (atLine > k * inside[inside.length >> 1]! + 1) return true;
  // Edge energy 2 to 6 cells inside against 2 to 6 cells outside.
  const band = (sign: 1 | -1) => {
    let e = 0;
    for (let j = 2; j < 6; j++)
      e += alongMean(look, s, cell(s, sign * j), from, to, (i) => look.energy[i]!);
    return e / (4 * look.frames.length);
  };
  return band(1) > k * band(-1) + 1;
}

/** Whether a cut side ends at a bar's edge along at least 3 of its 4 quarters. */
function barEdge(look: Look, s: Side): boolean {
  const size = s.vertical ? look.w : look.h;
  // A strip too thin to look across, or a picture too small to look into, is no bar.
  const strip = s.dir > 0 ? s.p : size - s.p;
  const picture = s.dir > 0 ? size - s.p : s.p;
  if (strip < 6 || picture < 16 || s.b - s.a < 8) return false;
  let bars = 0;
  for (let q = 0; q < 4; q++) {
    const from = s.a + Math.floor(((s.b - s.a) * q) / 4);
    const to = s.a + Math.floor(((s.b - s.a) * (q + 1)) / 4);
    if (barStretch(look, s, from, to)) bars++;
  }
  return bars >= 3;
}

/**
 * Letterboxes and pillarboxes are centred: a side whose strip is as thick as the opposite one's
 * (within 2% of the frame, at least 4 px) is a bar when that one is, even where the picture beside
 * it is as smooth as a blurred bar (a dark foreground). Returns whether each side is a bar.
 */
function centred(a: boolean, b: boolean, stripA: number, stripB: number, size: number) {
  const even = stripA > 0 && Math.abs(stripA - stripB) <= Math.max(4, 0.02 * size);
  return [a || (b && even), b || (a && even)] as const;
}

/** The image pipeline's trim of uniform bars, on a grey frame. */
function trimGrey(grey: Uint8Array, w: number, h: number): Box | undefined {
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < grey.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i]!;
  return trimBox(rgb, w, h);
}

/**
 * The box of a video's picture in its frames (grey, `w` x `h`, in time order), or undefined when
 * the whole frame is the picture.
 */
export function contentBox(frames: readonly Uint8Array[], w: number, h: number): Box | undefined {
  if (frames.length === 0 || w < 16 || h < 16) return undefined;
  const change = new Float32Array(w * h);
  const energy = new Float32Array(w * h);
  let prev: Float32Array | undefined;
  for (const f of frames) {
    const e = edges(f, w, h);
    for (let i = 0; i < e.length; i++) energy[i] = energy[i]! + e[i]!;
    if (prev)
      for (let i = 0; i < e.length; i++) change[i] = change[i]! + Math.abs(e[i]! - prev[i]!);
    prev = e;
  }
  const rows = new Float64Array(h);
  const cols = new Float64Array(w);
  let total = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = change[y * w + x]!;
      rows[y] = rows[y]! + v;
      cols[x] = cols[x]! + v;
      total += v;
    }
  }
  const still = total / (w * h * Math.max(1, frames.length - 1)) < CONTENT_BOX.minActivity;
  if (still) {
    const t = trimGrey(frames[0]!, w, h);
    return t && accept(t, w, h);
  }
  const ys = span(rows, CONTENT_BOX.activeShare);
  if (!ys) return undefined;
  // Columns are counted over the picture's rows only, so that a page's rows do not dilute them.
  const inRows = new Float64Array(w);
  for (let y = ys[0]; y < ys[1]; y++)
    for (let x = 0; x < w; x++) inRows[x] = inRows[x]! + change[y * w + x]!;
  const xs = span(inRows, CONTENT_BOX.activeShare);
  if (!xs) return undefined;
  const look: Look = { frames, energy, w, h };
  // Each cut side must be a bar's edge; a side that is not goes back to the frame's edge.
  const bar = (vertical: boolean, p: number, dir: 1 | -1, a: number, b: number) =>
    barEdge(look, { vertical, p, dir, a, b });
  const [left, right] = centred(
    xs[0] > 0 && bar(true, xs[0], 1, ys[0], ys[1]),
    xs[1] < w && bar(true, xs[1], -1, ys[0], ys[1]),
    xs[0],
    w - xs[1],
    w,
  );
  const x0 = left ? xs[0] : 0;
  const x1 = right ? xs[1] : w;
  const [top, bottom] = centred(
    ys[0] > 0 && bar(false, ys[0], 1, x0, x1),
    ys[1] < h && bar(false, ys[1], -1, x0, x1),
    ys[0],
    h - ys[1],
    h,
  );
  const y0 = top ? ys[0] : 0;
  const y1 = bottom ? ys[1] : h;
  return accept({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, w, h);
}
