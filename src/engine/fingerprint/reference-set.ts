/**
 * The seam between matching and the similarity index: `jium match` asks a ReferenceSet for the
 * references near a candidate's hashes. This file's brute-force set compares with every reference;
 * the index (src/engine/similarity, multi-index hashing) can implement the same interface.
 */
import { decide, distances, informativeDistance } from './compare';
import type { Comparison, DecisionRule, Distances } from './compare';
import { DEFAULT_RULE } from './compare';
import type { Fingerprint, HashAlgo } from './fingerprint';
import { DescriptorIndex } from './descriptor-index';
import { cellGrey } from './grid-cells';
import { hamming256 } from './hash-bits';
import { localProposals, pageLike } from './local-proposals';
import { referenceChromeOnly } from './page-chrome';
import { pictureBox } from './picture-look';
import type { BestMatch, NearHit, ReferenceSet } from './reference-set-types';
import { withoutThinStrokes } from './thin-strokes';
import { extractFeatures, MIN_KEYPOINTS, verifierReady, verifyPair } from './verify';
import type { Features } from './verify';

export type { BestMatch, NearHit, ReferenceSet } from './reference-set-types';

/** Compares with every variant of every reference: exact and simple, O(references). */
export class BruteForceReferenceSet implements ReferenceSet {
  private readonly refs = new Map<string, Fingerprint>();
  readonly descriptors = new DescriptorIndex();

