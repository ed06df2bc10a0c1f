/**
 * A candidate without its thin bright strokes (decision 0150): a semi-transparent white text laid
 * over a picture — a watermark tiled over it, a handle, a caption in the picture — draws strokes
 * a few pixels wide, brighter than what is under them. On a smooth or dark picture they are most
 * of what ORB sees: the copy's keypoints sit on the letters and none of them matches the
 * reference. A grey opening (the brightest level a 7 x 7 window's darkest levels reach) removes
 * bright structures narrower than the window and keeps everything wider; only pixels more than
 * {@link STROKES.lift} grey levels above their opening are replaced, so the rest of the picture
 * keeps its own pixels. The verification stage uses it as a second look only, when the candidate
 * as it is did not verify a pair the hashes proposed (reference-set.ts).
 */
import type { Grey } from './shrink';

/** The measured settings (decision 0150: bench/watermark-repeats). */
export const STROKES = {
  /** The window's half side, working-image pixels: strokes up to 2 x radius wide go. */
  radius: 3,
  /** Grey levels above the opening from which a pixel counts as a stroke's. */
  lift: 16,
};

/** A running minimum (or maximum) over 2r+1 pixels along rows (step 1) or columns (step width). */
function slide(
  src: Uint8Array,
  out: Uint8Array,
  width: number,
  height: number,
  r: number,
  vertical: boolean,
  max: boolean,
): void {
  const lines = vertical ? width : height;
  const len = vertical ? height : width;
  const step = vertical ? width : 1;
  const lineStep = vertical ? 1 : width;
  for (let l = 0; l < lines; l++) {
    const base = l * lineStep;
    for (let i = 0; i < len; i++) {
      const lo = i - r < 0 ? 0 : i - r;
      const hi = i + r >= len ? len - 1 : i + r;
      let v = src[base + lo * step]!;
      for (let k = lo + 1; k <= hi; k++) {
        const x = src[base + k * step]!;
        if (max ? x > v : x < v) v = x;
      }
      out[base + i * step] = v;
    }
  }
}

/** The grey opening of `img` with a (2r+1)-pixel square window: erosion, then dilation. */
export function openGrey(img: Grey, r: number = STROKES.radius): Uint8Array {
  const { grey, width, height } = img;
  const a = new Uint8Array(grey.length);
  const b = new Uint8Array(grey.length);
  slide(grey, a, width, height, r, false, false);
  slide(a, b, width, height, r, true, false);
  slide(b, a, width, height, r, false, true);
  slide(a, b, width, height, r, true, true);
  return b;
}

/** `img`'s grey levels with every thin bright stroke replaced by its surroundings' level. */
export function withoutThinStrokes(img: Grey): Grey {
  const open = openGrey(img);
  const { grey } = img;
  const out = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const g = grey[i]!;
    const o = open[i]!;
    out[i] = g - o > STROKES.lift ? o : g;
  }
  return { grey: out, width: img.width, height: img.height };
}
