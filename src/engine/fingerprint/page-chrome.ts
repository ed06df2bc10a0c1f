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
 * counting inliers does not.
 *
 * The same reading on the reference's side (update of 7 Dec, 23:15): a reference that is itself a
 * page (a screenshot a victim took of a post) keeps the picture the finder located in it at
 * registration (`Features.picture`, sealed with its features). When a page-like candidate
 * verifies against it, the reference's inliers must fall in that picture as its keypoints do
 * within the part of the reference the candidate shows, with the same thresholds: this catches
 * page-on-page pairs whose candidate's own picture the finder missed or found too small. A plain
 * photograph in which the finder boxed an object is read this way only against page-like
 * candidates. What this does not catch yet is in the decision.
 *
 * Also here, since both sides use them: the page test (flat cells) and whether a located picture
 * sits in a page (text or icons around it), which gives a reference the `inner-picture` note.
 */
import { embeddedBox, glyphCell } from './embedded';
import type { Box } from './region';
import type { Grey } from './shrink';
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

/** One side of a verification, as {@link readSide} reads it. */
interface Side {
  /** That side's look: its keypoints. */
  f: Features;
  /** Its keypoints that are RANSAC inliers. */
  inliers: readonly number[];
  /** The picture located in it, as fractions. */
  box: FractionBox;
  /** Whether (x, y), fractions of `f`'s picture, is where the other side's picture lies too. */
  covered: (x: number, y: number) => boolean;
  /** The area of that shared part, as a share of `f`'s picture. */
  coveredArea: number;
}

/** The numbers of one side: where its inliers are against where its keypoints are. */
function readSide({ f, inliers, box, covered, coveredArea }: Side): ChromeReading {
  const boxArea = Math.max(1e-6, (box[2]! - box[0]!) * (box[3]! - box[1]!));
  const [x0, y0, x1, y1] = [box[0]!, box[1]!, box[2]!, box[3]!];
  const corners = [x0, y0, x1, y0, x1, y1, x0, y1, (x0 + x1) / 2, (y0 + y1) / 2];
  let boxInside = true;
  for (let i = 0; i < corners.length; i += 2) boxInside &&= covered(corners[i]!, corners[i + 1]!);
  // Expected from the page's own keypoints: a page reference's picture also has keypoints of its
  // own (decision 0167), which only add inliers in the picture.
  const own = f.pageKeypoints ?? f.points.length / 2;
  let inOutline = 0;
  let inBoth = 0;
  for (let i = 0; i < own; i++) {
    if (!covered(f.points[2 * i]! / f.width, f.points[2 * i + 1]! / f.height)) continue;
    inOutline++;
    if (inBox(f, box, i)) inBoth++;
  }
  const pageInliers = inliers.filter((i) => i < own).length;
  return {
    boxArea,
    outlineOverBox: coveredArea / boxArea,
    expected: inOutline ? (pageInliers * inBoth) / inOutline : 0,
    found: inliers.filter((i) => inBox(f, box, i)).length,
    boxKeypoints: inBoth,
    boxInside,
  };
}

/** What {@link chromeOnly} reads from a verification of the look `f` with the candidate's box. */
export function readChrome(v: Verification, f: Features, box: FractionBox): ChromeReading {
  const q = v.outline;
  const covered = (x: number, y: number) => insideQuad(q, x, y);
  return readSide({ f, inliers: v.candidateInliers ?? [], box, covered, coveredArea: quadArea(q) });
}

/** Points per side of the grid that measures the share of the reference the look covers. */
const COVER_GRID = 32;

/**
 * The same reading on the reference's side, when the reference is itself a page and the finder
 * located its picture at registration (`ref.picture`): the part of the reference that the
 * candidate's look shows is where the homography carries it inside the look.
 */
export function readReferenceChrome(
  v: Verification,
  ref: Features,
  look: Features,
): ChromeReading | undefined {
  const box = ref.picture;
  const m = v.homography;
  if (!box || !m || !v.referenceInliers) return undefined;
  const covered = (x: number, y: number) => {
    const px = x * ref.width;
    const py = y * ref.height;
    const w = m[6]! * px + m[7]! * py + m[8]!;
    if (!(w > 0)) return false;
    const u = (m[0]! * px + m[1]! * py + m[2]!) / w;
    const t = (m[3]! * px + m[4]! * py + m[5]!) / w;
    return u >= 0 && u < look.width && t >= 0 && t < look.height;
  };
  let shown = 0;
  for (let j = 0; j < COVER_GRID; j++) {
    for (let i = 0; i < COVER_GRID; i++) {
      if (covered((i + 0.5) / COVER_GRID, (j + 0.5) / COVER_GRID)) shown++;
    }
  }
  const coveredArea = shown / COVER_GRID ** 2;
  return readSide({ f: ref, inliers: v.referenceInliers, box, covered, coveredArea });
}

