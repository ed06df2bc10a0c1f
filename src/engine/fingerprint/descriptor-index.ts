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
}

/** The index. Built once from every reference with features; rebuilt lazily after changes. */
export class DescriptorIndex {
  private readonly refs = new Map<string, Features>();
  private built = false;
  private ids: string[] = [];
  /** All descriptors, 32 bytes each, references one after another. */
  private descriptors = new Uint8Array(0);
  /** Descriptor -> index into ids. */
  private owner = new Uint32Array(0);
  /** Per table: CSR offsets (BUCKETS + 1) and descriptor numbers. */
  private offsets: Uint32Array[] = [];
  private entries: Uint32Array[] = [];
  /** Per descriptor: the call that last counted it (one vote per reference descriptor a call). */
  private claimed = new Uint32Array(0);
  private call = 0;

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
    let at = 0;
    this.ids.forEach((id, r) => {
      const d = this.refs.get(id)!.descriptors;
      this.descriptors.set(d, at * 32);
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
   * hundreds (decision 0022).
   */
  votes(
    candidate: Features,
    minVotes: number,
    maxDistance = MAX_DESCRIPTOR_DISTANCE,
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
        }
      }
    }
    const out: DescriptorVotes[] = [];
    counts.forEach((v, r) => {
      if (v >= minVotes) out.push({ referenceId: this.ids[r]!, votes: v });
    });
    return out.sort((a, b) => b.votes - a.votes);
  }
}
