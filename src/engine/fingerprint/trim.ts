/**
 * Finding the picture inside a larger frame: uniform borders and letterboxing (trim), and a
 * photograph embedded in a screenshot (the largest block of textured cells).
 */
import type { Box } from './region';

/** A channel further than this from its line's mean counts as "different" (JPEG noise stays under). */
const TOLERANCE = 24;
/** A line is uniform when at most this share of its pixels differs from its mean. */
const OUTLIER_SHARE = 0.02;

/** The mean colour of the `count` pixels from `start`, every `step` bytes. */
function lineMean(rgb: Uint8Array, start: number, step: number, count: number) {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0, p = start; i < count; i++, p += step) {
    r += rgb[p]!;
    g += rgb[p + 1]!;
    b += rgb[p + 2]!;
  }
  return [r / count, g / count, b / count] as [number, number, number];
}

/** True when at most 2% of the `count` pixels from `start` (every `step` bytes) differ from their mean. */
export function lineUniform(rgb: Uint8Array, start: number, step: number, count: number): boolean {
  return lineStats(rgb, start, step, count).uniform;
}

/** A line's mean colour and its spread: the mean over pixels of the largest channel's distance to it. */
interface LineStats {
  mean: [number, number, number];
  spread: number;
  uniform: boolean;
}

function lineStats(rgb: Uint8Array, start: number, step: number, count: number): LineStats {
  const mean = lineMean(rgb, start, step, count);
  const [r, g, b] = mean;
  let outliers = 0;
  let spread = 0;
  for (let i = 0, p = start; i < count; i++, p += step) {
    const d = Math.max(Math.abs(rgb[p]! - r), Math.abs(rgb[p + 1]! - g), Math.abs(rgb[p + 2]! - b));
    if (d > TOLERANCE) outliers++;
    spread += d;
  }
  return { mean, spread: spread / count, uniform: outliers <= Math.floor(count * OUTLIER_SHARE) };
}

/** A mean step of more than this many grey levels (any channel) plus the border's own spread is an edge. */
const STEP = 3;
/** Content next to an edge is more than twice (plus SPREAD_FLOOR levels) as spread as the border line. */
const SPREAD_STEP = 2;
/** JPEG ringing along a flat border next to a picture stays under this spread. */
const SPREAD_FLOOR = 3;
/** At most this many lines of an edge's blur, still flat, are trimmed with the border. */
const EDGE_LINES = 2;
/** How many lines past an edge stand for the content next to it (their median spread). */
const CONTENT_LINES = 4;

/** A band of text on the border (a caption line) is at most this share of the side. */
const BAND_SHARE = 0.1;
/** Borders and the bands between them together take at most this share of a side. */
const SKIP_SHARE = 0.35;

/** The largest channel difference between two lines' means. */
function meanStep(a: LineStats, b: LineStats): number {
  return Math.max(
    Math.abs(a.mean[0] - b.mean[0]),
    Math.abs(a.mean[1] - b.mean[1]),
    Math.abs(a.mean[2] - b.mean[2]),
  );
}

/**
 * How many lines of a side (`line(0)` the outermost, `n` lines) are border. A border is a run of
 * uniform lines that ends at an edge: the line after it steps away in mean colour by more than the
 * border line's own spread, or the content next to it (the next few lines) is clearly more spread
 * than the border line. A dark or flat picture's lines all pass the 24-level uniformity test; a run
 * that creeps into such a picture from its own edge meets no such edge before texture, and then
 * nothing of that side is border. A thin band after the border that gives way to the border's
 * colour again (a caption's text lines on a caption bar) is skipped, and the border goes on to the
 * next edge.
 */
function borderLines(line: (i: number) => LineStats, n: number): number {
  const cache: LineStats[] = [];
  const at = (i: number) => (cache[i] ??= line(i));
  const contentSpread = (i: number) => {
    const s: number[] = [];
    for (let j = i; j < Math.min(n, i + CONTENT_LINES); j++) s.push(at(j).spread);
    s.sort((x, y) => x - y);
    return s[Math.floor(s.length / 2)]!;
  };
  /** The edge ending the border run from `start`, n when all is border, -1 when it has none. */
  const edgeFrom = (start: number): number => {
    for (let i = start; i < n; i++) {
      const cur = at(i);
      if (i > start) {
        const prev = at(i - 1);
        const d = meanStep(cur, prev);
        if (d > STEP + prev.spread || contentSpread(i) > SPREAD_STEP * prev.spread + SPREAD_FLOOR) {
          // The edge's own lines (resampling and JPEG blur it over a line or two) go with the border.
          let end = i;
          while (
            end < Math.min(n, i + EDGE_LINES) &&
            at(end).uniform &&
            at(end).spread <= SPREAD_FLOOR
          ) {
            end++;
          }
          return end;
        }
      }
      if (!cur.uniform) return -1;
    }
    return n;
  };
  let edge = edgeFrom(0);
  if (edge <= 0) return 0;
  const border = at(edge - 1);
  const borderLike = (l: LineStats) =>
    l.uniform && l.spread <= SPREAD_FLOOR && meanStep(l, border) <= STEP + border.spread;
  for (;;) {
    let j = edge;
    while (j < n && j - edge <= BAND_SHARE * n && !borderLike(at(j))) j++;
    if (j >= n || j - edge > BAND_SHARE * n) return edge;
    const next = edgeFrom(j);
    if (next <= j || next >= n || next > SKIP_SHARE * n) return edge;
    edge = next;
  }
}

/**
 * The box left after removing uniform borders from each side (any colour, each side on its own),
 * or undefined when nothing meaningful was removed or almost nothing is left.
 */
export function trimBox(
  rgb: Uint8Array,
  width: number,
  height: number,
  within: Box = { x: 0, y: 0, w: width, h: height },
): Box | undefined {
  let top = within.y;
  let bottom = within.y + within.h;
  let left = within.x;
  let right = within.x + within.w;
  const cols = right - left;
  const row = (y: number) => lineStats(rgb, (y * width + left) * 3, 3, cols);
  top += borderLines((i) => row(top + i), bottom - top);
  bottom -= borderLines((i) => row(bottom - 1 - i), bottom - top);
  const rows = bottom - top;
  if (rows <= 0) return undefined;
  const col = (x: number) => lineStats(rgb, (top * width + x) * 3, width * 3, rows);
  left += borderLines((i) => col(left + i), right - left);
  right -= borderLines((i) => col(right - 1 - i), right - left);
  const box = { x: left, y: top, w: right - left, h: bottom - top };
  // Less than 2% removed: the hash of the full image already covers it.
  if (box.w * box.h > 0.98 * within.w * within.h) return undefined;
  // Almost nothing left: a flat image or a thin line, not a framed picture.
  if (box.w < 16 || box.h < 16 || box.w * box.h < 0.04 * within.w * within.h) return undefined;
  return box;
}
