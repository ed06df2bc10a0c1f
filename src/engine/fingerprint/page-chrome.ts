/**
 * Page on page: is a verification the page's chrome rather than its picture? (decision 0019,
 * update of 7 Dec, 19:30). Two captures of one app share their bars, avatars and lines of text,
 * and a capture of one photograph verifies against a registered capture of another, chrome on
 * chrome: the false queue items at scale, and their wrong references.
 *
 * Read from where the inliers are. When the finder located a picture in the candidate and the
 * verified outline covers far more than that picture (the reference is a whole page, or the
 * candidate a plain photograph in which the finder boxed an object), a true match agrees inside
 * the located picture as much as anywhere: its share of the inliers there is about its share of
 * the keypoints that lie inside the outline. Chrome on chrome agrees everywhere but there, since
 * the two pages show different pictures. Where both pages spend their keypoints on the chrome (a
 * dark or soft picture), few inliers are expected there, but none at all, in a picture that lies
 * wholly inside the outline and holds keypoints, is the chrome as well. A second verification of
 * the box alone (the 17:00 update's rules) fails whenever the box is a part of the picture;
 * counting inliers does not. What this does not catch yet is in the decision.
 */
import type { Features, Verification } from './verify';

/** Thresholds of the check (measured on the tuning half: decision 0019, update of 7 Dec, 19:30). */
export const PAGE_CHROME = {
  /** The located picture covers at least this share of the candidate (not an object in a photo) … */
  minBoxArea: 0.1,
  /** … the outline covers at least this many times its area … */
  minOutlineOverBox: 2,
  /** … and at least this many inliers would fall in it if they fell as the keypoints do: … */
  minExpectedInliers: 3,
  /** … then fewer than this fraction of those expected inliers there means the chrome matched. */
  minInlierShare: 0.15,
  /**
   * Where the pages spend their keypoints on the chrome (a dark or soft picture), fewer inliers
   * are expected, but none at all in a picture that lies wholly inside the outline and holds at
   * least this many of the look's keypoints means the chrome matched too.
   */
  minBoxKeypoints: 8,
};

/** A box as fractions of the picture: x0, y0, x1, y1. */
export type FractionBox = readonly number[];

/** Whether the keypoint `i` of `f` lies inside `box` (fractions). */
function inBox(f: Features, box: FractionBox, i: number): boolean {
  const x = f.points[2 * i]! / f.width;
  const y = f.points[2 * i + 1]! / f.height;
  return x >= box[0]! && x < box[2]! && y >= box[1]! && y < box[3]!;
}

/** Area of a quadrilateral given as fractions x0 y0 … x3 y3 (shoelace). */
function quadArea(q: readonly number[]): number {
  let a = 0;
  for (let i = 0; i < 8; i += 2) {
    const j = (i + 2) % 8;
    a += q[i]! * q[j + 1]! - q[j]! * q[i + 1]!;
  }
  return Math.abs(a) / 2;
}

/** Whether (x, y) lies inside a convex quadrilateral x0 y0 … x3 y3 (either winding). */
function insideQuad(q: readonly number[], x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < 8; i += 2) {
    const j = (i + 2) % 8;
    const cross = (q[j]! - q[i]!) * (y - q[i + 1]!) - (q[j + 1]! - q[i + 1]!) * (x - q[i]!);
    const s = Math.sign(cross);
    if (s === 0) continue;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** The numbers the check reads, for benches and notes. */
export interface ChromeReading {
  /** The located picture's area, as a share of the candidate's. */
  boxArea: number;
  /** The outline's area over the located picture's. */
  outlineOverBox: number;
  /**
   * Inliers expected in the located picture if they fell as the look's keypoints do within the
   * outline (inliers x the share of the outline's keypoints that are also in the picture) …
   */
  expected: number;
  /** … and found there. */
  found: number;
  /** The look's keypoints inside both the outline and the located picture. */
  boxKeypoints: number;
  /** Whether the located picture's corners and centre all lie inside the outline. */
  boxInside: boolean;
}

/** What {@link chromeOnly} reads from a verification of the look `f` with the candidate's box. */
export function readChrome(v: Verification, f: Features, box: FractionBox): ChromeReading {
  const boxArea = Math.max(1e-6, (box[2]! - box[0]!) * (box[3]! - box[1]!));
  const q = v.outline;
  const [x0, y0, x1, y1] = [box[0]!, box[1]!, box[2]!, box[3]!];
  const corners = [x0, y0, x1, y0, x1, y1, x0, y1, (x0 + x1) / 2, (y0 + y1) / 2];
  let boxInside = true;
  for (let i = 0; i < corners.length; i += 2) {
    boxInside &&= insideQuad(q, corners[i]!, corners[i + 1]!);
  }
  let inOutline = 0;
  let inBoth = 0;
  for (let i = 0; i < f.points.length / 2; i++) {
    if (!insideQuad(q, f.points[2 * i]! / f.width, f.points[2 * i + 1]! / f.height)) continue;
    inOutline++;
    if (inBox(f, box, i)) inBoth++;
  }
  const inliers = v.candidateInliers ?? [];
  return {
    boxArea,
    outlineOverBox: quadArea(q) / boxArea,
    expected: inOutline ? (inliers.length * inBoth) / inOutline : 0,
    found: inliers.filter((i) => inBox(f, box, i)).length,
    boxKeypoints: inBoth,
    boxInside,
  };
}

/**
 * Whether the verification `v` of the look `f` (a whole-candidate look: `box` in its frame) agrees
 * on the page around the candidate's located picture but not on the picture.
 */
export function chromeOnly(v: Verification, f: Features, box: FractionBox | undefined): boolean {
  if (!box || !v.candidateInliers) return false;
  const r = readChrome(v, f, box);
  const P = PAGE_CHROME;
  if (r.boxArea < P.minBoxArea || r.outlineOverBox < P.minOutlineOverBox) return false;
  if (r.expected >= P.minExpectedInliers && r.found < P.minInlierShare * r.expected) return true;
  return r.found === 0 && r.boxInside && r.boxKeypoints >= P.minBoxKeypoints;
}

/** The candidate's located picture, as fractions, mirrored left to right when `mirrored`. */
export function locatedBox(
  variants: readonly { region?: string; box?: readonly number[] }[],
  mirrored = false,
): FractionBox | undefined {
  const box = variants.find((v) => v.region === 'embedded' && v.box)?.box;
  if (!box) return undefined;
  return mirrored ? [1 - box[2]!, box[1]!, 1 - box[0]!, box[3]!] : box;
}
