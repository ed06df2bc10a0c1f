/**
 * Small-angle rotation of the working image, for reference variants: a re-upload turned by a few
 * degrees gains filled corners and a smaller scale, which moves PDQ by 60-110 bits; hashing the
 * reference turned the same way (canvas expanded, corners filled) brings it back near.
 */

/**
 * Rotates RGB by `degrees` (clockwise) about the centre with bilinear sampling, expanding the
 * canvas to hold the whole picture and filling the corners with `fill` (0..255 grey).
 */
export function rotateRgb(
  rgb: Uint8Array,
  width: number,
  height: number,
  degrees: number,
  fill: number,
): { rgb: Uint8Array; width: number; height: number } {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const w = Math.round(Math.abs(width * cos) + Math.abs(height * sin));
  const h = Math.round(Math.abs(width * sin) + Math.abs(height * cos));
  const out = new Uint8Array(w * h * 3).fill(fill);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const ox = (w - 1) / 2;
  const oy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse mapping: where in the source this output pixel comes from.
      const dx = x - ox;
      const dy = y - oy;
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      if (sx < 0 || sy < 0 || sx > width - 1 || sy > height - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const p00 = rgb[(y0 * width + x0) * 3 + c]!;
        const p01 = rgb[(y0 * width + x1) * 3 + c]!;
        const p10 = rgb[(y1 * width + x0) * 3 + c]!;
        const p11 = rgb[(y1 * width + x1) * 3 + c]!;
        const top = p00 + (p01 - p00) * fx;
        const bottom = p10 + (p11 - p10) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { rgb: out, width: w, height: h };
}
