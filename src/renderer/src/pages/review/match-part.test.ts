import { describe, expect, it } from 'vitest';
import { matchPart } from './match-part';

describe('matchPart', () => {
  it('tells a picture inside a screenshot or a collage from a crop and from the whole', () => {
    // The fixture's dark screenshot: the photo at 26-97% x 10-81% of the capture.
    expect(matchPart([0.26, 0.1, 0.97, 0.1, 0.97, 0.81, 0.26, 0.81])).toBe('inside');
    // A half crop: the reference reaches far outside the found image.
    expect(matchPart([-0.25, -0.72, 1.68, -0.71, 1.76, 1.24, -0.26, 1.27])).toBe('cut');
    // A resized copy verified whole, its corners a pixel off the edges.
    expect(matchPart([0.01, -0.01, 1.01, 0, 0.99, 1.01, 0, 0.99])).toBe('whole');
    expect(matchPart(null)).toBe('whole');
    expect(matchPart(undefined)).toBe('whole');
  });
});
