/**
 * A grey image made smaller by averaging the source pixels under each output pixel: the cheap
 * first look of the local-feature proposals (reference-set.ts) runs ORB on it.
 */

/** A grey image. */
export interface Grey {
  grey: Uint8Array;
  width: number;
  height: number;
}

/** `img` scaled to fit `maxSide` (averaging whole source pixels per output pixel); itself when it fits. */
export function shrinkGrey(img: Grey, maxSide: number): Grey {
  const { grey, width, height } = img;
  const scale = maxSide / Math.max(width, height);
  if (scale >= 1) return img;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const out = new Uint8Array(w * h);
  const xs = new Int32Array(w + 1);
  for (let x = 0; x <= w; x++) xs[x] = Math.min(width, Math.round((x * width) / w));
  const sums = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    const y0 = Math.round((y * height) / h);
    const y1 = Math.max(y0 + 1, Math.min(height, Math.round(((y + 1) * height) / h)));
    sums.fill(0);
    for (let sy = y0; sy < y1; sy++) {
      const row = sy * width;
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let sx = xs[x]!, end = Math.max(xs[x]! + 1, xs[x + 1]!); sx < end; sx++)
          s += grey[row + sx]!;
        sums[x]! += s;
      }
    }
    for (let x = 0; x < w; x++) {
      const n = (y1 - y0) * Math.max(1, xs[x + 1]! - xs[x]!);
      out[y * w + x] = Math.round(sums[x]! / n);
    }
  }
  return { grey: out, width: w, height: h };
}
