/**
 * A look at the picture inside a page (issue 13; decision 0026): a screenshot at phone width shows
 * the victim's picture at 30% of a capture whose working image is 512 px tall, so the picture is
 * 150-250 px in the working image, under the scale at which the reference's keypoints were found
 * and too small for ORB's border and pyramid. The finder's box (embedded.ts) is cut out and
 * resized so that its longer side is `side` px before ORB runs on it.
 */
import type { Fingerprint } from './fingerprint';
import { cellGrey } from './grid-cells';
import { locatedBox } from './page-chrome';
import type { Box } from './region';
import type { Grey } from './shrink';

/** A located picture smaller than this (either side, working pixels) is not looked at. */
export const MIN_PICTURE_SIDE = 48;
/**
 * … nor one that the look would enlarge by less than two steps of ORB's pyramid (1.2 x 1.2) over
 * the capture's own first look: that look already saw it at nearly this scale.
 */
export const MIN_ZOOM = 1.44;

/** `img` resized (bilinear) so that its longer side is `side`; itself when it already is. */
export function resizeGrey(img: Grey, side: number): Grey {
  const { grey, width, height } = img;
  const scale = side / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  if (w === width && h === height) return img;
  const out = new Uint8Array(w * h);
  const fx = width / w;
  const fy = height / h;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, Math.max(0, (y + 0.5) * fy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(width - 1, Math.max(0, (x + 0.5) * fx - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = sx - x0;
      const top = grey[y0 * width + x0]! * (1 - wx) + grey[y0 * width + x1]! * wx;
      const bottom = grey[y1 * width + x0]! * (1 - wx) + grey[y1 * width + x1]! * wx;
      out[y * w + x] = Math.round(top * (1 - wy) + bottom * wy);
    }
  }
  return { grey: out, width: w, height: h };
}

/** The finder's picture box in working pixels, or undefined when it found none. */
export function pictureBox(candidate: Fingerprint, work: Grey): Box | undefined {
  const box = locatedBox(candidate.variants);
  if (!box) return undefined;
  const x = Math.round(box[0]! * work.width);
  const y = Math.round(box[1]! * work.height);
  const w = Math.round(box[2]! * work.width) - x;
  const h = Math.round(box[3]! * work.height) - y;
  return { x, y, w, h };
}

/**
 * The located picture enlarged (or shrunk) so that its longer side is `side`, with the box it came
 * from; undefined when the finder found no picture, or one too small to look at.
 */
export function pictureGrey(
  candidate: Fingerprint,
  work: Grey,
  side: number,
): { box: Box; grey: Grey } | undefined {
  const box = pictureBox(candidate, work);
  if (!box || box.w < MIN_PICTURE_SIDE || box.h < MIN_PICTURE_SIDE) return undefined;
  if (Math.max(work.width, work.height) < MIN_ZOOM * Math.max(box.w, box.h)) return undefined;
  return { box, grey: resizeGrey(cellGrey(work, box), side) };
}
