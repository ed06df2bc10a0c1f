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
 *
 * Crowded buckets (decision 0165): ORB descriptors are not uniform, and a bucket's entries grow
 * with the references, so a slice value shared by many descriptors says little and costs a
 * distance per entry. A bucket holding more than `crowded` entries is split at build time by e
 * more bits of each descriptor (the slice half the descriptor away), as many as keep a sub-bucket
 * near `crowded` entries (8 at most); a candidate descriptor reads the sub-bucket of its own bits
 * and the e at one bit from them. A correspondence at 30 bits keeps those e bits within one flip
 * with probability 0.97 (e = 2) to 0.76 (e = 8), and reaches the votes through any of its 16
 * slices; the entries read per slice grow with the logarithm of the references, not with them.
 */
import { agreeingVotes } from './agreeing-votes';
import { descriptorWords, distanceAt } from './descriptor-bits';
import type { Features } from './verify';

const TABLES = 16;
const BUCKETS = 1 << 16;
/** A bucket holding more entries than this is split by more bits (see the opening comment). */
const DEFAULT_CROWDED = 16;
const MAX_EXTRA_BITS = 8;
/** Words per descriptor record (see DescriptorIndex.rec), and bytes. */
const REC = 10;
const REC_BYTES = REC * 4;
/** A keypoint's coordinates are kept in 1/32 px, 16 bits each (2,047 px at most). */
const POINT_SCALE = 32;
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
  /**
   * Every descriptor as one record of REC words, references one after another: its reference's
   * number (into ids, the low `ownerBits`) with the call that last counted it above (one vote per
   * reference descriptor a call), its 8 words, its keypoint (x and y in 1/POINT_SCALE px, 16 bits
   * each). What a vote reads lies together: one or two cache lines per bucket entry, where
   * separate arrays cost three misses (decision 0165).
   */
  private rec = new Uint32Array(0);
  private recBytes = new Uint8Array(0);
  private ownerBits = 1;
  /** Per table: CSR offsets (BUCKETS + 1) and descriptor numbers. */
  private offsets: Uint32Array[] = [];
  private entries: Uint32Array[] = [];
  /**
   * Per table and bucket: 0, or where the crowded bucket's sub-bucket offsets start in `sub`
   * (plus one, shifted left 4) and how many more bits split it (low 4 bits).
   */
  private split: Uint32Array[] = [];
  private sub: Uint32Array[] = [];
  private call = 0;
  /** Reused between calls: a call's votes as (reference descriptor, candidate descriptor). */
  private pairs: Uint32Array = new Uint32Array(1024);
  /** Bucket entries read and Hamming distances computed, over all calls (for the bench). */
  readonly stats = { entries: 0, distances: 0 };

  /**
   * `crowded`: a bucket holding more entries than this is split (DEFAULT_CROWDED; Infinity: never,
   * the index of decisions 0017-0161).
   */
  constructor(private readonly crowded = DEFAULT_CROWDED) {}

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
    this.rec = new Uint32Array(n * REC);
    this.recBytes = new Uint8Array(this.rec.buffer);
    this.ownerBits = Math.max(1, Math.ceil(Math.log2(this.ids.length)));
    if (this.ownerBits > 24) throw new RangeError('more than 2^24 references in one index');
    let at = 0;
    this.ids.forEach((id, r) => {
      const { descriptors: d, points } = this.refs.get(id)!;
      const words = descriptorWords(d);
      for (let k = 0; k < d.length / 32; k++, at++) {
        this.rec[at * REC] = r;
        this.rec.set(words.subarray(k * 8, k * 8 + 8), at * REC + 1);
        this.rec[at * REC + 9] = fixed(points[2 * k]!) | (fixed(points[2 * k + 1]!) << 16);
      }
    });
    this.offsets = [];
    this.entries = [];
    this.split = [];
    this.sub = [];
    const des = this.recBytes;
    for (let t = 0; t < TABLES; t++) {
      const counts = new Uint32Array(BUCKETS + 1);
      for (let i = 0; i < n; i++) counts[sliceOf(des, i * REC_BYTES + 4, t) + 1]!++;
      for (let b = 0; b < BUCKETS; b++) counts[b + 1]! += counts[b]!;
      const fill = counts.slice(0, BUCKETS);
      const entries = new Uint32Array(n);
      for (let i = 0; i < n; i++) entries[fill[sliceOf(des, i * REC_BYTES + 4, t)]!++] = i;
      this.offsets.push(counts);
      this.entries.push(entries);
      this.splitCrowded(t, counts, entries);
    }
    this.call = 0;
    this.built = true;
  }

  /**
   * Splits table `t`'s crowded buckets (more than CROWDED entries) by EXTRA bits more of each
   * descriptor, enough that a sub-bucket holds about CROWDED entries, 8 at most: the entries of
   * such a bucket are sorted by those bits and their sub-bucket offsets kept.
   */
  private splitCrowded(t: number, offsets: Uint32Array, entries: Uint32Array): void {
    const split = new Uint32Array(BUCKETS);
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const e = extraBits(offsets[b + 1]! - offsets[b]!, this.crowded);
      if (e > 0) total += (1 << e) + 1;
    }
    const sub = new Uint32Array(total);
    // Every descriptor's extra bits in one pass over the records, then read from this small array.
    const des = this.recBytes;
    const extra = new Uint16Array(entries.length);
    for (let i = 0; i < extra.length; i++) extra[i] = extraOf(des, i * REC_BYTES + 4, t);
    let at = 0;
    let tmp = new Uint32Array(0);
    for (let b = 0; b < BUCKETS; b++) {
      const lo = offsets[b]!;
      const hi = offsets[b + 1]!;
      const e = extraBits(hi - lo, this.crowded);
      if (e === 0) continue;
      const mask = (1 << e) - 1;
      split[b] = ((at + 1) << 4) | e;
      for (let k = lo; k < hi; k++) sub[at + (extra[entries[k]!]! & mask) + 1]!++;
      sub[at] = lo;
      for (let x = 0; x < 1 << e; x++) sub[at + x + 1]! += sub[at + x]!;
      if (tmp.length < hi - lo) tmp = new Uint32Array(hi - lo);
      tmp.set(entries.subarray(lo, hi));
      const fill = sub.slice(at, at + (1 << e));
      for (let k = 0; k < hi - lo; k++) entries[fill[extra[tmp[k]!]! & mask]!++] = tmp[k]!;
      at += (1 << e) + 1;
    }
    this.split.push(split);
    this.sub.push(sub);
  }

  /**
   * The entry ranges a candidate descriptor's slice of table `t` reads into `ranges` (lo, hi
   * pairs); returns how many. A crowded bucket gives the sub-bucket of the descriptor's extra bits
   * and those one bit away from it.
   */
  private probe(cd: Uint8Array, co: number, t: number, ranges: Uint32Array): number {
    const key = sliceOf(cd, co, t);
    const s = this.split[t]![key]!;
    if (s === 0) {
      ranges[0] = this.offsets[t]![key]!;
      ranges[1] = this.offsets[t]![key + 1]!;
      return 1;
    }
    const e = s & 15;
    const at = (s >>> 4) - 1;
    const sub = this.sub[t]!;
    const x = extraOf(cd, co, t) & ((1 << e) - 1);
    ranges[0] = sub[at + x]!;
    ranges[1] = sub[at + x + 1]!;
    for (let b = 0; b < e; b++) {
      const y = x ^ (1 << b);
      ranges[2 * b + 2] = sub[at + y]!;
      ranges[2 * b + 3] = sub[at + y + 1]!;
    }
    return e + 1;
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
    const rec = this.rec;
    const cd = candidate.descriptors;
    const cw = descriptorWords(cd);
    const nc = cd.length / 32;
    const counts = new Uint32Array(this.ids.length);
    const seenAt = new Int32Array(this.ids.length).fill(-1);
    const ownerBits = this.ownerBits;
    const ownerMask = 2 ** ownerBits - 1;
    this.call = this.call >= 2 ** (32 - ownerBits) - 1 ? 1 : this.call + 1;
    if (this.call === 1) for (let o = 0; o < rec.length; o += REC) rec[o] = rec[o]! & ownerMask;
    const call = this.call;
    // With a window, every vote as (reference descriptor, candidate descriptor): the position check.
    let voted = 0;
    let read = 0;
    let computed = 0;
    let pairs = this.pairs;
    const ranges = new Uint32Array(2 * (MAX_EXTRA_BITS + 1));
    for (let c = 0; c < nc; c++) {
      const co = c * 32;
      for (let t = 0; t < TABLES; t++) {
        const entries = this.entries[t]!;
        for (let g = 0, probes = this.probe(cd, co, t, ranges); g < probes; g++) {
          const end = ranges[2 * g + 1]!;
          read += end - ranges[2 * g]!;
          for (let e = ranges[2 * g]!; e < end; e++) {
            const i = entries[e]!;
            const o = i * REC;
            const w = rec[o]!;
            const r = w & ownerMask;
            if (seenAt[r] === c || w >>> ownerBits === call) continue;
            computed++;
            if (distanceAt(rec, o + 1, cw, co / 4, maxDistance) > maxDistance) continue;
            seenAt[r] = c;
            rec[o] = r | (call << ownerBits);
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
    }
    this.stats.entries += read;
    this.stats.distances += computed;
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
      const quads = byRef.get(this.rec[i * REC]! & (2 ** this.ownerBits - 1));
      if (!quads) continue;
      const p = this.rec[i * REC + 9]!;
      quads.push((p & 0xffff) / POINT_SCALE, (p >>> 16) / POINT_SCALE);
      quads.push(candidate.points[2 * c]!, candidate.points[2 * c + 1]!);
    }
    return new Map([...byRef].map(([r, quads]) => [r, agreeingVotes(quads, candidate)]));
  }
}

/** Table `t`'s key of the descriptor at byte `o` of `d`: its t-th 16-bit slice. */
const sliceOf = (d: Uint8Array, o: number, t: number) => d[o + 2 * t]! | (d[o + 2 * t + 1]! << 8);
/** The bits that split table `t`'s crowded buckets: the slice half the descriptor away. */
const extraOf = (d: Uint8Array, o: number, t: number) => sliceOf(d, o, (t + TABLES / 2) % TABLES);
/** Extra bits for a bucket of `size` entries: sub-buckets of about CROWDED, MAX_EXTRA_BITS at most. */
function extraBits(size: number, crowded: number): number {
  let e = 0;
  while (e < MAX_EXTRA_BITS && size > crowded * 2 ** e) e++;
  return e;
}

/** A coordinate in 1/POINT_SCALE px, 16 bits. */
const fixed = (v: number) => Math.min(0xffff, Math.max(0, Math.round(v * POINT_SCALE)));

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
