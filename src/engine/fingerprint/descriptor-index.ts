/**
 * Proposals from local features, for what no whole-image hash proposes (a photo inside a
 * screenshot's page, a cell of a collage; decision 0017): every reference's ORB descriptors in a
 * multi-table hash index (16 tables, each keyed by one 16-bit slice of the 256-bit descriptor).
 * A candidate's descriptors look up their slices; a reference descriptor met in any table and
 * within MAX_DESCRIPTOR_DISTANCE of the candidate's is a vote for its reference. The references
 * with the most votes are proposed to the verification stage, which decides: votes alone never
 * match anything.
 *
 * True correspondences between ORB descriptors of two copies differ in ~20-50 of 256 bits: at 30
 * bits a 16-bit slice survives intact with probability ~0.14, so one of 16 slices does ~90% of the
 * time; unrelated descriptors meet in a slice 1 time in 65,536 per table.
 */
import { descriptorDistance, descriptorWords } from './descriptor-bits';
import type { Features } from './verify';

const TABLES = 16;
const BUCKETS = 1 << 16;
/** A vote needs the descriptors this close (Hamming, of 256). */
export const MAX_DESCRIPTOR_DISTANCE = 48;

/** A reference's votes from one candidate. */
export interface DescriptorVotes {
  referenceId: string;
  votes: number;
  /**
   * Of the votes, the most that one similarity (scale, turn, shift) carries from the reference's
   * keypoints to the candidate's (see {@link agreeingVotes}); only for references whose votes lie
   * in the `agree` window of {@link DescriptorIndex.votes}.
   */
  agreeing?: number;
}

/** References whose votes lie in `from <= votes < below` get {@link DescriptorVotes.agreeing}. */
export interface AgreeWindow {
  from: number;
  below: number;
}

/** The index. Built once from every reference with features; rebuilt lazily after changes. */
export class DescriptorIndex {
  private readonly refs = new Map<string, Features>();
  private built = false;
  private ids: string[] = [];
  /** All descriptors, 32 bytes each, references one after another. */
  private descriptors = new Uint8Array(0);
  /** Their keypoints, x y each, in the same order. */
  private points = new Float32Array(0);
  /** Descriptor -> index into ids. */
  private owner = new Uint32Array(0);
  /** Per table: CSR offsets (BUCKETS + 1) and descriptor numbers. */
  private offsets: Uint32Array[] = [];
  private entries: Uint32Array[] = [];
  /** Per descriptor: the call that last counted it (one vote per reference descriptor a call). */
  private claimed = new Uint32Array(0);
  private call = 0;
  /** Reused between calls: a call's votes as (reference descriptor, candidate descriptor). */
  private pairs: Uint32Array = new Uint32Array(1024);

  /** Number of references indexed. */
  get size(): number {
    return this.refs.size;
  }

  set(referenceId: string, f: Features): void {
    this.refs.set(referenceId, f);
    this.built = false;
  }

  delete(referenceId: string): void {
    if (this.refs.delete(referenceId)) this.built = false;
  }

