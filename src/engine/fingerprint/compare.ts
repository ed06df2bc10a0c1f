/**
 * The decision rule: how hash distances between a reference and a candidate become a verdict.
 * Thresholds are measured on the evaluation corpus (README.md, bench/RESULTS.md), not guessed.
 */
import { QUALITY_FLOOR } from './fingerprint';
import type { Fingerprint, HashAlgo, HashVariant, RegionKind } from './fingerprint';
import { hamming256 } from './hash-bits';
import type { Dihedral } from './pdq';

/** Thresholds of the combined rule (all distances are Hamming distances out of 256 bits). */
export interface DecisionRule {
  /** PDQ alone matches at or under this distance. */
  pdq: number;
  /** Blockhash alone matches at or under this distance (-1: never alone; see README). */
  blockhash: number;
  /** Both on the same region pair at or under these: a match neither shows alone. */
  both: { pdq: number; blockhash: number };
}

/**
 * Jium's rule, chosen by bench/fingerprint-recall.bench.ts (see bench/RESULTS.md): PDQ <= 20 alone,
 * or PDQ <= 92 and blockhash <= 72 on the same region pair; blockhash never alone (it collides on
 * smooth, simply laid out images). Measured: >= 95% recall on every transform but crop-25 (87.5%),
 * 0.028% / 0.041% false positives on the tuning / checking halves.
 */
export const DEFAULT_RULE: DecisionRule = {
  pdq: 20,
  blockhash: -1,
  both: { pdq: 92, blockhash: 72 },
};

/**
 * The stricter rule for pairs where either picture is low-quality (PDQ quality under 50): only
 * variant pairs whose both hashes have quality >= 50 (in practice the contrast-stretched `norm`
 * variants of dark pictures) count, at PDQ distance <= this. Measured in decision 0016.
 */
export const LOW_QUALITY_PDQ = 32;

/** What a comparison concluded. */
export type Verdict = 'match' | 'no-match' | 'low-quality';

/** Result of comparing one candidate with one reference. */
export interface Comparison {
  verdict: Verdict;
  /** Distance that decided (for no-match: the smallest PDQ distance seen). */
  distance: number;
  algo: HashAlgo | 'sha256' | 'pixels' | 'pdq+blockhash' | 'pdq+verified' | 'verified';
  /** Which reference orientation and region met which candidate region. */
  transform: Dihedral;
  referenceRegion: RegionKind;
  candidateRegion: RegionKind;
  /**
   * When the verification stage decided (verify.ts): the RANSAC inliers and their share of the
   * descriptor matches, and the reference's outline in the candidate (corner fractions), which a
   * review item draws to say which part of the picture matched.
   */
  verification?: { inliers: number; inlierRatio: number; outline: number[] };
  /** Where the candidate region whose hashes decided lies in the candidate (HashVariant.box). */
  candidateBox?: number[];
}

/**
 * Where the reference's picture is in the found image, as the review outlines it (TL, TR, BR, BL
 * corners, x and y as fractions): verification's outline, or, for a match the hashes decided
 * between the whole reference and a trimmed or embedded region of the candidate (a screenshot),
 * that region's box. Null when the whole found image matched, or only part of the reference.
 */
export function matchedRegion(c: Comparison): number[] | null {
  if (c.verification) return c.verification.outline;
  const b = c.candidateBox;
  // 'norm' is the whole reference too, contrast-stretched (a dark reference's hash).
  const whole = ['full', 'trim', 'norm'].includes(c.referenceRegion);
  if (!b || !whole) return null;
  return [b[0]!, b[1]!, b[2]!, b[1]!, b[2]!, b[3]!, b[0]!, b[3]!];
}

/** Smallest distances per algorithm over every reference variant x candidate upright variant. */
export interface Distances {
  pdq: { d: number; ref: HashVariant; cand: HashVariant } | undefined;
  blockhash: { d: number; ref: HashVariant; cand: HashVariant } | undefined;
  /** Smallest max(pdq, blockhash) over variant pairs with the same regions and orientation. */
  both: { pdq: number; blockhash: number; ref: HashVariant; cand: HashVariant } | undefined;
}

/** Reference regions that only propose pairs to verification, never match by hashes alone. */
export const proposalOnly = (v: HashVariant) => v.region.startsWith('half-');

/**
 * Computes the smallest distances between a reference's variants and a candidate's: over the
 * variants the rule decides on, or (`proposals`) over the proposal-only ones (half crops).
 */
