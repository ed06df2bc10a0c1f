/**
 * The types of the seam between matching and the similarity index (reference-set.ts re-exports
 * them): a module of its own so that local-proposals.ts can name them without importing
 * reference-set.ts, which imports it (an import circle, decision 0092).
 */
import type { Comparison } from './compare';
import type { DescriptorIndex } from './descriptor-index';
import type { Fingerprint, HashAlgo } from './fingerprint';

/** A reference hash found near a query hash. */
export interface NearHit {
  referenceId: string;
  distance: number;
}

/** A searchable set of reference fingerprints. */
export interface ReferenceSet {
  /** Adds a reference's fingerprint (every variant becomes searchable). */
  add(id: string, fp: Fingerprint): void;
  /** References having a variant of `algo` within `radius` of `hash`, nearest first. */
  findNearest(hash: Uint8Array, algo: HashAlgo, radius: number): NearHit[];
  /** The stored fingerprint of a reference. */
  get(id: string): Fingerprint | undefined;
  /** Number of references. */
  readonly size: number;
  /**
   * The references' ORB descriptors, when the set keeps them: proposals for candidates that no
   * hash proposes (screenshots, collages; decision 0017). Sets without it propose by hashes only.
   */
  readonly descriptors?: DescriptorIndex;
}

/** The best reference for a candidate, with the comparison that decided it. */
export interface BestMatch {
  referenceId: string | undefined;
  comparison: Comparison;
}
