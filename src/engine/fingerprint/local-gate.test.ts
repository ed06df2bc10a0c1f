/**
 * The full look's ratio-test gate (decision 0023, off by default): a night sky's stars are FAST
 * corners whose descriptors look alike, so another night sky gives a star-field reference many
 * first-look votes — enough to pass the vote gate — but hardly any ratio-test matches. With the
 * gate on, such a candidate does not pay the full look (ORB at 512 px and two more
 * verifications); a copy of the reference is still found either way.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { firstLook, LOCAL_PROPOSAL, localProposals, pageLike } from './local-proposals';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { DEFAULT_RULE } from './compare';
import { extractFeatures, loadVerifier } from './verify';

/** A 640 x 480 black sky with `n` stars (300: a sparse field, ~100 look-alike votes) of 1-3 px (seeded), JPEG. */
async function sky(seed: number, n: number): Promise<Buffer> {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const [w, h] = [640, 480];
  const px = Buffer.alloc(w * h);
  for (let k = 0; k < n; k++) {
    const size = 1 + Math.floor(rand() * 3);
    const x = Math.floor(rand() * (w - size));
    const y = Math.floor(rand() * (h - size));
    const v = 80 + Math.floor(rand() * 175);
    for (let dy = 0; dy < size; dy++) px.fill(v, (y + dy) * w + x, (y + dy) * w + x + size);
  }
  return sharp(px, { raw: { width: w, height: h, channels: 1 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

let set: BruteForceReferenceSet;
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set = new BruteForceReferenceSet();
  set.add('sky', await fingerprint(await sky(1, 300), { role: 'reference' }));
});

/** The first look's top votes, and whether the full look ran, for one candidate. */
function look(cand: Fingerprint): { top: number; fullLook: boolean; found?: string } {
  const work = cand.work!;
  const glance = firstLook(work)!;
  const top = set.descriptors.votes(glance, 1)[0]?.votes ?? 0;
  let fullLook = false;
  const full = () => {
    fullLook = true;
    return extractFeatures(work.grey, work.width, work.height);
  };
  const found = localProposals(set, cand, work, full, new Set(), DEFAULT_RULE)?.referenceId;
  return { top, fullLook, found };
}

describe('the full look', () => {
  /** Runs `fn` with the ratio-test gate at `matches` (decision 0023: off by default). */
  function withGate<T>(matches: number, fn: () => T): T {
    const kept = LOCAL_PROPOSAL.fullLookMatches;
    LOCAL_PROPOSAL.fullLookMatches = matches;
    try {
      return fn();
    } finally {
      LOCAL_PROPOSAL.fullLookMatches = kept;
    }
  }

  it('with the ratio-test gate on, is not paid for by another night sky whose votes are look-alikes', async () => {
    const other = await fingerprint(await sky(3, 300), { role: 'candidate' });
    expect(pageLike(other.work!)).toBe(true);
    const r = withGate(16, () => look(other));
    // The vote gate alone would send it to the full look …
    expect(r.top).toBeGreaterThanOrEqual(LOCAL_PROPOSAL.fullLookVotes);
    // … the ratio test of the first look does not.
    expect(r.fullLook).toBe(false);
    expect(r.found).toBeUndefined();
    // The gate is off by default (it lost held-out copies): then the full look is paid, and
    // still finds nothing.
    expect(LOCAL_PROPOSAL.fullLookMatches).toBe(0);
    const paid = look(other);
    expect(paid.fullLook).toBe(true);
    expect(paid.found).toBeUndefined();
  });

  it('still finds a copy of the night sky', async () => {
    const copy = await sharp(await sky(1, 300))
      .resize(480)
      .jpeg({ quality: 70 })
      .toBuffer();
    const best = bestMatch(set, await fingerprint(copy, { role: 'candidate' }));
    expect(best.referenceId).toBe('sky');
    expect(best.comparison.verdict).toBe('match');
  });
});
