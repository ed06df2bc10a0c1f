import { describe, expect, it } from 'vitest';
import { segmentWords } from './video-segment-words';

/** The fixture site's 60% crop as the crawl recorded it (e2e/video-takedown.spec.ts). */
const cropSegment = { queryStartS: 1, queryEndS: 10, refStartS: 3, refEndS: 9 };

describe('segmentWords', () => {
  it('gives a frame-hash segment its times as they are', () => {
    const hashes = { queryStartS: 0, queryEndS: 5, refStartS: 4, refEndS: 9 };
    expect(segmentWords(hashes, false)).toEqual([
      'review.videoStrip.segment',
      { upload: '0:00–0:05', reference: '0:04–0:09' },
    ]);
  });

  it('says the reference times of a local-features segment are approximate', () => {
    // The crop holds seconds 0–11 of the reference: its looked-at frames verified against
    // reference keyframes whose offsets agree within 3 s (0 to 2 s here), so "0:03–0:09 of the
    // reference" is only near the truth (0:01–0:10).
    expect(segmentWords(cropSegment, true)).toEqual([
      'review.videoStrip.segmentLocal',
      { upload: '0:01–0:10', reference: '0:03–0:09' },
    ]);
  });
});
