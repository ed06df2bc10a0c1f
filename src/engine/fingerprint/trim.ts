/**
 * Finding the picture inside a larger frame: uniform borders and letterboxing (trim), and a
 * photograph embedded in a screenshot (the largest block of textured cells).
 */
import type { Box } from './region';

/** A channel further than this from its line's mean counts as "different" (JPEG noise stays under). */
const TOLERANCE = 24;
/** A line is uniform when at most this share of its pixels differs from its mean. */
const OUTLIER_SHARE = 0.02;

/** True when at most 2% of the `count` pixels from `start` (every `step` bytes) differ from their mean. */
export function lineUniform(rgb: Uint8Array, start: number, step: number, count: number): boolean {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let i = 0, p = start; i < count; i++, p += step) {
    r += rgb[p]!;
    g += rgb[p + 1]!;
    b += rgb[p + 2]!;
  }
  r /= count;
  g /= count;
  b /= count;
  let outliers = 0;
  const allowed = Math.floor(count * OUTLIER_SHARE);
  for (let i = 0, p = start; i < count; i++, p += step) {
    if (
      Math.abs(rgb[p]! - r) > TOLERANCE ||
      Math.abs(rgb[p + 1]! - g) > TOLERANCE ||
      Math.abs(rgb[p + 2]! - b) > TOLERANCE
    ) {
      if (++outliers > allowed) return false;
    }
  }
  return true;
}

/**
 * The box left after removing uniform rows and columns from each side (any colour, each side on
 * its own), or undefined when nothing meaningful was removed or almost nothing is left.
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
  while (top < bottom && lineUniform(rgb, (top * width + left) * 3, 3, cols)) top++;
  while (bottom > top && lineUniform(rgb, ((bottom - 1) * width + left) * 3, 3, cols)) bottom--;
  const rows = bottom - top;
  if (rows <= 0) return undefined;
  while (left < right && lineUniform(rgb, (top * width + left) * 3, width * 3, rows)) left++;
  while (right > left && lineUniform(rgb, (top * width + right - 1) * 3, width * 3, rows)) {
    right--;
  }
  const box = { x: left, y: top, w: right - left, h: bottom - top };
  // Less than 2% removed: the hash of the full image already covers it.
  if (box.w * box.h > 0.98 * within.w * within.h) return undefined;
  // Almost nothing left: a flat image or a thin line, not a framed picture.
  if (box.w < 16 || box.h < 16 || box.w * box.h < 0.04 * within.w * within.h) return undefined;
  return box;
}
