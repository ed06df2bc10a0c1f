/**
 * The local-feature proposals of one candidate replayed stage by stage (issue 13 item 6), in
 * localProposals' order and with its early exits (a verified look ends the replay, a picture that
 * is not page-like stops after the mirrored look), each stage's CPU measured alone. For the CPU
 * table of matching-cpu-stages.bench.ts: where a crawled image's decision time goes, per stage.
 * It calls the same exported functions production calls; it does not decide anything itself.
 */
import { cellGrey, gridCells } from '../src/engine/fingerprint/grid-cells';
import {
  aboveFirstLook,
  firstLook,
  firstLooks,
  LOCAL_PROPOSAL,
  lookVotes,
  pageLike,
} from '../src/engine/fingerprint/local-proposals';
import { pictureGrey } from '../src/engine/fingerprint/picture-look';
import type { ReferenceSet } from '../src/engine/fingerprint/reference-set-types';
import type { Grey } from '../src/engine/fingerprint/shrink';
import { extractFeatures, MIN_KEYPOINTS, verifyPair } from '../src/engine/fingerprint/verify';
import type { Features } from '../src/engine/fingerprint/verify';

/** The stages, in the order localProposals runs them. */
export const STAGES = [
  'first look ORB (plain + mirrored)',
  'first look votes',
  'first look verify',
  'mirrored votes + verify',
  'page-like test',
  'grid cells (split + looks)',
  'picture look (resize + ORB + votes + verify)',
  'full look (512 px ORB + votes + verify)',
] as const;
export type StageCpu = Record<(typeof STAGES)[number], number>;

const cpu = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

/** Verifies the top references of a look (as verifyRanked); true when one verifies. */
function verifyTop(set: ReferenceSet, f: Features, ranked: { referenceId: string }[]): boolean {
  for (const { referenceId } of ranked.slice(0, LOCAL_PROPOSAL.maxVerified)) {
    const ref = set.get(referenceId)?.features;
    if (!ref || ref.points.length / 2 < MIN_KEYPOINTS) continue;
    if (verifyPair(ref, f).verified) return true;
  }
  return false;
}

/** One look (ORB on `img` at the first look's settings, votes, verification): true if verified. */
function look(set: ReferenceSet, img: Grey): boolean {
  const f = firstLook(img);
  if (!f) return false;
  return verifyTop(set, f, aboveFirstLook(lookVotes(set.descriptors!, f)));
}

/** CPU per stage of the local proposals on `work` against `set` (0 for stages not reached). */
export function replayStages(
  set: ReferenceSet,
  candidate: Parameters<typeof pictureGrey>[0],
  work: Grey,
): StageCpu {
  const out = Object.fromEntries(STAGES.map((s) => [s, 0])) as StageCpu;
  const L = LOCAL_PROPOSAL;
  const index = set.descriptors;
  if (!index?.size) return out;
  let looks: ReturnType<typeof firstLooks>;
  out[STAGES[0]] = cpu(() => (looks = firstLooks(work)));
  if (!looks) return out;
  const { plain, mirrored } = looks;
  let votes: ReturnType<typeof index.votes> = [];
  // The votes as production takes them: with the agreeing votes under the gate (decision 0161).
  out[STAGES[1]] = cpu(() => (votes = lookVotes(index, plain)));
  let done = false;
  const ranked = aboveFirstLook(votes);
  out[STAGES[2]] = cpu(() => (done = verifyTop(set, plain, ranked)));
  if (done) return out;
  out[STAGES[3]] = cpu(() => {
    done = verifyTop(set, mirrored, aboveFirstLook(lookVotes(index, mirrored)));
  });
  if (done) return out;
  let page = false;
  out[STAGES[4]] = cpu(() => (page = pageLike(work)));
  if (!page) return out;
  out[STAGES[5]] = cpu(() => {
    for (const cell of gridCells(work)) if ((done = look(set, cellGrey(work, cell)))) break;
  });
  if (done) return out;
  out[STAGES[6]] = cpu(() => {
    const picture = pictureGrey(candidate, work, L.firstLookSide);
    done = picture !== undefined && look(set, picture.grey);
  });
  if (done || (votes[0]?.votes ?? 0) < L.fullLookVotes) return out;
  out[STAGES[7]] = cpu(() => {
    const f = extractFeatures(work.grey, work.width, work.height);
    if (f) verifyTop(set, f, index.votes(f, L.minVotes));
  });
  return out;
}