  private build(): void {
    this.ids = [...this.refs.keys()];
    let n = 0;
    for (const f of this.refs.values()) n += f.descriptors.length / 32;
    this.descriptors = new Uint8Array(n * 32);
    this.owner = new Uint32Array(n);
    this.points = new Float32Array(n * 2);
    let at = 0;
    this.ids.forEach((id, r) => {
      const { descriptors: d, points } = this.refs.get(id)!;
      this.descriptors.set(d, at * 32);
      this.points.set(points.subarray(0, (d.length / 32) * 2), at * 2);
      this.owner.fill(r, at, at + d.length / 32);
      at += d.length / 32;
    });
    this.offsets = [];
    this.entries = [];
    const des = this.descriptors;
    for (let t = 0; t < TABLES; t++) {
      const counts = new Uint32Array(BUCKETS + 1);
      for (let i = 0; i < n; i++)
        counts[(des[i * 32 + 2 * t]! | (des[i * 32 + 2 * t + 1]! << 8)) + 1]!++;
      for (let b = 0; b < BUCKETS; b++) counts[b + 1]! += counts[b]!;
      const fill = counts.slice(0, BUCKETS);
      const entries = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        const key = des[i * 32 + 2 * t]! | (des[i * 32 + 2 * t + 1]! << 8);
        entries[fill[key]!++] = i;
      }
      this.offsets.push(counts);
      this.entries.push(entries);
    }
    this.claimed = new Uint32Array(n);
    this.call = 0;
    this.built = true;
  }

  /**
   * References ranked by votes from the candidate's descriptors (each candidate descriptor votes
   * once per reference at most, when within `maxDistance` bits), those with at least `minVotes`,
   * most votes first. A reference descriptor counts for one candidate descriptor only, as a true
   * correspondence does: the many look-alike descriptors of a repeated pattern (stars on a night
   * sky, dots, text) all meeting the same few reference descriptors are one vote each, not
   * hundreds (decision 0022). References whose votes fall in `agree` also get how many of them
   * agree in position (decision 0161).
   */
  votes(
    candidate: Features,
    minVotes: number,
    maxDistance = MAX_DESCRIPTOR_DISTANCE,
    agree?: AgreeWindow,
  ): DescriptorVotes[] {
    if (this.refs.size === 0) return [];
    if (!this.built) this.build();
    const words = descriptorWords(this.descriptors);
    const cd = candidate.descriptors;
    const cw = descriptorWords(cd);
    const nc = cd.length / 32;
    const counts = new Uint32Array(this.ids.length);
    const seenAt = new Int32Array(this.ids.length).fill(-1);
    const claimed = this.claimed;
    this.call = this.call === 0xffffffff ? 1 : this.call + 1;
    if (this.call === 1) claimed.fill(0);
    const call = this.call;
    // With a window, every vote as (reference descriptor, candidate descriptor): the position check.
    let voted = 0;
    let pairs = this.pairs;
    for (let c = 0; c < nc; c++) {
      const co = c * 32;
      for (let t = 0; t < TABLES; t++) {
        const key = cd[co + 2 * t]! | (cd[co + 2 * t + 1]! << 8);
        const offsets = this.offsets[t]!;
        const entries = this.entries[t]!;
        for (let e = offsets[key]!, end = offsets[key + 1]!; e < end; e++) {
          const i = entries[e]!;
          const r = this.owner[i]!;
          if (seenAt[r] === c || claimed[i] === call) continue;
          if (descriptorDistance(words, i, cw, c, maxDistance) > maxDistance) continue;
          seenAt[r] = c;
          claimed[i] = call;
          counts[r]!++;
          if (agree) {
            if (voted * 2 === pairs.length) pairs = this.pairs = grow(pairs);
            pairs[voted * 2] = i;
            pairs[voted * 2 + 1] = c;
            voted++;
          }
        }
      }
    }
    const agreeing =
      agree && this.agreement(counts, pairs.subarray(0, voted * 2), candidate, agree);
    const out: DescriptorVotes[] = [];
    counts.forEach((v, r) => {
      if (v < minVotes) return;
      const a = agreeing && agreeing.get(r);
      out.push(
        a
          ? { referenceId: this.ids[r]!, votes: v, agreeing: a }
          : { referenceId: this.ids[r]!, votes: v },
      );
    });
    return out.sort((a, b) => b.votes - a.votes);
  }

  /** The agreeing votes of the references whose votes lie in the window, by reference number. */
  private agreement(
    counts: Uint32Array,
    pairs: Uint32Array,
    candidate: Features,
    { from, below }: AgreeWindow,
  ): Map<number, number> {
    // The most voted references of the window only: the first look verifies its best two.
    let inWindow: number[] = [];
    counts.forEach((v, r) => {
      if (v >= from && v < below) inWindow.push(r);
    });
    if (inWindow.length > AGREE_MOST)
      inWindow = inWindow.sort((a, b) => counts[b]! - counts[a]!).slice(0, AGREE_MOST);
    const byRef = new Map<number, number[]>(inWindow.map((r) => [r, []]));
    for (let k = 0; k < pairs.length; k += 2) {
      const i = pairs[k]!;
      const c = pairs[k + 1]!;
      const quads = byRef.get(this.owner[i]!);
      if (!quads) continue;
      quads.push(this.points[2 * i]!, this.points[2 * i + 1]!);
      quads.push(candidate.points[2 * c]!, candidate.points[2 * c + 1]!);
    }
    return new Map([...byRef].map(([r, quads]) => [r, agreeingVotes(quads, candidate)]));
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * References checked per call at most, the most voted of the window (the check is ~n³ in their
 * votes; at 10,000 references an unrelated picture gives hundreds of them a few votes each).
 */
const AGREE_MOST = 32;
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
