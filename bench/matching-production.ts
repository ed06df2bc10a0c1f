/**
 * The production matcher as the matching benches call it: the same fingerprint() that the crawler
 * and `jium match` run, the index's IndexedReferenceSet they load references into, and the same
 * bestMatch() that decides (src/host/commands/match.ts, src/engine/crawl/image-task.ts). Nothing
 * of the rule is copied here, so the benches measure whatever the production rule is when they
 * run. If the production entry point changes shape, this file is the one place to follow it.
 */
import { readFileSync } from 'node:fs';

import { bestMatch, fingerprint, hamming256 } from '../src/engine/fingerprint';
import type { BestMatch, Fingerprint } from '../src/engine/fingerprint';
import { IndexedReferenceSet } from '../src/engine/similarity/index';

export type { Fingerprint } from '../src/engine/fingerprint';

/**
 * Readies the matcher as a production host does at start-up: loads the verification stage when
 * the fingerprint engine has one (an exported `loadVerifier`), so that the benches measure the
 * whole production decision. Returns what was loaded, for the bench's header.
 */
export async function prepareProductionMatcher(): Promise<string> {
  const engine = (await import('../src/engine/fingerprint')) as Record<string, unknown>;
  const load = engine['loadVerifier'];
  if (typeof load !== 'function') return 'hash rule (no verification stage exported)';
  const ok = (await (load as () => Promise<boolean>)()) === true;
  // Tuning runs only (tuning half): JIUM_LOCAL_PROPOSAL='{"minFlatCells":0}' overrides the
  // local-feature proposals' settings; the header says so.
  const local = engine['LOCAL_PROPOSAL'] as Record<string, number> | undefined;
  const override = process.env['JIUM_LOCAL_PROPOSAL'];
  if (local && override) {
    Object.assign(local, JSON.parse(override) as Record<string, number>);
    return `hash rule + verification stage, local proposals ${JSON.stringify(local)} (override)`;
  }
  return ok ? 'hash rule + verification stage' : 'hash rule (verification stage failed to load)';
}

/** Fingerprints a file as a reference or as a crawled candidate. */
export async function fingerprintFile(
  file: string,
  role: 'reference' | 'candidate',
): Promise<Fingerprint> {
  return fingerprint(readFileSync(file), { role });
}

/** Fingerprints bytes as a reference or as a crawled candidate. */
export async function fingerprintBytes(
  bytes: Buffer,
  role: 'reference' | 'candidate',
): Promise<Fingerprint> {
  return fingerprint(bytes, { role });
}

/** A reference set as production loads it. */
export function newReferenceSet(): IndexedReferenceSet {
  return new IndexedReferenceSet();
}

/** The production decision for one crawled image: the matched reference id, or undefined. */
export async function productionMatch(
  set: IndexedReferenceSet,
  candidate: Fingerprint,
): Promise<{ referenceId: string | undefined; best: BestMatch }> {
  // A copy: a decision may release what the candidate carries for it (its working pixels), and
  // the benches decide the same candidate against several reference sets.
  const best = await Promise.resolve(bestMatch(set, structuredClone(candidate)));
  const matched = best.comparison.verdict === 'match' ? best.referenceId : undefined;
  return { referenceId: matched, best };
}

/** Meta's recommended PDQ threshold, for the "PDQ alone" baseline. */
export const PDQ_ALONE_THRESHOLD = 31;

/**
 * The "PDQ alone" baseline: one whole-image PDQ hash per picture (no orientations, crops or
 * rule), a match at distance <= 31 to the nearest reference, as a plain PDQ deployment would do.
 */
export class PdqAlone {
  private readonly set = new IndexedReferenceSet();

  add(id: string, fp: Fingerprint): void {
    this.set.add(id, { ...fp, variants: [{ ...upright(fp), region: 'full' }] });
  }

  match(candidate: Fingerprint): string | undefined {
    const hits = this.set.findNearest(candidate.pdq.hash, 'pdq', PDQ_ALONE_THRESHOLD);
    return hits[0]?.referenceId;
  }

  /** Distance between two fingerprints' whole-image PDQ hashes. */
  static distance(a: Fingerprint, b: Fingerprint): number {
    return hamming256(a.pdq.hash, b.pdq.hash);
  }
}

function upright(fp: Fingerprint): Fingerprint['variants'][number] {
  return (
    fp.variants.find(
      (v) => v.algo === 'pdq' && v.region === 'full' && v.transform === 'identity',
    ) ?? {
      algo: 'pdq',
      region: 'full',
      transform: 'identity',
      hash: fp.pdq.hash,
    }
  );
}
