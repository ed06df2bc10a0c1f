/**
 * The verification stage: local features with geometric verification (ORB keypoints, Hamming
 * descriptor matching with Lowe's ratio test, a RANSAC homography), through OpenCV's WebAssembly
 * build (@techstark/opencv-js, decision 0016). The hash index proposes a (reference, candidate)
 * pair; this decides whether the candidate shows the reference's picture, and where: an unrelated
 * picture does not give a consistent homography with many inliers, a crop, a screenshot or a
 * collage of the reference does.
 */
import { createRequire } from 'node:module';

import { descriptorWords, twoNearest } from './descriptor-bits';

/** ORB keypoints and descriptors of one working image. */
export interface Features {
  /** Working-image size the keypoints are in. */
  width: number;
  height: number;
  /** Keypoint positions, x0 y0 x1 y1 … (working-image pixels). */
  points: Float32Array;
  /** 32 bytes per keypoint (ORB's 256-bit descriptors), in keypoint order. */
  descriptors: Uint8Array;
  /**
   * References only: the picture the finder located in the reference (the post's photo in a
   * screenshot a victim took; in a plain photograph, often an object it boxed), left, top, right,
   * bottom as fractions. page-chrome.ts reads it against page-like candidates only.
   */
  picture?: readonly number[];
  /**
   * References whose located picture sits in a page: how many of the keypoints (the first ones)
   * are the page's own; the rest are the picture's own, found in it decoded again at up to the
   * working size (picture-features.ts, decision 0167).
   */
  pageKeypoints?: number;
}

/** What a verification found. */
export interface Verification {
  /** Descriptor matches that passed the ratio test. */
  matches: number;
  /** Matches consistent with the homography (RANSAC inliers). */
  inliers: number;
  /** inliers / matches. */
  inlierRatio: number;
  /**
   * The reference's corners (top-left, top-right, bottom-right, bottom-left) mapped into the
   * candidate, as fractions of the candidate's width and height (may fall outside 0..1 when the
   * candidate is a crop): the outline a review item draws.
   */
  outline: number[];
  /** Whether the evidence is strong enough under {@link VERIFY_RULE}. */
  verified: boolean;
  /** The candidate keypoints (indices into its `points`) that are RANSAC inliers. */
  candidateInliers?: number[];
  /** The reference keypoints (indices into its `points`) that are RANSAC inliers, in the same order. */
  referenceInliers?: number[];
  /** The homography from the reference's working pixels to the candidate's, row-major 3 x 3. */
  homography?: number[];
}

/** Thresholds of the verification (decision 0016 gives the measurements). */
export const VERIFY_RULE = {
  /** Keypoints extracted per working image. */
  features: 500,
  /** Lowe's ratio: best match distance under this fraction of the second best. */
  ratio: 0.8,
  /** RANSAC reprojection threshold, working-image pixels. */
  reprojection: 5,
  /**
   * Robust method of findHomography (OpenCV's constant) and its iteration cap: 8 = RANSAC. USAC_FAST
   * (35) halved the CPU of rejected pairs with many matches but changed which screenshots verify
   * (decision 0023): not taken.
   */
  method: 8,
  maxIters: 2000,
  confidence: 0.995,
  /** A verified pair has at least this many inliers … */
  minInliers: 16,
  /** … and at least this fraction of the ratio-test matches. */
  minInlierRatio: 0.25,
};

/** References with fewer keypoints than this cannot be verified: the hash rule decides alone. */
export const MIN_KEYPOINTS = 40;

/* eslint-disable @typescript-eslint/no-explicit-any -- opencv-js's emscripten objects */
type CV = any;
let cv: CV | undefined;
let loading: Promise<boolean> | undefined;
/**
 * ORB detectors by keypoint count and pyramid levels: [default, low FAST threshold for smooth
 * pictures].
 */
const orbs = new Map<string, [any, any]>();

function detectors(count: number, levels: number): [any, any] {
  const key = `${count}/${levels}`;
  let d = orbs.get(key);
  if (!d) {
    d = [
      new cv.ORB(count, 1.2, levels),
      new cv.ORB(count, 1.2, levels, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 5),
    ] as [any, any];
    orbs.set(key, d);
  }
  return d;
}

/**
 * Loads OpenCV's WebAssembly build once per process (~2 s, ~130 MB; decision 0016). Resolves to
 * false when it cannot be loaded, in which case matching falls back to the hash rule alone.
 */
