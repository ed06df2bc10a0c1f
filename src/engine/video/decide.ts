/**
 * The one video decision on every path (issue 15, decisions 0106, 0104 and 0122): the live crawl,
 * retro-matching at registration, `jium match`, the takedown re-check and the centre server's crawl
 * (which decodes the videos its workers find) all call {@link decideVideo}, and nothing else
 * decides whether a video is a copy of a reference video:
 *
 * 1. **Frame hashes**: every reference's fingerprint against the candidate's (`matchVideo`), judged
 *    by `videoVerdict`; the best by `betterVideoMatch`.
 * 2. **Local features**, only when no reference's hashes match and the candidate's frames were kept
 *    while it was decoded: the crop stage (crop-stage.ts) on `lookAtCount(durationS)` of them
 *    against the references' keyframes, then on the same frames mirrored left to right (a
 *    mirrored crop: ORB is not mirror-invariant). A path without kept frames (a fingerprint read back from
 *    the case file) or without keyframes (no case key at hand, no verifier) has the hashes alone,
 *    and says so in `stage`.
 */
import { verifierReady } from '../fingerprint/verify';
import {
  cropMatch,
  keyframeFeaturesBothWays,
  type FrameKeeper,
  type VerifiedFrame,
  type VideoFeatureIndex,
} from './crop-stage';
import { betterVideoMatch, matchVideo, videoVerdict } from './match';
import type { VideoFingerprint, VideoMatch } from './types';

/** A reference video as the decision sees it: a key (the crop stage's index uses the same one). */
export interface DecisionReference {
  key: string;
  fingerprint: VideoFingerprint;
}

/** What decided a match. */
export type VideoDecision =
  | { key: string; stage: 'hashes'; match: VideoMatch }
  | {
      key: string;
      stage: 'local-features';
      match: VideoMatch;
      /** Candidate frames looked at (those with enough keypoints) and verified against the key. */
      lookedAt: number;
      frames: VerifiedFrame[];
      /** Found by the candidate's frames mirrored left to right (a mirrored crop). */
      mirrored: boolean;
    };

/** The crop stage's part of a decision: the references' keyframes and the candidate's frames. */
export interface CropInput {
  index: VideoFeatureIndex | undefined;
  /** Frames kept while the candidate was decoded; undefined when it was not decoded here. */
  kept: FrameKeeper | undefined;
  /** The candidate's sampling step (the crop segment ends one step after its last frame). */
  sampleEveryS?: number;
}

/**
 * The best match of a candidate video among reference videos under the one decision, or null.
 * `crop` is asked only when no reference's hashes match (see the file comment).
 */
export function decideVideo(
  candidate: VideoFingerprint,
  references: Iterable<DecisionReference>,
  crop?: CropInput,
): VideoDecision | null {
  let best: VideoDecision | null = null;
  const durations = new Map<string, number>();
  for (const ref of references) {
    durations.set(ref.key, ref.fingerprint.durationS);
    const match = matchVideo(candidate, ref.fingerprint);
    if (videoVerdict(candidate, match) !== 'match') continue;
    if (!best || betterVideoMatch(match, best.match))
      best = { key: ref.key, stage: 'hashes', match };
  }
  if (best || !crop?.kept || !crop.index?.size || !verifierReady()) return best;
  // The candidate's frames as they are, then mirrored left to right (decision 0104's update).
  const looks = keyframeFeaturesBothWays(crop.kept.lookAt(candidate.durationS));
  const step = crop.sampleEveryS ?? candidate.sampleEveryS;
  for (const mirrored of [false, true]) {
    const frames = mirrored ? looks.mirrored : looks.plain;
    const found = cropMatch(crop.index, frames, step, undefined, (k) => durations.get(k));
    if (found)
      return {
        key: found.videoKey,
        stage: 'local-features',
        match: found.match,
        lookedAt: frames.length,
        frames: found.frames,
        mirrored,
      };
  }
  return null;
}

/**
 * How a decision reads in a log line or a CLI's output: the vPDQ shares for the hashes; for local
 * features, how many of the frames looked at verified (its queryPct is that share, not a share of
 * the video's frames).
 */
export function describeDecision(d: VideoDecision): string {
  if (d.stage === 'local-features')
    return `local features: ${d.frames.length} of ${d.lookedAt} frames looked at verified${d.mirrored ? ' mirrored' : ''}, ${d.match.comparePct.toFixed(0)}% of the reference's keyframes`;
  return `${d.match.queryPct.toFixed(0)}% of the video's frames, ${d.match.comparePct.toFixed(0)}% of the reference's`;
}

/** The match record's algorithm for a decision: 'vpdq' by the hashes, 'vpdq-local' by features. */
export const decisionAlgo = (d: VideoDecision): 'vpdq' | 'vpdq-local' =>
  d.stage === 'local-features' ? 'vpdq-local' : 'vpdq';

/**
 * The match record's transform for a decision: 'flip-horizontal' when the crop stage found it by
 * the candidate's frames mirrored (the image pipeline's name, so review words it as for images),
 * else 'identity'.
 */
export const decisionTransform = (d: VideoDecision): 'identity' | 'flip-horizontal' =>
  d.stage === 'local-features' && d.mirrored ? 'flip-horizontal' : 'identity';