/** Whether a reading says that the page around the located picture agreed, not the picture. */
function judged(r: ChromeReading): boolean {
  const P = PAGE_CHROME;
  if (r.boxArea < P.minBoxArea || r.outlineOverBox < P.minOutlineOverBox) return false;
  if (r.expected >= P.minExpectedInliers && r.found < P.minInlierShare * r.expected) return true;
  return r.found === 0 && r.boxInside && r.boxKeypoints >= P.minBoxKeypoints;
}

/**
 * Whether the verification `v` of the look `f` (a whole-candidate look: `box` in its frame) agrees
 * on the page around the candidate's located picture but not on the picture.
 */
export function chromeOnly(v: Verification, f: Features, box: FractionBox | undefined): boolean {
  if (!box || !v.candidateInliers) return false;
  return judged(readChrome(v, f, box));
}

/**
 * Whether the verification `v` of the reference `ref` against any look `look` agrees on the
 * page around the reference's own located picture but not on that picture: a registered page
 * met by another page of the same app, whatever the candidate's finder saw.
 */
export function referenceChromeOnly(v: Verification, ref: Features, look: Features): boolean {
  const r = readReferenceChrome(v, ref, look);
  return r !== undefined && judged(r);
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

/**
 * The picture the finder locates inside a page (embedded.ts), unless it is the trimmed region
 * again (within 5% of the picture's area): a candidate's `embedded` region, a reference's
 * `features.picture`.
 */
export function locatedPicture(
  rgb: Uint8Array,
  luma: Float32Array,
  w: number,
  h: number,
  trimmed: Box | undefined,
): Box | undefined {
  const emb = embeddedBox(rgb, luma, w, h);
  if (!emb || (trimmed && Math.abs(emb.w * emb.h - trimmed.w * trimmed.h) <= 0.05 * w * h))
    return undefined;
  return emb;
}

/**
 * A reference's features with the picture located in it, as fractions in 65,535ths (what the
 * stored form keeps, features-codec.ts: the features read back equal those computed).
 */
export function withPicture(f: Features | undefined, b: Box | undefined): Features | undefined {
  if (!f || !b) return f;
  const { width: w, height: h } = f;
  const unit = (v: number) => Math.round(v * 65535) / 65535;
  const picture = [b.x / w, b.y / h, (b.x + b.w) / w, (b.y + b.h) / h].map(unit);
  return { ...f, picture };
}

/**
 * Share of flat 8 x 8 cells from which a picture looks like a page (UI, page background,
 * gutters): the local proposals' page test (LOCAL_PROPOSAL.minFlatCells), and a reference's
 * `inner-picture` findability note.
 */
export const PAGE_FLAT_CELLS = 0.1;

/** The share of 8 x 8 cells whose grey levels span at most 3. */
export function flatCellShare(work: Grey): number {
  const { grey, width, height } = work;
  let cells = 0;
  let flat = 0;
  for (let cy = 0; cy + 8 <= height; cy += 8) {
    for (let cx = 0; cx + 8 <= width; cx += 8) {
      let lo = 255;
      let hi = 0;
      for (let y = 0; y < 8 && hi - lo <= 3; y++) {
        const row = (cy + y) * width + cx;
        for (let x = 0; x < 8; x++) {
          const v = grey[row + x]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      cells++;
      if (hi - lo <= 3) flat++;
    }
  }
  return cells ? flat / cells : 0;
}

/**
 * Share of the 8 x 8 cells around a located picture that are glyphs (text, icons: nearly every
 * pixel at one of two tones far apart) from which the picture sits in a page, not in a photograph
 * with flat areas: the tuning half's screenshots 52 of 52 with a located picture (10th percentile
 * 0.035), its real and dark reference photographs 0 of 6 (decision 0019, update of 23:15).
 */
export const PAGE_GLYPH_CELLS = 0.02;

/**
 * Whether the picture located at `box` sits in a page: flat cells (the local proposals' page
 * test) and text or icons around it. A reference that is one gets the `inner-picture` note.
 */
export function pictureInPage(work: Grey, luma: Float32Array, box: Box): boolean {
  if (flatCellShare(work) < PAGE_FLAT_CELLS) return false;
  return glyphsAround(luma, work.width, work.height, box);
}

/** Whether the cells of `luma` outside `box` hold text or icons (see PAGE_GLYPH_CELLS). */
function glyphsAround(luma: Float32Array, width: number, height: number, box: Box): boolean {
  let cells = 0;
  let glyphs = 0;
  for (let cy = 0; cy + 8 <= height; cy += 8) {
    for (let cx = 0; cx + 8 <= width; cx += 8) {
      const inside =
        cx + 4 >= box.x && cx + 4 < box.x + box.w && cy + 4 >= box.y && cy + 4 < box.y + box.h;
      if (inside) continue;
      cells++;
      let lo = 255;
      let hi = 0;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const v = luma[(cy + y) * width + cx + x]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      if (glyphCell(luma, width, cx, cy, lo, hi)) glyphs++;
    }
  }
  return cells > 0 && glyphs >= PAGE_GLYPH_CELLS * cells;
}
