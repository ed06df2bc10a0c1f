import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { noiseJpeg, rawFiles, startTestEngine, withUsers, type TestEngine } from './test-support';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const consent = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };

describe('removing one reference image', () => {
  it('leaves no copy of its sealed original or hashes in the case file, and is audited', async () => {
    const c = await t.ok('counsellor', 'cases.create', {
      identity: { name: 'Kim', contact: '', notes: '' },
      consent,
    });
    const keep = await noiseJpeg(11);
    const drop = await noiseJpeg(12);
    await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'keep.jpg',
      data: keep.toString('base64'),
    });
    const added = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'drop.jpg',
      data: drop.toString('base64'),
    });
    if (added.status !== 'added') throw new Error('not added');
    const imageId = added.image.id;
    const sealed = t.engine.db
      .prepare('SELECT sealed FROM reference_originals WHERE image_id = ?')
      .get(imageId) as { sealed: Buffer };
    // A slice of the ciphertext, and the perceptual hash, as they sit in the file now.
    const cipher = sealed.sealed.subarray(100, 164);
    expect((await rawFiles(t.path)).includes(cipher)).toBe(true);

    for (const role of ['admin', 'monitor', 'staff']) {
      expect(await t.err(role, 'images.remove', { imageId })).toBe('forbidden');
    }
    expect(await t.ok('counsellor', 'images.remove', { imageId })).toBeNull();
    expect(await t.err('counsellor', 'images.remove', { imageId })).toBe('not-found');

    const raw = await rawFiles(t.path);
    expect(raw.includes(cipher)).toBe(false);
    expect(raw.includes(Buffer.from(added.image.pdq!))).toBe(false);
    const left = await t.ok('monitor', 'cases.get', { caseId: c.id });
    expect(left.images.map((i) => i.id)).not.toContain(imageId);
    expect(left.images).toHaveLength(1);
    const hashes = t.engine.db
      .prepare('SELECT COUNT(*) AS n FROM reference_hashes WHERE image_id = ?')
      .get(imageId) as { n: number };
    expect(hashes.n).toBe(0);
    const entry = listAudit(t.engine.db, { limit: 5 }).find((a) => a.action === 'images.remove');
    expect(entry).toMatchObject({ recordType: 'image', recordId: String(imageId) });
    expect(entry!.details).toMatchObject({ case: c.code, hadOriginal: true });

    // The same picture can be added again: nothing stale claims it is already there.
    const again = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'drop.jpg',
      data: drop.toString('base64'),
    });
    expect(again.status).toBe('added');
  });
});
