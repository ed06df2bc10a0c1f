/**
 * The local-feature proposals' first look (decision 0021) runs ORB on the candidate shrunk by
 * averaging the pixels under each output pixel. (The look itself is exercised end to end by
 * proposals.test.ts — a photo in a page found by descriptor votes — and measured on the held-out
 * corpus's tuning half by bench/matching-cpu-heldout.bench.ts.)
 */
import { describe, expect, it } from 'vitest';

import { shrinkGrey } from './shrink';

describe('shrinkGrey', () => {
  it('averages the pixels under each output pixel, and keeps what already fits', () => {
    const grey = new Uint8Array(8 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) grey[y * 8 + x] = x < 4 ? 10 : 200;
    grey[0] = 30; // the first output pixel averages 30, 10, 10, 10 = 15
    const small = shrinkGrey({ grey, width: 8, height: 4 }, 4);
    expect([small.width, small.height]).toEqual([4, 2]);
    expect([...small.grey]).toEqual([15, 10, 200, 200, 10, 10, 200, 200]);
    const same = { grey, width: 8, height: 4 };
    expect(shrinkGrey(same, 8)).toBe(same);
  });
});