export function distances(
  reference: Fingerprint,
  candidate: Fingerprint,
  rule: DecisionRule = DEFAULT_RULE,
  proposals = false,
): Distances {
  const cands = candidate.variants.filter((v) => v.transform === 'identity');
  const out: Distances = { pdq: undefined, blockhash: undefined, both: undefined };
  const pairs = new Map<string, { pdq?: number; blockhash?: number; ref: HashVariant }>();
  for (const c of cands) {
    for (const r of reference.variants) {
      if (r.algo !== c.algo || proposalOnly(r) !== proposals) continue;
      const d = hamming256(r.hash, c.hash);
      const best = out[r.algo];
      if (!best || d < best.d) out[r.algo] = { d, ref: r, cand: c };
      const key = `${r.region}|${r.transform}|${c.region}`;
      const p = pairs.get(key) ?? { ref: r };
      p[r.algo] = d;
      pairs.set(key, p);
    }
  }
  for (const [key, p] of pairs) {
    if (p.pdq === undefined || p.blockhash === undefined) continue;
    const score = Math.max(p.pdq / rule.both.pdq, p.blockhash / rule.both.blockhash);
    const b = out.both;
    if (!b || score < Math.max(b.pdq / rule.both.pdq, b.blockhash / rule.both.blockhash)) {
      const cand = cands.find((c) => c.region === key.split('|')[2]) ?? cands[0];
      if (cand) out.both = { pdq: p.pdq, blockhash: p.blockhash, ref: p.ref, cand };
    }
  }
  return out;
}

/** Smallest PDQ distance over variant pairs whose both hashes have quality >= QUALITY_FLOOR. */
export function informativeDistance(
  reference: Fingerprint,
  candidate: Fingerprint,
): { d: number; ref: HashVariant; cand: HashVariant } | undefined {
  let best: { d: number; ref: HashVariant; cand: HashVariant } | undefined;
  for (const c of candidate.variants) {
    if (c.algo !== 'pdq' || c.transform !== 'identity' || (c.quality ?? 0) < QUALITY_FLOOR)
      continue;
    for (const r of reference.variants) {
      if (r.algo !== 'pdq' || (r.quality ?? 0) < QUALITY_FLOOR || proposalOnly(r)) continue;
      const d = hamming256(r.hash, c.hash);
      if (!best || d < best.d) best = { d, ref: r, cand: c };
    }
  }
  return best;
}

/** Applies a rule to measured distances. Low-quality images never auto-match (except exact bytes). */
export function decide(
  reference: Fingerprint,
  candidate: Fingerprint,
  rule: DecisionRule = DEFAULT_RULE,
): Comparison {
  const none: Pick<Comparison, 'transform' | 'referenceRegion' | 'candidateRegion'> = {
    transform: 'identity',
    referenceRegion: 'full',
    candidateRegion: 'full',
  };
  if (reference.sha256 === candidate.sha256) {
    return { verdict: 'match', distance: 0, algo: 'sha256', ...none };
  }
  const d = distances(reference, candidate, rule);
  const at = (x: { ref: HashVariant; cand: HashVariant }) => ({
    transform: x.ref.transform,
    referenceRegion: x.ref.region,
    candidateRegion: x.cand.region,
    ...(x.cand.box ? { candidateBox: x.cand.box } : {}),
  });
  if (reference.lowQuality || candidate.lowQuality) {
    // Identical pixels always match, whatever the quality (a lossless copy of a dark picture).
    if (reference.pixels !== undefined && reference.pixels === candidate.pixels) {
      return { verdict: 'match', distance: 0, algo: 'pixels', ...none };
    }
    const strict = informativeDistance(reference, candidate);
    if (strict && strict.d <= LOW_QUALITY_PDQ) {
      return { verdict: 'match', distance: strict.d, algo: 'pdq', ...at(strict) };
    }
    return { verdict: 'low-quality', distance: d.pdq?.d ?? 256, algo: 'pdq', ...none };
  }
  if (d.pdq && d.pdq.d <= rule.pdq) {
    return { verdict: 'match', distance: d.pdq.d, algo: 'pdq', ...at(d.pdq) };
  }
  if (d.blockhash && d.blockhash.d <= rule.blockhash) {
    return { verdict: 'match', distance: d.blockhash.d, algo: 'blockhash', ...at(d.blockhash) };
  }
  if (d.both && d.both.pdq <= rule.both.pdq && d.both.blockhash <= rule.both.blockhash) {
    return { verdict: 'match', distance: d.both.pdq, algo: 'pdq+blockhash', ...at(d.both) };
  }
  const p = d.pdq ?? { d: 256 };
  return { verdict: 'no-match', distance: p.d, algo: 'pdq', ...(d.pdq ? at(d.pdq) : none) };
}

/** Compares a reference with a candidate under Jium's rule. */
export function compare(reference: Fingerprint, candidate: Fingerprint): Comparison {
  return decide(reference, candidate, DEFAULT_RULE);
}
