/**
 * Proposals from local features, for what no whole-image hash proposes (decisions 0017, 0021): a
 * candidate's ORB descriptors vote in the references' descriptor index, and the references with
 * most votes are verified (verify.ts decides; votes alone never match).
 *
 * Two looks, so that the average crawled image stays cheap (issue 13 item 6):
 * 1. **A first look, for every candidate the hashes left unmatched**: ORB on the working image
 *    shrunk to 320 px, 300 keypoints, 4 pyramid levels (about half the CPU of the full
 *    extraction). Shrinking also brings a crop of the reference back to the reference's own
 *    scale, which is why it finds half crops that the 512 px features did not propose. The
 *    references with at least `firstLookVotes` votes are verified against these small features.
 * 2. **The full look** (512 px, 500 keypoints, the features the hash proposals already computed),
 *    only when the candidate looks like a page (screenshots, collages: a photo small in a frame,
 *    whose keypoints the first look is too coarse for) *and* the first look already gave some
 *    reference `fullLookVotes` votes, and that reference's first-look features already met
 *    `fullLookMatches` ratio-test matches (a gate that is off today: decision 0023): flat cells
 *    alone also describe product shots and night skies, and a star field's look-alike
 *    descriptors give another star field votes but no ratio-test matches.
 *
 * ORB's descriptors are not mirror-invariant, so a mirrored part of a picture meets none of its
 * reference's descriptors: when the first look verifies nothing, a second first look on the
 * candidate mirrored left to right does (decision 0024), and a verified outline is mirrored back.
 */
import { decide } from './compare';
import type { Comparison, DecisionRule } from './compare';
import type { DescriptorIndex, DescriptorVotes } from './descriptor-index';
import type { Fingerprint } from './fingerprint';
import { cellGrey, gridCells } from './grid-cells';
import {
  chromeOnly,
  flatCellShare,
  locatedBox,
  PAGE_FLAT_CELLS,
  referenceChromeOnly,
} from './page-chrome';
export { flatCellShare } from './page-chrome';
import type { FractionBox } from './page-chrome';
import { pictureGrey } from './picture-look';
import type { Box } from './region';
import type { BestMatch, ReferenceSet } from './reference-set-types';
import { shrinkGrey } from './shrink';
import type { Grey } from './shrink';
import { extractFeatures, extractFeaturesBothWays, MIN_KEYPOINTS, verifyPair } from './verify';
import type { Features } from './verify';

/** Settings of the local-feature proposals (tuned on the tuning half of decision 0014). */
export const LOCAL_PROPOSAL = {
  /** First look: the longer side of the shrunk image, its keypoints and pyramid levels. */
  firstLookSide: 320,
  firstLookFeatures: 300,
  firstLookLevels: 4,
  /** Votes a reference needs, in the first look, to be verified. */
  firstLookVotes: 24,
  /**
   * … or, from `agreeFrom` votes up, `agreeing` of them agreeing in position: one similarity
   * carries them from the reference's keypoints to the candidate's (a crop's votes land where its
   * part of the reference puts them, an unrelated picture's scatter; decision 0161). 0: off.
   */
  agreeFrom: 8,
  agreeing: 9,
  /** Share of flat 8 x 8 cells (grey range <= 3) from which a candidate looks like a page. */
  minFlatCells: PAGE_FLAT_CELLS,
  /** Votes some reference needs in the first look before a page-like candidate pays the full look. */
  fullLookVotes: 20,
  /**
   * … and ratio-test matches that reference's first-look features need to have met (as many as a
   * verification needs inliers): votes of look-alike descriptors (a star field against a star
   * field) pass the vote gate, but Lowe's ratio test rejects them (decision 0023). Off (0): at
   * 16 it cut the held-out half's CPU per unrelated image from 59.4 to 37.5 ms but lost 3 of its
   * 875 copies (a collage and two screenshots, what the full look is for), and finding a
   * victim's pictures comes before CPU; 16 was fitted on a margin of 19 on the tuning half.
   */
  fullLookMatches: 0,
  /** Votes a reference needs, in the full look, to be verified. */
  minVotes: 8,
  /** References verified per look at most. */
  maxVerified: 2,
  /** A first look on the mirrored candidate when the plain one verifies nothing (decision 0024). */
  mirroredLook: true,
};

