/**
 * The fingerprint engine's ReferenceSet seam, answered by two Hamming indexes (PDQ and
 * blockhash variants) instead of a scan of every reference. Same hits, same distances, same
 * order as BruteForceReferenceSet (ties keep the order references were first added), which the
 * tests check; plus remove(), so that a deleted case's references vanish from the next query.
 */
import { DescriptorIndex } from '../fingerprint';
import type { Fingerprint, HashAlgo, NearHit, ReferenceSet } from '../fingerprint';
import { HammingIndex } from './multi-index';

interface Entry {
  readonly fp: Fingerprint;
  /** Position in first-added order, the brute-force set's tie order. */
  readonly seq: number;
  /** Index ids of its variants (one id space across both indexes). */
  readonly slots: number[];
}

/** A {@link ReferenceSet} over the similarity index, with removal. */
export class IndexedReferenceSet implements ReferenceSet {
  private readonly refs = new Map<string, Entry>();
  private readonly indexes: Record<HashAlgo, HammingIndex> = {
    pdq: new HammingIndex(),
    blockhash: new HammingIndex(),
  };
  /** Index id → reference id; ids are never reused, so a removed variant cannot be misread. */
  private readonly owner: (string | undefined)[] = [];
  private nextSeq = 0;
  /** References' ORB descriptors: proposals where no hash proposes (decision 0017). */
  readonly descriptors = new DescriptorIndex();

  /** Adds (or replaces) a reference: every variant becomes searchable at once. */
  add(id: string, fp: Fingerprint): void {
    const previous = this.refs.get(id);
    if (previous) this.dropVariants(previous);
    const entry: Entry = { fp, seq: previous?.seq ?? this.nextSeq++, slots: [] };
    for (const v of fp.variants) {
      const slot = this.owner.length;
      this.owner.push(id);
      this.indexes[v.algo].add(slot, v.hash);
      entry.slots.push(slot);
    }
    this.refs.set(id, entry);
    if (fp.features) this.descriptors.set(id, fp.features);
    else this.descriptors.delete(id);
  }

  /** Removes a reference and all its variants; returns false if it was absent. */
  remove(id: string): boolean {
    const entry = this.refs.get(id);
    if (!entry) return false;
    this.dropVariants(entry);
    this.refs.delete(id);
    this.descriptors.delete(id);
    return true;
  }

  get(id: string): Fingerprint | undefined {
    return this.refs.get(id)?.fp;
  }

  get size(): number {
    return this.refs.size;
  }

  /** References with a variant of `algo` within `radius`, by their nearest variant. */
  findNearest(hash: Uint8Array, algo: HashAlgo, radius: number): NearHit[] {
    const best = new Map<string, number>();
    for (const m of this.indexes[algo].rangeSearch(hash, radius)) {
      const id = this.owner[m.id]!;
      if ((best.get(id) ?? Infinity) > m.distance) best.set(id, m.distance);
    }
    return [...best]
      .map(([referenceId, distance]) => ({ referenceId, distance }))
      .sort(
        (a, b) =>
          a.distance - b.distance ||
          this.refs.get(a.referenceId)!.seq - this.refs.get(b.referenceId)!.seq,
      );
  }

  private dropVariants(entry: Entry): void {
    entry.fp.variants.forEach((v, i) => {
      const slot = entry.slots[i]!;
      this.indexes[v.algo].remove(slot);
      this.owner[slot] = undefined;
    });
  }
}
