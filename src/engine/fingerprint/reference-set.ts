/**
 * The seam between matching and the similarity index: `jium match` asks a ReferenceSet for the
 * references near a candidate's hashes. This file's brute-force set compares with every reference;
 * the index (src/engine/index, multi-index hashing) can implement the same interface.
 */
import { decide } from './compare';
import type { Comparison, DecisionRule } from './compare';
import { DEFAULT_RULE } from './compare';
import type { Fingerprint, HashAlgo } from './fingerprint';
import { hamming256 } from './hash-bits';

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
}

/** Compares with every variant of every reference: exact and simple, O(references). */
export class BruteForceReferenceSet implements ReferenceSet {
  private readonly refs = new Map<string, Fingerprint>();

  add(id: string, fp: Fingerprint): void {
    this.refs.set(id, fp);
  }

  get(id: string): Fingerprint | undefined {
    return this.refs.get(id);
  }

  get size(): number {
    return this.refs.size;
  }

  findNearest(hash: Uint8Array, algo: HashAlgo, radius: number): NearHit[] {
    const hits: NearHit[] = [];
    for (const [referenceId, fp] of this.refs) {
      let best = Infinity;
      for (const v of fp.variants) {
        if (v.algo === algo) best = Math.min(best, hamming256(v.hash, hash));
      }
      if (best <= radius) hits.push({ referenceId, distance: best });
    }
    return hits.sort((a, b) => a.distance - b.distance);
  }
}

/** The best reference for a candidate, with the comparison that decided it. */
export interface BestMatch {
  referenceId: string | undefined;
  comparison: Comparison;
}

/**
 * Finds the best reference for a candidate: asks the set for references near any of the
 * candidate's upright hashes (within the rule's loosest radius), then applies the full rule.
 */
export function bestMatch(
  set: ReferenceSet,
  candidate: Fingerprint,
  rule: DecisionRule = DEFAULT_RULE,
): BestMatch {
  const ids = new Set<string>();
  // Every match needs PDQ within the loosest PDQ bound, so PDQ alone finds every candidate
  // reference; blockhash is only queried when the rule lets it match on its own.
  const pdqRadius = Math.max(rule.pdq, rule.both.pdq);
  for (const v of candidate.variants) {
    if (v.transform !== 'identity') continue;
    if (v.algo === 'blockhash' && rule.blockhash < 0) continue;
    const radius = v.algo === 'pdq' ? pdqRadius : rule.blockhash;
    for (const hit of set.findNearest(v.hash, v.algo, radius)) ids.add(hit.referenceId);
  }
  const rank = { match: 0, 'low-quality': 1, 'no-match': 2 } as const;
  let best: BestMatch | undefined;
  for (const id of ids) {
    const ref = set.get(id);
    if (!ref) continue;
    const comparison = decide(ref, candidate, rule);
    if (
      !best ||
      rank[comparison.verdict] < rank[best.comparison.verdict] ||
      (rank[comparison.verdict] === rank[best.comparison.verdict] &&
        comparison.distance < best.comparison.distance)
    ) {
      best = { referenceId: id, comparison };
    }
  }
  if (best) return best;
  const verdict = candidate.lowQuality ? 'low-quality' : 'no-match';
  return {
    referenceId: undefined,
    comparison: {
      verdict,
      distance: 256,
      algo: 'pdq',
      transform: 'identity',
      referenceRegion: 'full',
      candidateRegion: 'full',
    },
  };
}
