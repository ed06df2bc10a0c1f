/**
 * The crop stage (decision 0104): local features for the videos whose frame hashes, whole or
 * inside the content box, found nothing. PDQ does not survive a crop of 80% of each side (decision
 * 0102 measured it); ORB keypoints with a geometric check do, but ORB costs too much to run on
 * every frame against every reference. So, as the image pipeline's local proposals
 * (fingerprint/local-proposals.ts, decisions 0017 and 0021):
 *
 * 1. **Reference keyframes**, kept at registration: a frame about every `referenceEveryS` seconds
 *    (at most `maxReferenceKeyframes`, spread over the whole video), ORB on its ≤ 512 px grey
 *    frame, the same features the image pipeline stores for a reference image.
 * 2. **A cheap vote**: a few frames of the candidate (`candidateFrames`, spread over it) vote with
 *    their descriptors in one descriptor index of every reference keyframe (the image pipeline's
 *    DescriptorIndex and its vote counting); only the top-voted keyframes are verified.
 * 3. **Geometric verification** of those (the image pipeline's verifyPair: ratio test, RANSAC
 *    homography, plausible outline).
 * 4. **Temporal confirmation**: a reference matches when at least `minFrames` of the candidate's
 *    frames verified against it at a consistent offset (reference time minus candidate time within
 *    `maxOffsetSpreadS` of each other). Votes alone never match, nor does one verified frame.
 */
import { DescriptorIndex } from '../fingerprint/descriptor-index';
import { mirrorGrey } from '../fingerprint/local-proposals';
import {
  extractFeatures,
  extractFeaturesBothWays,
  MIN_KEYPOINTS,
  VERIFY_RULE,
  verifyPair,
} from '../fingerprint/verify';
import type { Features } from '../fingerprint/verify';
import type { VideoMatch, VideoSegment } from './types';

/** Settings of the crop stage (tuned on the tuning half of decision 0105; decision 0104). */
export const VIDEO_CROP = {
  /** Seconds between a reference's keyframes, before thinning. */
  referenceEveryS: 1,
  /** Keyframes per reference at most (the spacing doubles past it: long videos keep fewer). */
  maxReferenceKeyframes: 64,
  /** Frames of a candidate that vote and are verified, at least (a candidate of 6 s or less). */
  candidateFrames: 4,
  /** One more frame looked at per this many seconds of a longer candidate (decision 0122)… */
  lookEveryS: 1.5,
  /** …up to this many (the cost per candidate grows with them: ~30 ms of ORB a frame). */
  maxCandidateFrames: 8,
  /** Votes a reference keyframe needs from one candidate frame to be verified. */
  minVotes: 12,
  /** Reference keyframes verified per candidate frame at most (most votes first). */
  maxVerified: 2,
  /** Candidate frames that must verify against one reference. */
  minFrames: 2,
  /** Largest spread of (reference time − candidate time) among those frames, seconds. */
  maxOffsetSpreadS: 3,
};

/** One frame's ORB features and its time. */
export interface VideoKeyframe {
  timestampS: number;
  features: Features;
}

interface GreyFrame {
  timestampS: number;
  grey: Uint8Array;
  width: number;
  height: number;
}

/**
 * Keeps a bounded number of frames spread over a video as they are decoded (fingerprintVideo's
 * onGreyFrame): one every `everyS` seconds until `max` are held, then every other one is dropped
 * and the spacing doubles, so a video of any length keeps between max/2 and max frames.
 */
export class FrameKeeper {
  private kept: GreyFrame[] = [];
  private next = 0;
  constructor(
    private everyS: number,
    private readonly max: number,
  ) {}

  /** Offered every sampled frame; copies the ones it keeps. */
  readonly take = (grey: Uint8Array, width: number, height: number, timestampS: number): void => {
    if (timestampS + 1e-6 < this.next) return;
    // A copy whatever is offered (a Buffer's slice() would share the caller's memory).
    this.kept.push({ timestampS, grey: new Uint8Array(grey), width, height });
    if (this.kept.length > this.max) {
      this.kept = this.kept.filter((_, i) => i % 2 === 0);
      this.everyS *= 2;
    }
    this.next = this.kept.at(-1)!.timestampS + this.everyS;
  };

  /** Every frame kept. */
  all(): readonly GreyFrame[] {
    return this.kept;
  }

  /** `n` frames spread over the inside of the video (its first and last moments are often fades). */
  spread(n: number): GreyFrame[] {
    const k = this.kept;
    if (k.length <= n) return [...k];
    // The (i+1)/(n+1) points of the kept frames: the first never, the last only when n + 1 are kept.
    return Array.from({ length: n }, (_, i) => k[Math.floor(((i + 1) * k.length) / (n + 1))]!);
  }