export function loadVerifier(): Promise<boolean> {
  loading ??= new Promise<boolean>((resolve) => {
    try {
      // A plain require: the module is an emscripten object with its own `then`, which an
      // `await import()` would chase for ever.
      const m = createRequire(import.meta.url)('@techstark/opencv-js') as CV;
      const done = () => {
        cv = m;
        resolve(true);
      };
      if (m.Mat) done();
      else m.onRuntimeInitialized = done;
    } catch {
      resolve(false);
    }
  });
  return loading;
}

/** Whether {@link loadVerifier} has finished: verification calls are synchronous from then on. */
export function verifierReady(): boolean {
  return cv !== undefined;
}

/**
 * Stretches grey levels so that the 1st and 99th percentiles span 0..255: ORB's FAST corners use
 * an absolute threshold, so a dark, low-contrast photograph has no keypoints until stretched.
 * Applied on both sides, it changes nothing for a normal photograph.
 */
export function stretchContrast(grey: Uint8Array): Uint8Array {
  const hist = new Uint32Array(256);
  for (const v of grey) hist[v]!++;
  const cut = Math.floor(grey.length * 0.01);
  let lo = 0;
  for (let acc = 0; lo < 255 && (acc += hist[lo]!) <= cut;) lo++;
  let hi = 255;
  for (let acc = 0; hi > 0 && (acc += hist[hi]!) <= cut;) hi--;
  if (hi - lo < 2) return grey;
  const out = new Uint8Array(grey.length);
  const k = 255 / (hi - lo);
  for (let i = 0; i < grey.length; i++) {
    const v = (grey[i]! - lo) * k;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/** ORB features of a grey working image; undefined until {@link loadVerifier} has finished. */
export function extractFeatures(
  grey: Uint8Array,
  width: number,
  height: number,
  count: number = VERIFY_RULE.features,
  levels = 8,
): Features | undefined {
  return extract(grey, width, height, count, levels, undefined)?.[0];
}

/**
 * ORB features of a grey image and of the same image mirrored left to right (decision 0024). The
 * mirrored picture's keypoints are the picture's own, mirrored (FAST and Harris are symmetric):
 * only the descriptors are computed again, at those keypoints with their orientation mirrored
 * (an angle a becomes 180° - a), which is what detecting on the mirrored picture gives (equal
 * descriptors on real photographs) for about half the CPU of a second detection.
 */
export function extractFeaturesBothWays(
  grey: Uint8Array,
  width: number,
  height: number,
  count: number,
  levels: number,
  mirrored: Uint8Array,
): [Features, Features] | undefined {
  const both = extract(grey, width, height, count, levels, mirrored);
  return both?.[1] ? [both[0], both[1]] : undefined;
}

function extract(
  grey: Uint8Array,
  width: number,
  height: number,
  count: number,
  levels: number,
  mirrored: Uint8Array | undefined,
): [Features, Features | undefined] | undefined {
  if (!cv) return undefined;
  const [orb, orbFine] = detectors(count, levels);
  const mat = new cv.Mat(height, width, cv.CV_8UC1);
  const mask = new cv.Mat();
  const kp = new cv.KeyPointVector();
  const des = new cv.Mat();
  try {
    mat.data.set(stretchContrast(grey));
    let used = orb;
    orb.detectAndCompute(mat, mask, kp, des);
    // Smooth pictures (skin, sky, gradients): retry with a low FAST threshold, on either side.
    if (kp.size() < count / 2) {
      used = orbFine;
      orbFine.detectAndCompute(mat, mask, kp, des);
    }
    const plain = features(kp, des, width, height);
    if (!mirrored) return [plain, undefined];
    mat.data.set(stretchContrast(mirrored));
    const flipped = new cv.KeyPointVector();
    try {
      for (let i = 0; i < kp.size(); i++) {
        const k = kp.get(i);
        // Mirrored in its own pyramid level (OpenCV's level sizes are rounded), then scaled back.
        const scale = 1.2 ** k.octave;
        const levelWidth = Math.round(width / scale);
        k.pt = { x: (levelWidth - 1 - k.pt.x / scale) * scale, y: k.pt.y };
        k.angle = (540 - k.angle) % 360;
        flipped.push_back(k);
      }
      used.compute(mat, flipped, des);
      return [plain, features(flipped, des, width, height)];
    } finally {
      flipped.delete();
    }
  } finally {
    mat.delete();
    mask.delete();
    kp.delete();
    des.delete();
  }
}

function features(kp: any, des: any, width: number, height: number): Features {
  const n = kp.size();
  const points = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = kp.get(i).pt;
    points[2 * i] = p.x;
    points[2 * i + 1] = p.y;
  }
  const descriptors = n > 0 ? new Uint8Array(des.data) : new Uint8Array(0);
  return { width, height, points, descriptors };
}

/**
 * Ratio-test matches from the candidate's descriptors to the reference's (brute force in plain
 * TypeScript, a 32-bit word at a time: 300-500 x 500 descriptors is a few ms, less than copying
 * them into OpenCV; twoNearest's inner loop is most of a rejected verification's cost).
 */
function ratioMatches(ref: Features, cand: Features): [number, number][] {
  const rd = descriptorWords(ref.descriptors);
  const cd = descriptorWords(cand.descriptors);
  const nc = cd.length / 8;
  const out: [number, number][] = [];
  const near = new Int32Array(3);
  for (let c = 0; c < nc; c++) {
    twoNearest(rd, cd, c, near);
    if (near[2]! >= 0 && near[0]! < VERIFY_RULE.ratio * near[1]!) out.push([near[2]!, c]);
  }
  return out;
}

/** Checks a reference's features against a candidate's: matches, RANSAC homography, outline. */
export function verifyPair(ref: Features, cand: Features): Verification {
  const none: Verification = {
    matches: 0,
    inliers: 0,
    inlierRatio: 0,
    outline: [],
    verified: false,
  };
  if (!cv) return none;
  const pairs = ratioMatches(ref, cand);
  if (pairs.length < Math.max(8, VERIFY_RULE.minInliers)) return { ...none, matches: pairs.length };
  const src = new Float32Array(2 * pairs.length);
  const dst = new Float32Array(2 * pairs.length);
  pairs.forEach(([r, c], i) => {
    src[2 * i] = ref.points[2 * r]!;
    src[2 * i + 1] = ref.points[2 * r + 1]!;
    dst[2 * i] = cand.points[2 * c]!;
    dst[2 * i + 1] = cand.points[2 * c + 1]!;
  });
  const s = cv.matFromArray(pairs.length, 1, cv.CV_32FC2, src);
  const d = cv.matFromArray(pairs.length, 1, cv.CV_32FC2, dst);
  const mask = new cv.Mat();
  let h: any;
  try {
    h = cv.findHomography(
      s,
      d,
      VERIFY_RULE.method,
      VERIFY_RULE.reprojection,
      mask,
      VERIFY_RULE.maxIters,
      VERIFY_RULE.confidence,
    );
    if (!h || h.empty() || h.rows !== 3) return { ...none, matches: pairs.length };
    const candidateInliers: number[] = [];
    const referenceInliers: number[] = [];
    for (let i = 0; i < mask.rows; i++) {
      if (!mask.data[i]) continue;
      candidateInliers.push(pairs[i]![1]);
      referenceInliers.push(pairs[i]![0]);
    }
    const inliers = candidateInliers.length;
    const m = h.data64F as Float64Array;
    const outline: number[] = [];
    const corners = [0, 0, ref.width, 0, ref.width, ref.height, 0, ref.height];
    for (let i = 0; i < 8; i += 2) {
      const x = corners[i]!;
      const y = corners[i + 1]!;
      const w = m[6]! * x + m[7]! * y + m[8]!;
      outline.push((m[0]! * x + m[1]! * y + m[2]!) / w / cand.width);
      outline.push((m[3]! * x + m[4]! * y + m[5]!) / w / cand.height);
    }
    const inlierRatio = inliers / pairs.length;
    const verified =
      inliers >= VERIFY_RULE.minInliers &&
      inlierRatio >= VERIFY_RULE.minInlierRatio &&
      plausible(outline, ref, cand);
    const homography = Array.from(m.subarray(0, 9));
    const matches = pairs.length;
    return {
      matches,
      inliers,
      inlierRatio,
      outline,
      verified,
      candidateInliers,
      referenceInliers,
      homography,
    };
  } finally {
    s.delete();
    d.delete();
    mask.delete();
    h?.delete();
  }
}

/**
 * A homography a re-upload can produce: the mapped outline is a convex quadrilateral (no twist,
 * no fold), not a sliver, and not absurdly scaled (a screenshot shrinks the picture, a crop
 * enlarges it, neither by more than ~10 times in area here).
 */
function plausible(outline: number[], ref: Features, cand: Features): boolean {
  const pts: [number, number][] = [];
  for (let i = 0; i < 8; i += 2) {
    const x = outline[i]! * cand.width;
    const y = outline[i + 1]! * cand.height;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    pts.push([x, y]);
  }
  let sign = 0;
  let area = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[(i + 1) % 4]!;
    const [cx, cy] = pts[(i + 2) % 4]!;
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
    area += ax * by - bx * ay;
  }
  area = Math.abs(area) / 2;
  const scale = area / (ref.width * ref.height);
  return scale > 0.02 && scale < 12;
}
