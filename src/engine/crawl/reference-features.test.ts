/**
 * The crawler decides as `jium match` does (issue 13 item 7, decision 0017): a reference
 * registered through images.add keeps its ORB features sealed with the case key; the crawl's
 * loader opens them with the case keys it is given and the shared decision (bestMatch) verifies
 * weak hash agreement exactly as it does for references fingerprinted from files. References
 * registered before features were stored get them from their sealed original; hash-only ones keep
 * the hash rule. Real case file, real engine, real photographs, real OpenCV.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import type { HandlerContext } from '../core/context';
import { storeFeatures } from '../cases/reference-features';
import {
  BruteForceReferenceSet,
  bestMatch,
  encodeFeatures,
  FEATURES_KIND,
  fingerprint,
} from '../fingerprint';
import { appCapture } from '../fingerprint/test-app-capture';
import { vectorsDir } from '../fingerprint/test-support';
import { evidenceKeys } from './crawl-manager';
import { loadCrawlReferences, loadReferences } from './reference-index';

const photo = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = () => photo('dih/bridge-1-original.jpg');
const identity = { name: 'Test Person', contact: '', notes: '' };
const consent = (storage: 'originals' | 'hashes-only') => ({
  searchWeb: true,
  fileTakedowns: true,
  storage,
});

let t: TestEngine;
let keys: () => Map<number, Buffer>;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  const vault = (t.engine as unknown as { vault: HandlerContext['vault'] }).vault;
  keys = () => evidenceKeys({ db: t.engine.db, vault });
});
afterEach(() => t.close());

async function register(storage: 'originals' | 'hashes-only', bytes: Buffer): Promise<number> {
  const c = await t.ok('counsellor', 'cases.create', { identity, consent: consent(storage) });
  const r = await t.ok('counsellor', 'images.add', {
    caseId: c.id,
    fileName: 'bridge.jpg',
    data: bytes.toString('base64'),
  });
  if (r.status !== 'added') throw new Error(`not added: ${r.status}`);
  return r.image.id;
}

/** Turned by 8 degrees: past the reference's tilt variants, so the hashes only propose. */
const turned = () => sharp(bridge()).rotate(8, { background: '#ffffff' }).jpeg().toBuffer();

const featureRows = () =>
  t.engine.db.prepare('SELECT image_id, kind, sealed FROM reference_features').all() as {
    image_id: number;
    kind: string;
    sealed: Buffer;
  }[];