  add(id: string, fp: Fingerprint): void {
    this.refs.set(id, fp);
    if (fp.features) this.descriptors.set(id, fp.features);
    else this.descriptors.delete(id);
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

/**
 * When the hash index's evidence is only proposed, not decided (decision 0016): pairs whose hashes
 * agree this far on the same region pair, or that the combined clause of the rule accepts, go to
 * the verification stage, which decides. At most MAX_VERIFIED references per candidate, nearest
 * first, so a crawled image costs at most that many verifications.
 */
export const PROPOSAL = { pdq: 100, blockhash: 84, lowQualityPdq: 64 };
/** Verifications per candidate at most. */
export const MAX_VERIFIED = 3;
export { MIN_KEYPOINTS } from './verify';
export { flatCellShare, LOCAL_PROPOSAL, pageLike } from './local-proposals';

/** Decisions already taken on a candidate (its working pixels are released after the first). */
const decided = new WeakMap<Fingerprint, Map<ReferenceSet, { size: number; best: BestMatch }>>();

/**
 * Finds the best reference for a candidate. The hash index proposes: references near any of the
 * candidate's upright hashes. PDQ alone within the rule's distance (or the same bytes or pixels)
 * decides at once; weaker agreement — the rule's combined clause, a looser proposal, a
 * low-quality pair — is decided by the verification stage when both sides have what it needs
 * (reference features, the candidate's working pixels), and by the hash rule alone otherwise.
 */
export function bestMatch(
  set: ReferenceSet,
  candidate: Fingerprint,
  rule: DecisionRule = DEFAULT_RULE,
): BestMatch {
  const memo = decided.get(candidate)?.get(set);
  if (memo && memo.size === set.size && rule === DEFAULT_RULE) return memo.best;
  const result = decideBest(set, candidate, rule);
  const bySet =
    decided.get(candidate) ?? new Map<ReferenceSet, { size: number; best: BestMatch }>();
  bySet.set(set, { size: set.size, best: result });
  decided.set(candidate, bySet);
  // The pixels served their purpose; a remembered fingerprint must not hold them.
  delete candidate.work;
  delete candidate.local;
  return result;
}

function decideBest(set: ReferenceSet, candidate: Fingerprint, rule: DecisionRule): BestMatch {
  const ids = new Set<string>();
  /** Each reference's nearest PDQ variant (any region): a lower bound of decide()'s distance. */
  const nearest = new Map<string, number>();
  // Every match needs PDQ within the loosest PDQ bound, so PDQ alone finds every candidate
  // reference; blockhash is only queried when the rule lets it match on its own.
  const canVerify = candidate.work !== undefined && verifierReady();
  const pdqRadius = Math.max(rule.pdq, rule.both.pdq, canVerify ? PROPOSAL.pdq : 0);
  for (const v of candidate.variants) {
    if (v.transform !== 'identity') continue;
    if (v.algo === 'blockhash' && rule.blockhash < 0) continue;
    const radius = v.algo === 'pdq' ? pdqRadius : rule.blockhash;
    for (const hit of set.findNearest(v.hash, v.algo, radius)) {
      ids.add(hit.referenceId);
      if (v.algo === 'pdq') {
        const d = nearest.get(hit.referenceId);
        if (d === undefined || hit.distance < d) nearest.set(hit.referenceId, hit.distance);
      }
    }
  }
  const rank = { match: 0, 'low-quality': 1, 'no-match': 2 } as const;
  const better = (c: Comparison, b: BestMatch | undefined) =>
    !b ||
    rank[c.verdict] < rank[b.comparison.verdict] ||
    (rank[c.verdict] === rank[b.comparison.verdict] && c.distance < b.comparison.distance);
  let best: BestMatch | undefined;
  const proposals: { id: string; ref: Fingerprint; hashed: Comparison; score: number }[] = [];
  const bound = hashBound(candidate, rule);
  /** References the bound showed can only be a no-match: decided only if nothing better. */
  const deferred: { id: string; ref: Fingerprint; atLeast: number }[] = [];
  for (const id of ids) {
    const ref = set.get(id);
    if (!ref) continue;
    const atLeast = nearest.get(id) ?? 0;
    if (atLeast > rule.pdq && bound && noMatchOnly(ref, candidate, bound)) {
      deferred.push({ id, ref, atLeast });
      continue;
    }
    const comparison = decide(ref, candidate, rule);
    const settled =
      comparison.verdict === 'match' &&
      (comparison.algo === 'sha256' || comparison.algo === 'pixels' || comparison.algo === 'pdq');
    if (settled || !canVerify || !ref.features) {
      if (better(comparison, best)) best = { referenceId: id, comparison };
      continue;
    }
    if (ref.features.points.length / 2 < MIN_KEYPOINTS) {
      // Too little texture to verify: smooth pictures are where weak hash agreement misleads
      // (decision 0016), so only the strong clauses count.
      const weak = comparison.verdict === 'match';
      const kept: Comparison = weak ? { ...comparison, verdict: 'no-match' } : comparison;
      if (better(kept, best)) best = { referenceId: id, comparison: kept };
      continue;
    }
    const proposal = proposeForVerification(ref, candidate, comparison);
    if (proposal) proposals.push({ id, ref, ...proposal });
    else if (comparison.verdict !== 'match' && better(comparison, best)) {
      best = { referenceId: id, comparison };
    }
  }
  const work = canVerify ? candidate.work : undefined;
  const upright = lazy(
    () => work && (candidate.local?.upright ?? extractFeatures(work.grey, work.width, work.height)),
  );
  // ORB is not mirror-invariant: a pair proposed through a mirrored reference orientation is
  // verified against the candidate mirrored back.
  const mirrored = lazy(() => work && extractFeatures(mirror(work), work.width, work.height));
  // The picture a page shows, when the finder found one (decision 0019): see pictureAgrees.
  const picture = lazy(() => work && pictureFeatures(candidate, work));
  // Text laid over the picture (a tiled watermark) can hold every keypoint: decision 0150.
  const unstroked = lazy(() => {
    const clean = work && withoutThinStrokes(work);
    return clean && extractFeatures(clean.grey, clean.width, clean.height);
  });
  const tried = new Set<string>();
  if (best?.comparison.verdict !== 'match' && proposals.length > 0) {
    proposals.sort((a, b) => a.score - b.score);
    for (const p of proposals.slice(0, MAX_VERIFIED)) {
      tried.add(p.id);
      const flip = MIRRORS.has(p.hashed.transform);
      const features = flip ? mirrored() : upright();
      let v = features ? verifyPair(p.ref.features!, features) : undefined;
      const clean = !v?.verified && !flip ? unstroked() : undefined;
      if (clean) v = verifyPair(p.ref.features!, clean);
      // A registered page met by another page of its app: its own picture must agree too.
      const look = clean ?? features;
      if (v?.verified && look && work && pageLike(work)) {
        if (referenceChromeOnly(v, p.ref.features!, look)) v = { ...v, verified: false };
      }
      // On a page, the picture must agree too, not only the page's layout (decision 0019).
      if (v?.verified && !flip && !pictureAgrees(p.hashed, p.ref.features!, picture)) {
        v = { ...v, verified: false };
      }
      if (v && flip) v = { ...v, outline: v.outline.map((x, i) => (i % 2 === 0 ? 1 - x : x)) };
      const comparison: Comparison = v?.verified
        ? {
            ...p.hashed,
            verdict: 'match',
            algo: p.hashed.verdict === 'match' ? 'pdq+verified' : 'verified',
            verification: { inliers: v.inliers, inlierRatio: v.inlierRatio, outline: v.outline },
          }
        : { ...p.hashed, verdict: p.hashed.verdict === 'low-quality' ? 'low-quality' : 'no-match' };
      if (better(comparison, best)) best = { referenceId: p.id, comparison };
      if (v?.verified) break;
    }
  }
  if (work && best?.comparison.verdict !== 'match' && set.descriptors?.size) {
    const local = localProposals(set, candidate, work, upright, tried, rule);
    if (local) best = local;
  }
  if (best?.comparison.verdict !== 'match') {
    // The nearest no-match is reported (`jium match` prints its distance): only a deferred
    // reference whose lower bound is under the best distance so far can be nearer.
    deferred.sort((a, b) => a.atLeast - b.atLeast);
    for (const d of deferred) {
      if (best && d.atLeast >= best.comparison.distance) break;
      const comparison = decide(d.ref, candidate, rule);
      if (better(comparison, best)) best = { referenceId: d.id, comparison };
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

/**
 * What the hash rule and the proposals need of one region pair, with the candidate's upright
 * variants by region: a match or proposal from hashes needs, on one pair of regions, PDQ within
 * `pdq` and blockhash within `blockhash` (the combined clause or a proposal), unless PDQ alone is
 * within the rule's own bound (the caller checks that) or either picture is low-quality.
 * Undefined when the rule lets blockhash match alone (then no bound is applied).
 */
export interface HashBound {
  pdq: number;
  blockhash: number;
  regions: Map<string, { pdq?: Uint8Array; blockhash?: Uint8Array }>;
}

export function hashBound(candidate: Fingerprint, rule: DecisionRule): HashBound | undefined {
  if (rule.blockhash >= 0 || candidate.lowQuality) return undefined;
  const regions = new Map<string, { pdq?: Uint8Array; blockhash?: Uint8Array }>();
  for (const v of candidate.variants) {
    if (v.transform !== 'identity') continue;
    const r = regions.get(v.region) ?? {};
    r[v.algo] = v.hash;
    regions.set(v.region, r);
  }
  return {
    pdq: Math.max(rule.both.pdq, PROPOSAL.pdq),
    blockhash: Math.max(rule.both.blockhash, PROPOSAL.blockhash),
    regions,
  };
}

/**
 * True when no region of `ref` has, against one candidate region, a PDQ variant within the
 * bound's PDQ distance and a blockhash variant within its blockhash distance (orientations taken
 * separately: a weaker, necessary condition of distances()'s same-pair test). Such a reference can
 * only be a no-match under the rule and is never proposed, whatever verify says: deciding it in
 * full (every variant pair, three times) was most of a decision's cost at 1,000 references and
 * grew with them (decision 0018). Exact bytes and low-quality pairs are never ruled out here.
 */
export function noMatchOnly(ref: Fingerprint, candidate: Fingerprint, bound: HashBound): boolean {
  if (ref.lowQuality || ref.sha256 === candidate.sha256) return false;
  const regions = [...bound.regions.values()];
  // Per reference region: which candidate regions it met within the bound, by algorithm (bits).
  const met = new Map<string, number>();
  for (const v of ref.variants) {
    const limit = v.algo === 'pdq' ? bound.pdq : bound.blockhash;
    let bits = 0;
    regions.forEach((c, i) => {
      const h = c[v.algo];
      if (h && withinBits(v.hash, h, limit)) bits |= 1 << (2 * i + (v.algo === 'pdq' ? 0 : 1));
    });
    if (bits === 0) continue;
    const all = (met.get(v.region) ?? 0) | bits;
    // Both algorithms of one candidate region: bits 2i and 2i+1 both set.
    if (all & (all >> 1) & 0x55555555) return false;
    met.set(v.region, all);
  }
  return true;
}

/** Whether two 32-byte hashes differ in at most `limit` bits (stops early). */
function withinBits(a: Uint8Array, b: Uint8Array, limit: number): boolean {
  let d = 0;
  for (let i = 0; i < 32; i += 8) {
    for (let k = i; k < i + 8; k++) d += POPCOUNT[a[k]! ^ b[k]!]!;
    if (d > limit) return false;
  }
  return true;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, x) => {
  let n = 0;
  for (let v = x; v; v >>= 1) n += v & 1;
  return n;
});

/**
 * A hash proposal made on the whole of a page-like candidate (the full or trimmed region, while
 * the finder found a picture inside it: an `embedded` variant) agrees on the page's layout as
 * much as on its picture: two screenshots of one app share bars, sidebars and avatars, and
 * verification confirms those (decision 0019: the false queue items at 1,000 real references were
 * such pairs). Such a pair counts only if the picture inside the page verifies against the
 * reference too. When the finder found no picture, nothing changes (most of those items).
 */
function pictureAgrees(
  hashed: Comparison,
  ref: Features,
  picture: () => Features | undefined | null,
): boolean {
  if (hashed.candidateRegion === 'embedded') return true;
  const inside = picture();
  if (inside === null) return true;
  return inside !== undefined && verifyPair(ref, inside).verified;
}

/** ORB of the candidate's embedded picture; null when it has none (not page-like). */
function pictureFeatures(
  candidate: Fingerprint,
  work: { grey: Uint8Array; width: number; height: number },
): Features | undefined | null {
  const box = pictureBox(candidate, work);
  if (!box) return null;
  if (box.w < 32 || box.h < 32) return undefined;
  const crop = cellGrey(work, box);
  return extractFeatures(crop.grey, crop.width, crop.height);
}

const MIRRORS = new Set(['flip-horizontal', 'flip-vertical', 'transpose', 'anti-transpose']);

function lazy<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [f(), true];
    return value;
  };
}

/** The grey working image mirrored left to right. */
function mirror(work: { grey: Uint8Array; width: number; height: number }): Uint8Array {
  const { grey, width, height } = work;
  const out = new Uint8Array(grey.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) out[row + x] = grey[row + width - 1 - x]!;
  }
  return out;
}

/**
 * How strongly the hashes propose a pair for verification (score: lower is stronger), with the
 * comparison to report (its transform says whether to verify the mirrored candidate), or undefined
 * when they do not: the rule's combined clause matched, both hashes within PROPOSAL on one region
 * pair (a reference's half crops included, which only ever propose), or (low-quality pairs)
 * informative hashes within PROPOSAL.lowQualityPdq.
 */
export function proposeForVerification(
  ref: Fingerprint,
  candidate: Fingerprint,
  hashed: Comparison,
): { score: number; hashed: Comparison } | undefined {
  if (hashed.verdict === 'match') return { score: hashed.distance, hashed };
  if (ref.lowQuality || candidate.lowQuality) {
    const d = informativeDistance(ref, candidate)?.d ?? 256;
    return d <= PROPOSAL.lowQualityPdq ? { score: d, hashed } : undefined;
  }
  const near = (b: Distances['both']) =>
    b && b.pdq <= PROPOSAL.pdq && b.blockhash <= PROPOSAL.blockhash ? b : undefined;
  const whole = near(distances(ref, candidate).both);
  const half = near(distances(ref, candidate, DEFAULT_RULE, true).both);
  const best = whole && (!half || whole.pdq <= half.pdq) ? whole : half;
  if (!best) return undefined;
  return {
    score: best.pdq,
    hashed: {
      ...hashed,
      transform: best.ref.transform,
      referenceRegion: best.ref.region,
      candidateRegion: best.cand.region,
    },
  };
}
