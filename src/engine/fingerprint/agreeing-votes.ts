/**
 * Votes that agree in position (decision 0161): of a reference's descriptor votes, how many one
 * similarity carries from the reference's keypoints to the candidate's. The descriptor index
 * (descriptor-index.ts) calls it for the references under the first look's vote gate.
 */
import type { Features } from './verify';

/** Two keypoints closer than this (candidate pixels, of a 320 px side) are one place. */
const SAME_PLACE = 0.01;
/** A vote agrees with a similarity when it lands within this of where the similarity puts it. */
const AGREE_TOLERANCE = 0.02;
/** Plausible scales from the reference's working image to the candidate's (a screenshot to a crop). */
const MIN_SCALE = 1 / 8;
const MAX_SCALE = 4;

/**
 * Of a reference's votes (`quads`: reference x y, candidate x y per vote), the most that one
 * similarity carries from the reference to the candidate within AGREE_TOLERANCE of the candidate's
 * longer side, each place counted once: a crop's true votes land where its part of the reference
 * puts them, an unrelated picture's scatter (decision 0161). Every two votes in different places
 * propose a similarity (a tiny RANSAC without chance: votes under the first look's gate are few).
 */
export function agreeingVotes(quads: readonly number[], candidate: Features): number {
  const side = Math.max(candidate.width, candidate.height);
  const same = (SAME_PLACE * side) ** 2;
  const tol = (AGREE_TOLERANCE * side) ** 2;
  // One vote per place in the candidate: ORB finds a corner at several pyramid levels.
  const q: number[] = [];
  for (let k = 0; k < quads.length; k += 4) {
    let dup = false;
    for (let j = 0; j < q.length && !dup; j += 4)
      dup = (q[j + 2]! - quads[k + 2]!) ** 2 + (q[j + 3]! - quads[k + 3]!) ** 2 < same;
    if (!dup) q.push(quads[k]!, quads[k + 1]!, quads[k + 2]!, quads[k + 3]!);
  }
  const n = q.length / 4;
  let best = Math.min(n, 1);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const rx = q[4 * b]! - q[4 * a]!;
      const ry = q[4 * b + 1]! - q[4 * a + 1]!;
      const cx = q[4 * b + 2]! - q[4 * a + 2]!;
      const cy = q[4 * b + 3]! - q[4 * a + 3]!;
      const rr = rx * rx + ry * ry;
      const cc = cx * cx + cy * cy;
      if (cc < tol * 4 || rr === 0) continue;
      const s2 = cc / rr;
      if (s2 < MIN_SCALE ** 2 || s2 > MAX_SCALE ** 2) continue;
      // The similarity as x' = A x - B y + tx, y' = B x + A y + ty.
      const A = (rx * cx + ry * cy) / rr;
      const B = (rx * cy - ry * cx) / rr;
      const tx = q[4 * a + 2]! - (A * q[4 * a]! - B * q[4 * a + 1]!);
      const ty = q[4 * a + 3]! - (B * q[4 * a]! + A * q[4 * a + 1]!);
      let agree = 0;
      for (let k = 0; k < n; k++) {
        const x = A * q[4 * k]! - B * q[4 * k + 1]! + tx - q[4 * k + 2]!;
        const y = B * q[4 * k]! + A * q[4 * k + 1]! + ty - q[4 * k + 3]!;
        if (x * x + y * y <= tol) agree++;
      }
      if (agree > best) best = agree;
    }
  }
  return best;
}
