/**
 * The fingerprint a worker proposes, with the candidate features it computed ahead (decision
 * 0113): they cross the wire byte for byte, and malformed ones from a hostile worker are dropped
 * while the rest of the fingerprint is kept; the server then computes its own and decides the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { demoReference, pictureJpeg, plantedCopy } from '../../../e2e/fixture-site/images';
import { BruteForceReferenceSet, bestMatch, fingerprint, type Features } from '../fingerprint';
import type { Fingerprint } from '../fingerprint';
import { withCandidateFeatures } from '../fingerprint/candidate-features';
import { decodeFingerprint, encodeFingerprint } from './fingerprint-codec';

let candidate: Fingerprint;
let copy: Buffer;
const set = new BruteForceReferenceSet();

beforeAll(async () => {
  const reference = await demoReference(1);
  set.add('demo', await fingerprint(reference, { role: 'reference' }));
  copy = await plantedCopy(reference, 'recompressed');
  candidate = await fingerprint(await pictureJpeg(700_003), { role: 'candidate' });
  await withCandidateFeatures(candidate, { firstLook: true, upright: true });
});

/** The candidate's JSON with `local` replaced by what a hostile worker could send. */
function sentWith(local: (f: { firstLook: Features; upright: Features }) => unknown): string {
  const json = JSON.parse(encodeFingerprint(candidate)) as Record<string, unknown>;
  const own = candidate.local as { firstLook: Features; upright: Features };
  const forged = local({
    firstLook: { ...own.firstLook, points: own.firstLook.points.slice() },
    upright: { ...own.upright, points: own.upright.points.slice() },
  });
  json['local'] = JSON.parse(encodeFingerprint({ ...candidate, local: forged as never }))['local'];
  return JSON.stringify(json);
}

const b64 = (bytes: Uint8Array) => ({ $b64: Buffer.from(bytes).toString('base64') });

describe('the fingerprint codec carries candidate features (decision 0113)', () => {
  it('round-trips them byte for byte with the rest of the fingerprint', () => {
    const fp = decodeFingerprint(encodeFingerprint(candidate))!;
    expect(fp).toEqual(candidate);
    expect(fp.local!.firstLook!.points).toBeInstanceOf(Float32Array);
    expect(fp.local!.upright!.descriptors.length).toBe(
      (candidate.local!.upright!.points.length / 2) * 32,
    );
  });

  it('drops malformed features and keeps the fingerprint; the server decides the same', async () => {
    const forgeries: [string, string][] = [
      ['another size', sentWith((f) => ({ firstLook: { ...f.firstLook, width: 300 } }))],
      [
        'a point outside the image',
        sentWith((f) => {
          f.upright.points[0] = f.upright.width + 1;
          return f;
        }),
      ],
      [
        'a point not a number',
        sentWith((f) => {
          f.firstLook.points[1] = NaN;
          return f;
        }),
      ],
      [
        'more keypoints than the matcher extracts',
        sentWith((f) => {
          const n = 301;
          return {
            firstLook: {
              ...f.firstLook,
              points: new Float32Array(2 * n),
              descriptors: new Uint8Array(32 * n),
            },
          };
        }),
      ],
    ];
    const plain = JSON.parse(encodeFingerprint(candidate)) as Record<string, unknown>;
    const raw = (local: unknown) => JSON.stringify({ ...plain, local });
    const upright = JSON.parse(encodeFingerprint(candidate))['local']['upright'] as {
      $b64: string;
    };
    const truncated = Buffer.from(upright.$b64, 'base64').subarray(0, 100);
    forgeries.push(
      ['truncated bytes', raw({ upright: b64(truncated) })],
      ['not bytes', raw({ firstLook: 'ORB', upright: 42 })],
      ['bytes of another format', raw({ firstLook: b64(new Uint8Array(64)) })],
      ['one good, one bad', raw({ ...(plain['local'] as object), upright: b64(truncated) })],
      ['no working image', JSON.stringify({ ...plain, work: undefined })],
    );
    const own = bestMatch(set, decodeFingerprint(encodeFingerprint({ ...candidate, local: {} }))!);
    for (const [name, text] of forgeries) {
      const fp = decodeFingerprint(text);
      expect(fp, name).not.toBeNull();
      expect(fp!.local, name).toBeUndefined();
      expect(fp!.sha256, name).toBe(candidate.sha256);
      if (fp!.work) expect(bestMatch(set, fp!), name).toEqual(own);
    }
    // The planted copy is still found through a forged fingerprint's own features.
    const planted = await fingerprint(copy, { role: 'candidate' });
    await withCandidateFeatures(planted);
    const forged = JSON.parse(encodeFingerprint(planted)) as Record<string, unknown>;
    const fp = decodeFingerprint(JSON.stringify({ ...forged, local: { firstLook: 'x' } }))!;
    expect(bestMatch(set, fp).comparison.verdict).toBe('match');
  });
});
