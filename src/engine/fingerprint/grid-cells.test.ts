/**
 * Plain gutters split a collage into its cells; a picture without gutters, or a page whose only
 * flat lines are its margins, has none.
 */
import { describe, expect, it } from 'vitest';

import { cellGrey, gridCells } from './grid-cells';

/** A textured w x h grey picture (a pattern no row or column of which is flat). */
function textured(w: number, h: number): Uint8Array {
  const g = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) g[y * w + x] = (x * 37 + y * 91) % 251;
  return g;
}

describe('gridCells', () => {
  it('finds the 4 cells of a 2 x 2 collage with 4 px gutters, largest first', () => {
    const w = 204;
    const grey = textured(w, w);
    for (let i = 0; i < w; i++) {
      for (let k = 100; k < 104; k++) {
        grey[k * w + i] = 250; // the horizontal gutter
        grey[i * w + k] = 250; // the vertical one
      }
    }
    const cells = gridCells({ grey, width: w, height: w });
    expect(cells).toHaveLength(4);
    expect(cells.map((c) => [c.x, c.y, c.w, c.h]).sort()).toEqual([
      [0, 0, 100, 100],
      [0, 104, 100, 100],
      [104, 0, 100, 100],
      [104, 104, 100, 100],
    ]);
    const cell = cellGrey(
      { grey, width: w, height: w },
      cells.find((c) => c.x === 104 && c.y === 0)!,
    );
    expect(cell.grey[0]).toBe(grey[104]);
    expect(cell.grey[cell.width]).toBe(grey[w + 104]);
  });

  it('finds none in a picture without gutters, or with plain margins only', () => {
    expect(gridCells({ grey: textured(120, 80), width: 120, height: 80 })).toEqual([]);
    const w = 120;
    const grey = textured(w, 80);
    for (let y = 0; y < 80; y++) for (let x = 0; x < 10; x++) grey[y * w + x] = 255;
    expect(gridCells({ grey, width: w, height: 80 })).toEqual([]);
  });
});
