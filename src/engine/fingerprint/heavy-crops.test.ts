/**
 * Heavy crops with few votes (issue 13, decision 0161): a half crop of a real photograph (PDQ
 * vectors, re-encoded as JPEG) at an anchor no reference half-crop hash sits on, whose first look
 * gives its reference fewer votes than the gate, is still verified because its votes agree in
 * position (one similarity carries them from the reference's keypoints to the crop's), and found;
 * an unrelated photograph that gives a reference as many votes, scattered, is not verified.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import { firstLooks, LOCAL_PROPOSAL } from './local-proposals';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier, verifyPair } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const references = ['q0003', 'q0004', 'q0122', 'q0291', 'q0746', 'q1050', 'q2821'];

const set = new BruteForceReferenceSet();
const saved = { ...LOCAL_PROPOSAL };
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  for (const r of references)
    set.add(r, await fingerprint(input(`labelme-subset/${r}.jpg`), { role: 'reference' }));
});
afterEach(() => Object.assign(LOCAL_PROPOSAL, saved));

/** Half of each side of `file` from (ax, ay), as fractions of the free room, as a JPEG. */
async function halfCrop(file: string, ax: number, ay: number): Promise<Buffer> {
  const m = await sharp(input(file)).metadata();
  const [W, H] = [m.width!, m.height!];
  const [w, h] = [Math.round(W / 2), Math.round(H / 2)];
  return sharp(input(file))
    .extract({ left: Math.round((W - w) * ax), top: Math.round((H - h) * ay), width: w, height: h })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** The candidate, its first look and that look's votes for `referenceId` (with the check). */
async function look(bytes: Buffer, referenceId: string) {
  const candidate = await fingerprint(bytes, { role: 'candidate' });
  const glance = firstLooks(candidate.work!)!.plain;
  const window = { from: LOCAL_PROPOSAL.agreeFrom, below: LOCAL_PROPOSAL.firstLookVotes };
  const votes = set.descriptors!.votes(glance, 1, undefined, window);
  return { candidate, glance, voted: votes.find((v) => v.referenceId === referenceId)! };
}

describe('votes that agree in position', () => {
  it('verify a half crop under the vote gate', async () => {
    const { candidate, voted } = await look(
      await halfCrop('labelme-subset/q1050.jpg', 0.9, 0.9),
      'q1050',
    );
    // Under the gate, but most of its votes land where one similarity puts them.
    expect(voted.votes).toBeLessThan(LOCAL_PROPOSAL.firstLookVotes);
    expect(voted.votes).toBeGreaterThanOrEqual(LOCAL_PROPOSAL.agreeFrom);
    expect(voted.agreeing).toBeGreaterThanOrEqual(LOCAL_PROPOSAL.agreeing);
    const found = bestMatch(set, structuredClone(candidate));
    expect(found.comparison.verdict).toBe('match');
    expect(found.referenceId).toBe('q1050');
    expect(found.comparison.algo).toBe('verified');
    // Votes alone (the gate of 24) never looked at it.
    LOCAL_PROPOSAL.agreeFrom = 0;
    expect(bestMatch(set, structuredClone(candidate)).comparison.verdict).not.toBe('match');
  });

  it('leave an unrelated picture with as many votes unverified', async () => {
    // The bridge is no reference here: its top-left half crop gives q0004 (a street) as many votes
    // as the crop above has, in no common arrangement.
    const bytes = await halfCrop('dih/bridge-1-original.jpg', 0, 0);
    const { candidate, glance, voted } = await look(bytes, 'q0004');
    expect(voted.votes).toBeGreaterThanOrEqual(LOCAL_PROPOSAL.agreeFrom + 4);
    expect(voted.votes).toBeLessThan(LOCAL_PROPOSAL.firstLookVotes);
    expect(voted.agreeing).toBeLessThan(LOCAL_PROPOSAL.agreeing);
    expect(verifyPair(set.get('q0004')!.features!, glance).verified).toBe(false);
    expect(bestMatch(set, structuredClone(candidate)).comparison.verdict).not.toBe('match');
  });
});