  /** The frames the crop stage looks at for a candidate of `durationS` ({@link lookAtCount}). */
  lookAt(durationS: number): GreyFrame[] {
    return this.spread(lookAtCount(durationS));
  }
}

/**
 * How many frames of a candidate the crop stage looks at: one per `lookEveryS` seconds, at least
 * `candidateFrames`, at most `maxCandidateFrames` (decision 0122: more frames give a crop more
 * chances to reach `minFrames`; each costs its ORB and verifications).
 */
export function lookAtCount(durationS: number): number {
  const n = Math.ceil((Number.isFinite(durationS) ? durationS : 0) / VIDEO_CROP.lookEveryS);
  return Math.min(VIDEO_CROP.maxCandidateFrames, Math.max(VIDEO_CROP.candidateFrames, n));
}

/** A keeper for a reference video's keyframes. */
export const referenceKeeper = () =>
  new FrameKeeper(VIDEO_CROP.referenceEveryS, VIDEO_CROP.maxReferenceKeyframes);

/** A keeper for a candidate's frames (twice as many as are looked at, so they can be spread). */
export const candidateKeeper = (sampleEveryS = 1) =>
  new FrameKeeper(sampleEveryS, 2 * VIDEO_CROP.maxCandidateFrames);

/**
 * ORB features of frames (the image pipeline's extractFeatures at their ≤ 512 px size); frames
 * with too few keypoints to verify (black, flat, a fade) are left out. Empty until the verifier
 * is loaded (loadVerifier).
 */
export function keyframeFeatures(frames: readonly GreyFrame[]): VideoKeyframe[] {
  const out: VideoKeyframe[] = [];
  for (const f of frames) {
    const features = extractFeatures(f.grey, f.width, f.height);
    if (features && features.points.length / 2 >= MIN_KEYPOINTS)
      out.push({ timestampS: f.timestampS, features });
  }
  return out;
}

/**
 * A candidate's frames as {@link keyframeFeatures} gives them, and the same frames mirrored left
 * to right (the image pipeline's mirrored look, decision 0024: ORB is not mirror-invariant, so a
 * mirrored crop meets none of its reference's descriptors). The mirrored descriptors are computed
 * at the plain keypoints mirrored, for about half the CPU of a second detection.
 */
export function keyframeFeaturesBothWays(frames: readonly GreyFrame[]): {
  plain: VideoKeyframe[];
  mirrored: VideoKeyframe[];
} {
  const plain: VideoKeyframe[] = [];
  const mirrored: VideoKeyframe[] = [];
  for (const f of frames) {
    const flipped = mirrorGrey(f).grey;
    const both = extractFeaturesBothWays(
      f.grey,
      f.width,
      f.height,
      VERIFY_RULE.features,
      8,
      flipped,
    );
    if (!both || both[0].points.length / 2 < MIN_KEYPOINTS) continue;
    plain.push({ timestampS: f.timestampS, features: both[0] });
    mirrored.push({ timestampS: f.timestampS, features: both[1] });
  }
  return { plain, mirrored };
}

/** Every reference video's keyframes in one descriptor index. */
export class VideoFeatureIndex {
  private readonly index = new DescriptorIndex();
  private readonly frames = new Map<string, { videoKey: string; frame: VideoKeyframe }>();
  private readonly ids = new Map<string, string[]>();

  /** References (videos) indexed. */
  get size(): number {
    return this.ids.size;
  }

  /** Adds or replaces one reference video's keyframes. */
  set(videoKey: string, keyframes: readonly VideoKeyframe[]): void {
    this.delete(videoKey);
    const ids = keyframes.map((frame, i) => {
      const id = `${videoKey}#${i}`;
      this.frames.set(id, { videoKey, frame });
      this.index.set(id, frame.features);
      return id;
    });
    if (ids.length) this.ids.set(videoKey, ids);
  }

  /** Keyframes held for one reference. */
  keyframes(videoKey: string): number {
    return this.ids.get(videoKey)?.length ?? 0;
  }

  delete(videoKey: string): void {
    for (const id of this.ids.get(videoKey) ?? []) {
      this.frames.delete(id);
      this.index.delete(id);
    }
    this.ids.delete(videoKey);
  }

  /** The keyframes one candidate frame votes for, most votes first. */
  proposals(f: Features): { videoKey: string; frame: VideoKeyframe; votes: number }[] {
    return this.index
      .votes(f, VIDEO_CROP.minVotes)
      .slice(0, VIDEO_CROP.maxVerified)
      .map((v) => ({ ...this.frames.get(v.referenceId)!, votes: v.votes }));
  }
}

/** A candidate frame verified against a reference keyframe. */
export interface VerifiedFrame {
  queryS: number;
  refS: number;
  inliers: number;
}