/** Whether part of the picture is flat (UI, page background, gutters): see LOCAL_PROPOSAL. */
export function pageLike(work: Grey): boolean {
  return flatCellShare(work) >= LOCAL_PROPOSAL.minFlatCells;
}

/**
 * ORB of the first look: the picture shrunk to `firstLookSide`, few keypoints and levels; of the
 * shrunk picture mirrored left to right when `mirrored` (decision 0024).
 */
export function firstLook(img: Grey, mirrored = false): Features | undefined {
  const L = LOCAL_PROPOSAL;
  const shrunk = shrinkGrey(img, L.firstLookSide);
  const small = mirrored ? mirrorGrey(shrunk) : shrunk;
  return extractFeatures(
    small.grey,
    small.width,
    small.height,
    L.firstLookFeatures,
    L.firstLookLevels,
  );
}

/**
 * The first look and the mirrored one together: the mirrored look's descriptors at the plain
 * look's keypoints mirrored (verify.ts), cheaper than a second {@link firstLook}.
 */
export function firstLooks(img: Grey): { plain: Features; mirrored: Features } | undefined {
  const L = LOCAL_PROPOSAL;
  const s = shrinkGrey(img, L.firstLookSide);
  const [w, h, n, levels] = [s.width, s.height, L.firstLookFeatures, L.firstLookLevels];
  const both = extractFeaturesBothWays(s.grey, w, h, n, levels, mirrorGrey(s).grey);
  return both && { plain: both[0], mirrored: both[1] };
}

/** A grey image mirrored left to right. */
export function mirrorGrey(img: Grey): Grey {
  const { grey, width, height } = img;
  const out = new Uint8Array(grey.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0, from = row + width - 1; x < width; x++, from--) out[row + x] = grey[from]!;
  }
  return { grey: out, width, height };
}

export const aboveFirstLook = (votes: DescriptorVotes[]) =>
  votes.filter(
    (v) => v.votes >= LOCAL_PROPOSAL.firstLookVotes || (v.agreeing ?? 0) >= LOCAL_PROPOSAL.agreeing,
  );

/** The first look's votes, with the position check under its gate (decision 0161). */
export const lookVotes = (index: DescriptorIndex, f: Features) => {
  const { agreeFrom, firstLookVotes } = LOCAL_PROPOSAL;
  return index.votes(
    f,
    1,
    undefined,
    agreeFrom ? { from: agreeFrom, below: firstLookVotes } : undefined,
  );
};

/**
 * The best verified proposal from local features, or undefined. `full` gives the candidate's
 * 512 px features (computed at most once per candidate, shared with the hash proposals);
 * `tried` are references already verified against them.
 */
export function localProposals(
  set: ReferenceSet,
  candidate: Fingerprint,
  work: Grey,
  full: () => Features | undefined,
  tried: ReadonlySet<string>,
  rule: DecisionRule,
): BestMatch | undefined {
  const index = set.descriptors;
  if (!index?.size) return undefined;
  const L = LOCAL_PROPOSAL;
  // A crawl worker's first look (decision 0113), with the mirrored one (decision 0155).
  const given = candidate.local?.firstLook;
  const looks = given ? { plain: given, mirrored: candidate.local?.mirrored } : firstLooks(work);
  const glance = looks?.plain;
  if (!glance) return undefined;
  const firstVotes = lookVotes(index, glance);
  const seen = { matches: 0 };
  const ranked = aboveFirstLook(firstVotes);
  // A whole-candidate look's verification must agree on the located picture too (page-chrome.ts).
  const box = locatedBox(candidate.variants);
  // A registered page is read on its side too when the candidate is a page (page-chrome.ts).
  let page: boolean | undefined;
  const isPage = () => (page ??= pageLike(work));
  const first = verifyRanked(set, candidate, glance, ranked, new Set(), rule, seen, box, isPage);
  if (first) return first;
  const flipped = L.mirroredLook
    ? mirroredLook(set, candidate, looks.mirrored ?? firstLook(work, true), rule, isPage)
    : undefined;
  if (flipped) return flipped;
  if (!isPage()) return undefined;
  const cell = cellLooks(set, candidate, work, rule);
  if (cell) return cell;
  // The picture inside the page, enlarged to the first look's size (decision 0026).
  const picture = pictureGrey(candidate, work, L.firstLookSide);
  const look = picture && firstLook(picture.grey);
  if (picture && look) {
    const votes = aboveFirstLook(lookVotes(index, look));
    const found = verifyRanked(set, candidate, look, votes, new Set(), rule);
    if (found) return inCell(found, picture.box, work);
  }
  const top = firstVotes[0];
  if (!top || top.votes < L.fullLookVotes) return undefined;
  // Under the first look's vote gate the top reference was not verified: its ratio test now.
  const topFeatures = ranked.length === 0 ? set.get(top.referenceId)?.features : undefined;
  if (topFeatures && L.fullLookMatches > 0) seen.matches = verifyPair(topFeatures, glance).matches;
  if (seen.matches < L.fullLookMatches) return undefined;
  // The full look's features are the hash proposals' (computed once per candidate).
  const f = full();
  if (!f) return undefined;
  return verifyRanked(set, candidate, f, index.votes(f, L.minVotes), tried, rule, undefined, box);
}

