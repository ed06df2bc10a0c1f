/**
 * Features a crawl worker computes ahead (decision 0113) are the matcher's own: byte-equal to what
 * the server computes from the same working image after it crossed the wire, and the decisions on
 * real copies (a half crop, a photo in a dark page, an 8° turn) and on unrelated
 * pictures (photographs, the fixture site's generated pictures) are the same with and without them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { demoReference, pictureJpeg } from '../../../e2e/fixture-site/images';
import { decodeFingerprint, encodeFingerprint } from '../workers/fingerprint-codec';
import { checkCandidateFeatures, withCandidateFeatures } from './candidate-features';
import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { firstLook, firstLooks } from './local-proposals';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { extractFeatures, loadVerifier } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = () => input('dih/bridge-1-original.jpg');

const set = new BruteForceReferenceSet();
/** name → image bytes: copies of the references and unrelated pictures. */
const candidates = new Map<string, Buffer>();

beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set.add('bridge', await fingerprint(bridge(), { role: 'reference' }));
  set.add('demo', await fingerprint(await demoReference(1), { role: 'reference' }));
  const m = await sharp(bridge()).metadata();
  const [w, h] = [Math.round(m.width! / 2), Math.round(m.height! / 2)];
  candidates.set(
    'half crop',
    await sharp(bridge()).extract({ left: 0, top: 0, width: w, height: h }).jpeg().toBuffer(),
  );
  const photo = await sharp(bridge()).resize(600).toBuffer();
  candidates.set(
    'dark page',
    await sharp({ create: { width: 1000, height: 900, channels: 3, background: '#18191a' } })
      .composite([{ input: photo, left: 300, top: 200 }])
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  // At an anchor no reference half crop sits on: found only by the mirrored look (decision 0024).
  const [left, top] = [Math.round((m.width! - w) * 0.2), Math.round((m.height! - h) * 0.3)];
  candidates.set(
    'mirrored half crop',
    await sharp(bridge())
      .extract({ left, top, width: w, height: h })
      .flop()
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  candidates.set(
    '8° turn',
    await sharp(bridge()).rotate(8, { background: '#ffffff' }).jpeg().toBuffer(),
  );
  for (const q of ['q0003', 'q0291', 'q1050', 'q2821'])
    candidates.set(q, input(`labelme-subset/${q}.jpg`));
  for (let i = 0; i < 12; i++) candidates.set(`picture ${i}`, await pictureJpeg(700_000 + i));
});

/** The candidate as the server reads it from a worker that computed both features ahead. */
async function fromWorker(bytes: Buffer): Promise<Fingerprint> {
  const fp = await fingerprint(bytes, { role: 'candidate' });
  await withCandidateFeatures(fp, { firstLook: true, upright: true });
  return decodeFingerprint(encodeFingerprint(fp))!;
}

describe('candidate features computed by the worker (decision 0113)', () => {
  it('are byte-equal to the features the server computes from the working image it received', async () => {
    for (const [name, bytes] of candidates) {
      const fp = await fromWorker(bytes);
      const work = fp.work!;
      const own = {
        firstLook: firstLook(work)!,
        mirrored: firstLooks(work)!.mirrored,
        upright: extractFeatures(work.grey, work.width, work.height)!,
      };
      for (const k of ['firstLook', 'mirrored', 'upright'] as const) {
        const sent = fp.local?.[k];
        expect(sent, `${name} ${k}`).toBeDefined();
        expect([sent!.width, sent!.height], `${name} ${k}`).toEqual([own[k].width, own[k].height]);
        expect(Buffer.from(sent!.points.buffer), `${name} ${k}`).toEqual(
          Buffer.from(own[k].points.buffer),
        );
        expect(Buffer.from(sent!.descriptors), `${name} ${k}`).toEqual(
          Buffer.from(own[k].descriptors),
        );
      }
    }
  });

  it('give the same decisions as the server computing its own, and are read instead', async () => {
    const verdicts: string[] = [];
    for (const [name, bytes] of candidates) {
      const own = bestMatch(set, await fingerprint(bytes, { role: 'candidate' }));
      const fp = await fromWorker(bytes);
      const reads = { firstLook: 0, mirrored: 0, upright: 0 };
      const { firstLook: f, mirrored: m, upright: u } = fp.local!;
      fp.local = {
        get firstLook() {
          reads.firstLook++;
          return f;
        },
        get mirrored() {
          reads.mirrored++;
          return m;
        },
        get upright() {
          reads.upright++;
          return u;
        },
      };
      const sent = bestMatch(set, fp);
      expect(sent, name).toEqual(own);
      verdicts.push(`${name}: ${own.comparison.verdict} ${own.comparison.algo}`);
      // Every candidate the hashes left unmatched takes the first look, from the worker's features.
      if (!/^(pdq|sha256|pixels)$/.test(own.comparison.algo) || own.comparison.verdict !== 'match')
        expect(reads.firstLook + reads.upright, name).toBeGreaterThan(0);
      // … and the mirrored look too, when the plain one verified nothing (decision 0155): the
      // server does not detect again on the mirrored picture.
      if (own.comparison.verdict !== 'match' || name === 'mirrored half crop')
        expect(reads.mirrored, name).toBeGreaterThan(0);
      expect(fp.local, `${name}: released with the pixels`).toBeUndefined();
    }
    // The copies are found (some only by the local features), the unrelated pictures are not.
    expect(verdicts.filter((v) => / match /.test(v)).sort()).toEqual(
      ['8° turn', 'dark page', 'half crop', 'mirrored half crop'].map((n) =>
        expect.stringContaining(n),
      ),
    );
  });

  it('drop a mirrored look sent alone or with more keypoints than its first look', async () => {
    const fp = await fromWorker(candidates.get('picture 0')!);
    const { firstLook: f, mirrored: m } = fp.local!;
    const work = fp.work!;
    expect(checkCandidateFeatures({ firstLook: f, mirrored: m }, work)).toBeDefined();
    expect(checkCandidateFeatures({ mirrored: m }, work)).toBeUndefined();
    const fewer = { ...f!, points: f!.points.slice(2), descriptors: f!.descriptors.slice(32) };
    expect(checkCandidateFeatures({ firstLook: fewer, mirrored: m }, work)).toBeUndefined();
  });
});