/** What the crop stage found: the reference, its verified frames and the match they make. */
export interface CropMatch {
  videoKey: string;
  frames: VerifiedFrame[];
  /**
   * As matchVideo's: one segment from the first to the last verified frame (the reference's
   * seconds estimated, {@link cropSegment}), queryPct the share of the frames looked at that
   * verified (comparePct: keyframes of the reference verified).
   */
  match: VideoMatch;
}

/** The largest set of verified frames of one reference whose offsets agree (see VIDEO_CROP). */
function consistent(hits: VerifiedFrame[]): VerifiedFrame[] {
  let best: VerifiedFrame[] = [];
  for (const a of hits) {
    const lo = a.refS - a.queryS;
    const group = hits.filter((h) => {
      const o = h.refS - h.queryS;
      return o >= lo && o <= lo + VIDEO_CROP.maxOffsetSpreadS;
    });
    // One frame of the candidate counts once (it may verify against two keyframes).
    const byQuery = new Map<number, VerifiedFrame>();
    for (const h of group)
      if (!byQuery.has(h.queryS) || byQuery.get(h.queryS)!.inliers < h.inliers)
        byQuery.set(h.queryS, h);
    if (byQuery.size > best.length) best = [...byQuery.values()];
  }
  return best.sort((x, y) => x.queryS - y.queryS);
}

/**
 * The crop stage on a candidate's frames (keyframeFeatures of candidateKeeper().spread(n)): the
 * reference with the most consistently verified frames, if at least VIDEO_CROP.minFrames; else
 * undefined. `onVerified` sees every verified frame (benches count them on unrelated videos);
 * `durationOf` gives a reference's duration, which bounds its estimated seconds ({@link cropSegment}).
 */
export function cropMatch(
  index: VideoFeatureIndex,
  candidate: readonly VideoKeyframe[],
  sampleEveryS = 1,
  onVerified?: (videoKey: string, frame: VerifiedFrame) => void,
  durationOf?: (videoKey: string) => number | undefined,
): CropMatch | undefined {
  if (index.size === 0 || candidate.length === 0) return undefined;
  const hits = new Map<string, VerifiedFrame[]>();
  const refVerified = new Map<string, Set<number>>();
  for (const c of candidate) {
    for (const p of index.proposals(c.features)) {
      const v = verifyPair(p.frame.features, c.features);
      if (!v.verified) continue;
      const list = hits.get(p.videoKey) ?? [];
      const hit = { queryS: c.timestampS, refS: p.frame.timestampS, inliers: v.inliers };
      onVerified?.(p.videoKey, hit);
      list.push(hit);
      hits.set(p.videoKey, list);
      const seen = refVerified.get(p.videoKey) ?? new Set<number>();
      refVerified.set(p.videoKey, seen.add(p.frame.timestampS));
    }
  }
  let best: CropMatch | undefined;
  for (const [videoKey, list] of hits) {
    const frames = consistent(list);
    if (frames.length < VIDEO_CROP.minFrames) continue;
    if (best && frames.length <= best.frames.length) continue;
    best = {
      videoKey,
      frames,
      match: {
        queryPct: (100 * frames.length) / candidate.length,
        comparePct: (100 * refVerified.get(videoKey)!.size) / index.keyframes(videoKey),
        segments: [cropSegment(frames, sampleEveryS, durationOf?.(videoKey))],
      },
    };
  }
  return best;
}

/**
 * The segment of a crop-stage match: the upload's seconds from its first to its last verified
 * frame (plus one sampling step), and the reference's estimated as those seconds shifted by the
 * median offset (reference time − upload time) of the verified frames, kept inside the reference
 * (0 to `refDurationS` when known). Each frame was paired with the nearest-looking keyframe, about
 * a second apart and up to `maxOffsetSpreadS` off the others, so the first and last keyframes
 * paired say little about where the segment starts and ends (review said 0:03–0:09 of a reference
 * whose 0:01–0:10 the upload holds); the median offset of all of them does.
 */
export function cropSegment(
  frames: readonly VerifiedFrame[],
  sampleEveryS: number,
  refDurationS = Number.POSITIVE_INFINITY,
): VideoSegment {
  const queryStartS = Math.min(...frames.map((f) => f.queryS));
  const queryEndS = Math.max(...frames.map((f) => f.queryS)) + sampleEveryS;
  const offsets = frames.map((f) => f.refS - f.queryS).sort((a, b) => a - b);
  const mid = offsets.length >> 1;
  const offset = offsets.length % 2 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
  const end = Number.isFinite(refDurationS) && refDurationS > 0 ? refDurationS : Infinity;
  const clamp = (s: number) => Math.min(end, Math.max(0, s));
  return {
    queryStartS,
    queryEndS,
    refStartS: clamp(queryStartS + offset),
    refEndS: clamp(queryEndS + offset),
  };
}
