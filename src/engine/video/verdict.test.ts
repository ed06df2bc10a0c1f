import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { betterVideoMatch, matchVideo, VIDEO_RULE, videoVerdict } from './match';
import type { VideoFingerprint, VideoFrameHash } from './types';

/** A fingerprint of `n` distinct random frames one `step` apart, from `pdqs` when given. */
function fp(pdqs: Uint8Array[], step = 1, quality = 90): VideoFingerprint {
  const frames: VideoFrameHash[] = pdqs.map((pdq, i) => ({ pdq, quality, timestampS: i * step }));
  return {
    durationS: pdqs.length * step,
    width: 640,
    height: 360,
    sampleEveryS: step,
    frames,
    sampled: false,
  };
}
const hashes = (n: number) => Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));

describe('the one video decision (decision 0106)', () => {
  const ref = hashes(20);
  const reference = fp(ref);

  it('matches a clip whose agreeing frames cover at least minSegmentS seconds', () => {
    const clip = fp(ref.slice(6, 6 + VIDEO_RULE.minSegmentS));
    const m = matchVideo(clip, reference);
    expect(m.segments).toHaveLength(1);
    expect(m.segments[0]!.queryEndS - m.segments[0]!.queryStartS).toBe(VIDEO_RULE.minSegmentS);
    expect(videoVerdict(clip, m)).toBe('match');
  });

  it('matches a clip inside a long unrelated video by its segment, whatever the shares', () => {
    const long = fp([...hashes(60), ...ref.slice(2, 7), ...hashes(60)]);
    const m = matchVideo(long, reference);
    expect(m.queryPct).toBeLessThan(5);
    expect(videoVerdict(long, m)).toBe('match');
  });

  it('matches a short candidate by its share of frames found, from minQueryFrames frames', () => {
    const two = fp(ref.slice(4, 6));
    expect(videoVerdict(two, matchVideo(two, reference))).toBe('match');
    const one = fp(ref.slice(4, 5));
    expect(videoVerdict(one, matchVideo(one, reference))).toBe('no-match');
  });

  it('does not match two agreeing frames among many unrelated ones', () => {
    const q = fp([...hashes(10), ref[3]!, ...hashes(10), ref[15]!]);
    expect(videoVerdict(q, matchVideo(q, reference))).toBe('no-match');
  });

  it('says low-quality when no frame of the candidate counts', () => {
    const q = fp(ref.slice(0, 5), 1, 20);
    expect(videoVerdict(q, matchVideo(q, reference))).toBe('low-quality');
  });

  it('prefers the comparison with more matched seconds, then the higher query share', () => {
    const long = { queryPct: 50, comparePct: 10, segments: [seg(0, 8)] };
    const short = { queryPct: 100, comparePct: 10, segments: [seg(0, 4)] };
    expect(betterVideoMatch(long, short)).toBe(true);
    expect(betterVideoMatch(short, long)).toBe(false);
    expect(betterVideoMatch({ ...long, queryPct: 60 }, long)).toBe(true);
  });
});

function seg(a: number, b: number) {
  return { queryStartS: a, queryEndS: b, refStartS: a, refEndS: b };
}
