import { describe, expect, it } from 'vitest';
import { matchedAs, matchPart } from './match-part';

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

describe('matchedAs', () => {
  it('never says "as is" for a video the crop stage found by local features', () => {
    // The fixture site's 60% crop, recorded as vpdq-local with the identity transform: review
    // said "Matched as: as is" of a video that shows a part of the reference's picture.
    expect(matchedAs('identity', null, 'vpdq-local')).toEqual([
      { key: 'review.parts.local', defaultValue: 'local' },
    ]);
    // Were a mirrored crop recorded as mirrored, both are told.
    expect(matchedAs('flip-horizontal', null, 'vpdq-local')).toEqual([
      { key: 'review.transforms.flip-horizontal', defaultValue: 'flip-horizontal' },
      { key: 'review.parts.local', defaultValue: 'local' },
    ]);
  });

  it('tells an image’s transform and, when not the whole, which part matched', () => {
    expect(matchedAs('identity', null, 'pdq')).toEqual([
      { key: 'review.transforms.identity', defaultValue: 'identity' },
    ]);
    expect(matchedAs('rotate90', [0.26, 0.1, 0.97, 0.1, 0.97, 0.81, 0.26, 0.81], 'pdq')).toEqual([
      { key: 'review.transforms.rotate90', defaultValue: 'rotate90' },
      { key: 'review.parts.inside', defaultValue: 'inside' },
    ]);
    // A video the frame hashes found: its transform, as before.
    expect(matchedAs('identity', null, 'vpdq')).toEqual([
      { key: 'review.transforms.identity', defaultValue: 'identity' },
    ]);
  });
});
