/**
 * Scoring for the recall bench: per-pair distances, threshold choice under a false-positive
 * budget, and recall per transform. Kept apart from the bench so it stays small and readable.
 */
import { distances } from '../src/engine/fingerprint/compare';
import type { DecisionRule } from '../src/engine/fingerprint/compare';
import type { Fingerprint, HashVariant } from '../src/engine/fingerprint/fingerprint';
import { hamming256 } from '../src/engine/fingerprint/hash-bits';

/** Distances of one (candidate, reference) pair under every method compared. */
export interface PairScore {
  positive: boolean;
  transform: string;
  /** Negatives are split in two halves: thresholds are tuned on half 0 and checked on half 1. */
  half: 0 | 1;
  lowQuality: boolean;
  sameBytes: boolean;
  plainPdq: number;
  plainBlock: number;
  pdq: number;
  block: number;
  bothPdq: number;
  bothBlock: number;
}

const fullUpright = (fp: Fingerprint, algo: HashVariant['algo']) =>
  fp.variants.find((v) => v.algo === algo && v.region === 'full' && v.transform === 'identity');

/** Scores a pair with the plain hashes (one each) and with Jium's variants. */
export function scorePair(
  ref: Fingerprint,
  cand: Fingerprint,
  positive: boolean,
  transform: string,
  half: 0 | 1,
  both: DecisionRule['both'],
): PairScore {
  const rule = { pdq: 0, blockhash: 0, both };
  const d = distances(ref, cand, rule);
  const plain = (algo: HashVariant['algo']) => {
    const a = fullUpright(ref, algo);
    const b = fullUpright(cand, algo);
    return a && b ? hamming256(a.hash, b.hash) : 256;
  };
  return {
    positive,
    transform,
    half,
    lowQuality: ref.lowQuality || cand.lowQuality,
    sameBytes: ref.sha256 === cand.sha256,
    plainPdq: plain('pdq'),
    plainBlock: plain('blockhash'),
    pdq: d.pdq?.d ?? 256,
    block: d.blockhash?.d ?? 256,
    bothPdq: d.both?.pdq ?? 256,
    bothBlock: d.both?.blockhash ?? 256,
  };
}

/** A method turns a pair's scores into a yes/no at some thresholds. */
export type Decider = (s: PairScore) => boolean;

/** Jium's rule on a scored pair. */
export function jiumDecider(rule: DecisionRule): Decider {
  return (s) =>
    s.sameBytes ||
    (!s.lowQuality &&
      (s.pdq <= rule.pdq ||
        s.block <= rule.blockhash ||
        (s.bothPdq <= rule.both.pdq && s.bothBlock <= rule.both.blockhash)));
}

/** Largest threshold of a single distance whose false positives stay within the budget. */
export function bestSingle(
  scores: PairScore[],
  pick: (s: PairScore) => number,
  fpr: number,
): number {
  const neg = scores
    .filter((s) => !s.positive && s.half === 0)
    .map(pick)
    .sort((a, b) => a - b);
  const allowed = Math.floor(neg.length * fpr);
  // The (allowed+1)-th smallest negative distance must stay above the threshold.
  const limit = neg[allowed] ?? 257;
  return limit - 1;
}

/** Recall per transform, and false-positive rate on each half, of a decider. */
export function evaluate(scores: PairScore[], decide: Decider) {
  const recall = new Map<string, { hit: number; n: number }>();
  const fp = [0, 0];
  const neg = [0, 0];
  for (const s of scores) {
    const yes = decide(s);
    if (s.positive) {
      const r = recall.get(s.transform) ?? { hit: 0, n: 0 };
      r.n++;
      if (yes) r.hit++;
      recall.set(s.transform, r);
    } else {
      neg[s.half] = (neg[s.half] ?? 0) + 1;
      if (yes) fp[s.half] = (fp[s.half] ?? 0) + 1;
    }
  }
  return { recall, fp, neg };
}

/**
 * Grid search for the combined rule: the thresholds with the best worst-case recall relative to
 * each transform's target (95%, or 80% for the `hard` ones), then the best mean recall, within the
 * false-positive budget on the tuning half. Blockhash alone is not searched: on smooth, simply laid
 * out images (gradients, dark wallpapers) unrelated pictures collide at blockhash distances under
 * 10, so blockhash only ever counts together with PDQ.
 */
export function tuneRule(scores: PairScore[], fpr: number, hard: string[]): DecisionRule {
  const neg0 = scores.filter((s) => !s.positive && s.half === 0);
  const budget = Math.floor(neg0.length * fpr);
  // Only negatives that some threshold in the grid could accept matter for the search.
  const risky = neg0.filter((s) => s.pdq <= 100 || s.block <= 100 || s.bothPdq <= 100);
  const pos = scores.filter((s) => s.positive);
  const transforms = [...new Set(pos.map((s) => s.transform))];
  let best: { rule: DecisionRule; key: number[] } | undefined;
  for (let bp = 40; bp <= 100; bp += 4) {
    for (let bb = 20; bb <= 90; bb += 4) {
      for (let tp = 20; tp <= 90; tp += 2) {
        for (const tb of [-1]) {
          const rule = { pdq: tp, blockhash: tb, both: { pdq: bp, blockhash: bb } };
          const decide = jiumDecider(rule);
          let fp = 0;
          for (const s of risky) if (decide(s) && ++fp > budget) break;
          if (fp > budget) continue;
          const hit = new Map<string, number>();
          const n = new Map<string, number>();
          for (const s of pos) {
            n.set(s.transform, (n.get(s.transform) ?? 0) + 1);
            if (decide(s)) hit.set(s.transform, (hit.get(s.transform) ?? 0) + 1);
          }
          const rec = transforms.map((t) => (hit.get(t) ?? 0) / (n.get(t) ?? 1));
          const easy = transforms
            .map((t, i) => Math.min(1, (rec[i] ?? 0) / (hard.includes(t) ? 0.8 : 0.95)))
            .reduce((a, b) => Math.min(a, b), 1);
          const mean = rec.reduce((a, b) => a + b, 0) / rec.length;
          const key = [easy, mean, -fp];
          if (!best || (key.some((v, i) => v !== best?.key[i]) && compareKeys(key, best.key) > 0)) {
            best = { rule, key };
          }
        }
      }
    }
  }
  if (!best) throw new Error('no rule fits the false-positive budget');
  return best.rule;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (Math.abs(d) > 1e-12) return d;
  }
  return 0;
}
