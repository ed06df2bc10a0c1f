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
  let prev: Float32Array | undefined;
  for (const f of frames) {
    const e = edges(f, w, h);
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
  return accept({ x: xs[0], y: ys[0], w: xs[1] - xs[0], h: ys[1] - ys[0] }, w, h);
}