/**
 * The first look on the candidate mirrored left to right: a mirrored crop (or a mirrored copy the
 * hashes missed) meets its reference's descriptors only there. The verified outline was found in
 * the mirrored picture; mirrored back, it says where the reference is in the candidate.
 */
function mirroredLook(
  set: ReferenceSet,
  candidate: Fingerprint,
  f: Features | undefined,
  rule: DecisionRule,
  isPage: () => boolean,
): BestMatch | undefined {
  if (!f) return undefined;
  const ranked = aboveFirstLook(lookVotes(set.descriptors!, f));
  const box = locatedBox(candidate.variants, true);
  const found = verifyRanked(set, candidate, f, ranked, new Set(), rule, undefined, box, isPage);
  const v = found?.comparison.verification;
  if (v) v.outline = v.outline.map((x, i) => (i % 2 === 0 ? 1 - x : x));
  return found;
}

/**
 * A collage or a grid of posts: each cell on its own, so that its neighbours' keypoints do not
 * outvote the picture it shows. A verified cell's outline is mapped back to the whole picture.
 */
function cellLooks(
  set: ReferenceSet,
  candidate: Fingerprint,
  work: Grey,
  rule: DecisionRule,
): BestMatch | undefined {
  const index = set.descriptors!;
  for (const cell of gridCells(work)) {
    const f = firstLook(cellGrey(work, cell));
    if (!f) continue;
    const found = verifyRanked(
      set,
      candidate,
      f,
      aboveFirstLook(lookVotes(index, f)),
      new Set(),
      rule,
    );
    if (found?.comparison.verification) return inCell(found, cell, work);
  }
  return undefined;
}

/** A match verified on a part of the picture, with its outline mapped back to the whole picture. */
function inCell(found: BestMatch, cell: Box, work: Grey): BestMatch {
  const v = found.comparison.verification;
  if (v) {
    v.outline = v.outline.map((x, i) =>
      i % 2 === 0 ? (cell.x + x * cell.w) / work.width : (cell.y + x * cell.h) / work.height,
    );
  }
  return found;
}

function verifyRanked(
  set: ReferenceSet,
  candidate: Fingerprint,
  f: Features,
  ranked: readonly { referenceId: string }[],
  tried: ReadonlySet<string>,
  rule: DecisionRule,
  seen?: { matches: number },
  box?: FractionBox,
  isPage: () => boolean = () => true,
): BestMatch | undefined {
  const top = ranked.filter((v) => !tried.has(v.referenceId)).slice(0, LOCAL_PROPOSAL.maxVerified);
  for (const { referenceId } of top) {
    const ref = set.get(referenceId);
    if (!ref?.features || ref.features.points.length / 2 < MIN_KEYPOINTS) continue;
    const v = verifyPair(ref.features, f);
    if (seen) seen.matches = Math.max(seen.matches, v.matches);
    if (!v.verified || chromeOnly(v, f, box)) continue;
    if (isPage() && referenceChromeOnly(v, ref.features, f)) continue;
    const hashed: Comparison = decide(ref, candidate, rule);
    return {
      referenceId,
      comparison: {
        ...hashed,
        verdict: 'match',
        algo: 'verified',
        verification: { inliers: v.inliers, inlierRatio: v.inlierRatio, outline: v.outline },
      },
    };
  }
  return undefined;
}
