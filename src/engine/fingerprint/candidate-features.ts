/**
 * A crawled image's local features, computed where it was fingerprinted (issue 16, decision
 * 0113): a crawl worker runs the very ORB extractions the matcher runs on a candidate, with the
 * same functions and parameters, so that the centre server — the one writer, the crawl's ceiling
 * — does not. They need nothing sealed: only the candidate's own grey working image. What needs
 * the references (descriptor votes, verification) stays on the server. The matcher uses features
 * found on the fingerprint and computes whatever is absent (reference-set.ts, local-proposals.ts);
 * the server takes a worker's features only when {@link checkCandidateFeatures} accepts them.
 * The first look goes with its mirrored descriptors (decision 0024), computed at its keypoints as
 * the matcher computes them: a server given only the first look detected again on the mirrored
 * picture, which cost it more CPU than the rest of the first look and gave other descriptors than
 * a decision on one machine (decision 0155).
 */
import type { Fingerprint } from './fingerprint';
import { firstLooks, LOCAL_PROPOSAL } from './local-proposals';
import type { Grey } from './shrink';
import { extractFeatures, loadVerifier, VERIFY_RULE } from './verify';
import type { Features } from './verify';

/** Which of the matcher's candidate features a worker computes ahead (decision 0113). */
export interface CandidateFeatureSet {
  /**
   * The local proposals' first look (320 px) and its mirrored descriptors: computed for every
   * candidate left unmatched.
   */
  firstLook: boolean;
  /** The 512 px features of hash proposals and page-like full looks: rare for unrelated images. */
  upright: boolean;
}

/** What workers compute: see decision 0113 for the measurement behind it. */
export const WORKER_FEATURES: CandidateFeatureSet = { firstLook: true, upright: false };

/**
 * Sets `fp.local` from `fp.work` (a candidate's fingerprint), as the matcher would compute them.
 * Leaves the fingerprint as it is when it has no working image or OpenCV cannot be loaded.
 */
export async function withCandidateFeatures(
  fp: Fingerprint,
  which: CandidateFeatureSet = WORKER_FEATURES,
): Promise<Fingerprint> {
  const work = fp.work;
  if (!work || !(await loadVerifier())) return fp;
  const local: NonNullable<Fingerprint['local']> = {};
  const looks = which.firstLook ? firstLooks(work) : undefined;
  if (looks) [local.firstLook, local.mirrored] = [looks.plain, looks.mirrored];
  const upright = which.upright ? extractFeatures(work.grey, work.width, work.height) : undefined;
  if (upright) local.upright = upright;
  fp.local = local;
  return fp;
}

/** The size {@link firstLook} shrinks a working image to (shrinkGrey's arithmetic). */
function firstLookSize(work: Grey): [number, number] {
  const scale = LOCAL_PROPOSAL.firstLookSide / Math.max(work.width, work.height);
  if (scale >= 1) return [work.width, work.height];
  return [
    Math.max(1, Math.round(work.width * scale)),
    Math.max(1, Math.round(work.height * scale)),
  ];
}

/** Whether `f` could have come from ORB on a `width` x `height` image with at most `count` points. */
function plausible(f: Features, width: number, height: number, count: number): boolean {
  const n = f.points.length / 2;
  if (f.width !== width || f.height !== height || !Number.isInteger(n) || n > count) return false;
  if (f.descriptors.length !== n * 32) return false;
  for (let i = 0; i < f.points.length; i += 2) {
    const x = f.points[i]!;
    const y = f.points[i + 1]!;
    // Written as ranges so that NaN fails them too.
    if (!(x >= 0 && x <= width && y >= 0 && y <= height)) return false;
  }
  return true;
}

/**
 * A worker's features for this working image, or undefined when any of them could not be the
 * matcher's own (wrong size, too many keypoints, a point outside the image, lengths that
 * disagree, a mirrored look without its first look or with more keypoints): the server then computes its own. A worker is trusted with the candidate's hashes and
 * pixels already; this only keeps a malformed message from reaching OpenCV or the votes.
 */
export function checkCandidateFeatures(
  local: Fingerprint['local'],
  work: Grey,
): Fingerprint['local'] {
  if (!local) return undefined;
  const { firstLook: glance, mirrored, upright } = local;
  const [w, h] = firstLookSize(work);
  if (glance && !plausible(glance, w, h, LOCAL_PROPOSAL.firstLookFeatures)) return undefined;
  // The mirrored look: as many keypoints as the first look it was computed with, never alone.
  if (mirrored && (!glance || !plausible(mirrored, w, h, glance.points.length / 2)))
    return undefined;
  if (upright && !plausible(upright, work.width, work.height, VERIFY_RULE.features))
    return undefined;
  return local;
}