// Real engines and OpenCV on a shared 2-core machine: registration and decoding take their time.
describe('reference features in the case file', { timeout: 120_000 }, () => {
  it('are sealed at registration and make the crawl decide as jium match does', async () => {
    const id = await register('originals', bridge());
    const rows = featureRows();
    expect(rows).toEqual([{ image_id: id, kind: FEATURES_KIND, sealed: expect.any(Buffer) }]);

    const fromFile = await fingerprint(bridge(), { role: 'reference' });
    // Sealed: none of the plain descriptors' bytes appear in the stored value.
    const plain = Buffer.from(fromFile.features!.descriptors.subarray(0, 64));
    expect(rows[0]!.sealed.includes(plain)).toBe(false);

    // Without the case key the crawl has hashes only; with it, the same features as from the file.
    expect(loadReferences(t.engine.db).get(String(id))!.features).toBeUndefined();
    const refs = await loadCrawlReferences(t.engine.db, keys());
    expect(refs.withFeatures).toBe(1);
    expect(refs.get(String(id))!.features).toEqual(fromFile.features);

    const bytes = await turned();
    const viaCaseFile = bestMatch(refs, await fingerprint(bytes, { role: 'candidate' }));
    const files = new BruteForceReferenceSet();
    files.add(String(id), fromFile);
    const viaFiles = bestMatch(files, await fingerprint(bytes, { role: 'candidate' }));
    expect(viaCaseFile.referenceId).toBe(String(id));
    expect(viaCaseFile.comparison.algo).toMatch(/verified/);
    expect(viaCaseFile).toEqual(viaFiles);
  });

  it('are computed from the sealed original for images registered before they were stored', async () => {
    const id = await register('originals', bridge());
    const before = featureRows()[0]!;
    t.engine.db.prepare('DELETE FROM reference_features').run();

    const refs = await loadCrawlReferences(t.engine.db, keys());
    const after = featureRows();
    expect(after.map((r) => [r.image_id, r.kind])).toEqual([[id, FEATURES_KIND]]);
    expect(after[0]!.sealed.equals(before.sealed)).toBe(false); // a fresh seal …
    const fromFile = await fingerprint(bridge(), { role: 'reference' });
    expect(refs.get(String(id))!.features).toEqual(fromFile.features); // … of the same features
  });

  it('hash-only images registered before features were stored keep the hash rule', async () => {
    const id = await register('hashes-only', bridge());
    expect(featureRows()).toHaveLength(1); // registered now: features are kept like hashes
    t.engine.db.prepare('DELETE FROM reference_features').run();
    const refs = await loadCrawlReferences(t.engine.db, keys());
    expect(featureRows()).toHaveLength(0); // no original to compute them from
    expect(refs.withFeatures).toBe(0);
    const best = bestMatch(refs, await fingerprint(await turned(), { role: 'candidate' }));
    expect(best.comparison.algo).not.toMatch(/verified/);
    expect(best.comparison.verification).toBeUndefined();
    expect(best.referenceId === undefined || best.referenceId === String(id)).toBe(true);
  });

  // Format 2 adds the picture located in a reference that is itself a page (page-chrome.ts), and
  // format 3 (kind orb512-v3) that picture's own keypoints (picture-features.ts).
  it('of the earlier kind are read, and replaced where the original is kept', async () => {
    const page = await appCapture(photo('labelme-subset/q0746.jpg'));
    const kept = await register('originals', page);
    const hashOnly = await register('hashes-only', page);
    const fromFile = await fingerprint(page, { role: 'reference' });
    expect(fromFile.features!.picture).toHaveLength(4);
    const own = fromFile.features!.pageKeypoints!;
    expect(own).toBeLessThan(fromFile.features!.points.length / 2);
    // Both rows rewritten as the first version stored them: format 1, the page's keypoints only.
    const plain = {
      width: fromFile.features!.width,
      height: fromFile.features!.height,
      points: fromFile.features!.points.slice(0, 2 * own),
      descriptors: fromFile.features!.descriptors.slice(0, 32 * own),
    };
    for (const id of [kept, hashOnly]) {
      const image = t.engine.db
        .prepare('SELECT case_id, sha256 FROM reference_images WHERE id = ?')
        .get(id) as { case_id: number; sha256: string };
      const key = keys().get(image.case_id)!;
      const earlier = encodeFeatures(plain);
      const ref = { imageId: id, caseId: image.case_id, sha256: image.sha256 };
      storeFeatures(t.engine.db, key, ref, earlier);
      t.engine.db
        .prepare("UPDATE reference_features SET kind = 'orb512-v1' WHERE image_id = ?")
        .run(id);
    }
    const refs = await loadCrawlReferences(t.engine.db, keys());
    expect(refs.withFeatures).toBe(2);
    // The kept original gave its features again, picture and all; the hash-only image keeps the
    // earlier row, read as it is.
    expect(featureRows().map((r) => [r.image_id, r.kind])).toEqual([
      [kept, FEATURES_KIND],
      [hashOnly, 'orb512-v1'],
    ]);
    expect(refs.get(String(kept))!.features).toEqual(fromFile.features);
    expect(refs.get(String(hashOnly))!.features).toEqual(plain);
  });

  it('go with the image and with the case', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent: consent('originals') });
    const r = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'bridge.jpg',
      data: bridge().toString('base64'),
    });
    if (r.status !== 'added') throw new Error('not added');
    await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'other.jpg',
      data: photo('labelme-subset/q0291.jpg').toString('base64'),
    });
    expect(featureRows()).toHaveLength(2);
    await t.ok('counsellor', 'images.remove', { imageId: r.image.id });
    expect(featureRows()).toHaveLength(1);
  });
});
