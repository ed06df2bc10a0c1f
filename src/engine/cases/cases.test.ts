import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { noiseJpeg, rawFiles, startTestEngine, withUsers, type TestEngine } from './test-support';

const identity = {
  name: 'Victim Hong Gildong 홍길동',
  contact: '010-9876-5432',
  notes: 'Prefers calls after 18:00',
};
const consent = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const b64 = (b: Buffer) => b.toString('base64');

describe('cases', () => {
  it('gives sequential pseudonymous codes and shows identity to counsellors only', async () => {
    const a = await t.ok('counsellor', 'cases.create', { identity, consent });
    const b = await t.ok('counsellor', 'cases.create', {
      identity: { ...identity, name: 'Someone Else' },
      consent,
    });
    expect([a.code, b.code]).toEqual(['C-2026-0001', 'C-2026-0002']);
    expect(a.assignedTo?.displayName).toBe('counsellor one');
    expect(a.consent).toMatchObject({
      searchWeb: true,
      recordedBy: { displayName: 'counsellor one' },
    });

    for (const role of ['monitor', 'staff', 'admin']) {
      const list = await t.ok(role, 'cases.list', {});
      expect(list.map((c) => c.code)).toEqual(['C-2026-0002', 'C-2026-0001']);
      const detail = await t.ok(role, 'cases.get', { caseId: a.id });
      expect(JSON.stringify([list, detail])).not.toMatch(/Hong|홍길동|9876/);
      expect(await t.err(role, 'cases.private', { caseId: a.id })).toBe('forbidden');
      // Searching by name finds nothing for roles that may not know names.
      expect(await t.ok(role, 'cases.list', { query: 'hong' })).toEqual([]);
    }
    const mine = await t.ok('counsellor', 'cases.private', { caseId: a.id });
    expect(mine.identity).toEqual(identity);
    expect(
      (await t.ok('counsellor', 'cases.list', { query: 'gildong' })).map((c) => c.code),
    ).toEqual(['C-2026-0001']);
    const reads = listAudit(t.engine.db, { limit: 10, action: 'cases.private' });
    expect(reads[0]).toMatchObject({ actor: 'counsellor', recordId: 'C-2026-0001' });
    expect(JSON.stringify(listAudit(t.engine.db, { limit: 100 }))).not.toMatch(/Hong|홍길동|9876/);
  });

  it('records consent, status, assignment and a sealed timeline', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent });
    const changed = await t.ok('counsellor', 'cases.setConsent', {
      caseId: c.id,
      consent: { searchWeb: true, fileTakedowns: false, storage: 'hashes-only' },
    });
    expect(changed.consent).toMatchObject({ fileTakedowns: false, storage: 'hashes-only' });
    expect(
      (await t.ok('admin', 'cases.setStatus', { caseId: c.id, status: 'monitoring' })).status,
    ).toBe('monitoring');
    expect(await t.err('monitor', 'cases.setStatus', { caseId: c.id, status: 'closed' })).toBe(
      'forbidden',
    );
    expect(await t.err('counsellor', 'cases.assign', { caseId: c.id, counsellorId: 1 })).toBe(
      'validation',
    );
    await t.ok('counsellor', 'cases.addTimeline', {
      caseId: c.id,
      text: 'Called Hong: agreed to search.',
    });
    const p = await t.ok('counsellor', 'cases.private', { caseId: c.id });
    expect(p.timeline).toEqual([
      expect.objectContaining({ text: 'Called Hong: agreed to search.' }),
    ]);
    const raw = await rawFiles(t.path);
    expect(raw.includes(Buffer.from('agreed to search'))).toBe(false);
  });
});

describe('reference images', () => {
  it('adds images, explains bad files and detects the same image in one or two cases', async () => {
    const a = await t.ok('counsellor', 'cases.create', { identity, consent });
    const b = await t.ok('counsellor', 'cases.create', { identity, consent });
    const img = await noiseJpeg(1);
    const added = await t.ok('counsellor', 'images.add', {
      caseId: a.id,
      fileName: 'hong.jpg',
      data: b64(img),
    });
    expect(added).toMatchObject({
      status: 'added',
      image: { width: 320, height: 240, hasOriginal: true },
    });
    if (added.status !== 'added') return;
    expect(added.image.pdq).toMatch(/^[0-9a-f]{64}$/);
    const again = await t.ok('counsellor', 'images.add', {
      caseId: a.id,
      fileName: 'x.jpg',
      data: b64(img),
    });
    expect(again).toMatchObject({
      status: 'duplicate',
      caseCode: 'C-2026-0001',
      message: expect.stringMatching(/C-2026-0001/),
    });
    const other = await t.ok('counsellor', 'images.add', {
      caseId: b.id,
      fileName: 'y.jpg',
      data: b64(img),
    });
    expect(other).toMatchObject({ status: 'added', image: { alsoIn: ['C-2026-0001'] } });

    const truncated = img.subarray(0, Math.floor(img.length / 2));
    const bad = await t.ok('counsellor', 'images.add', {
      caseId: a.id,
      fileName: 't.jpg',
      data: b64(truncated),
    });
    expect(bad).toMatchObject({ status: 'rejected', code: 'truncated' });
    const junk = await t.ok('counsellor', 'images.add', {
      caseId: a.id,
      fileName: 'j.jpg',
      data: b64(Buffer.from('<html>not an image</html>')),
    });
    expect(junk).toMatchObject({ status: 'rejected', code: 'not-an-image' });
    expect(
      await t.err('monitor', 'images.add', { caseId: a.id, fileName: 'm.jpg', data: b64(img) }),
    ).toBe('forbidden');
    const detail = await t.ok('monitor', 'cases.get', { caseId: a.id });
    expect(detail.images).toHaveLength(1);
    expect(detail.images[0]!.alsoIn).toEqual(['C-2026-0002']);
  });

  it('shows blurred metadata-free thumbnails; reveal is for counsellors and audited', async () => {
    const sharp = (await import('sharp')).default;
    const c = await t.ok('counsellor', 'cases.create', { identity, consent });
    const withExif = await sharp(await noiseJpeg(2))
      .withExif({ IFD0: { Artist: 'Hong Gildong', Copyright: 'GPS 37.56N 126.97E' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();
    const r = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'e.jpg',
      data: b64(withExif),
    });
    if (r.status !== 'added') throw new Error('not added');
    const thumb = await t.ok('monitor', 'images.thumbnail', { imageId: r.image.id });
    const bytes = Buffer.from(thumb!.dataUrl.split(',')[1]!, 'base64');
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('Hong Gildong'))).toBe(false);
    expect(await t.err('monitor', 'images.reveal', { imageId: r.image.id })).toBe('forbidden');
    expect(await t.err('staff', 'images.thumbnail', { imageId: r.image.id })).toBe('forbidden');
    const revealed = await t.ok('counsellor', 'images.reveal', { imageId: r.image.id });
    expect(revealed!.revealed).toBe(true);
    const rb = Buffer.from(revealed!.dataUrl.split(',')[1]!, 'base64');
    expect((await sharp(rb).metadata()).exif).toBeUndefined();
    // Blurred greyscale: the thumbnail's channels carry (almost) no colour and little detail.
    const stats = await sharp(bytes).stats();
    expect(stats.channels.length === 1 || stats.isOpaque).toBe(true);
    expect(listAudit(t.engine.db, { limit: 1 })[0]).toMatchObject({
      action: 'images.reveal',
      details: { case: c.code },
    });
  });

  it('shows an image’s file name and date added to counsellors only, audited', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent });
    const r = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'hong-gildong-beach.jpg',
      data: b64(await noiseJpeg(7)),
    });
    if (r.status !== 'added') throw new Error('not added');
    expect(r.image.fileName).toBe('hong-gildong-beach.jpg');
    expect(r.image.addedAt).toBe('2026-11-22T09:00:00.000Z');
    const mine = await t.ok('counsellor', 'cases.get', { caseId: c.id });
    expect(mine.images[0]).toMatchObject({
      fileName: 'hong-gildong-beach.jpg',
      addedAt: '2026-11-22T09:00:00.000Z',
    });
    expect(listAudit(t.engine.db, { limit: 1 })[0]).toMatchObject({
      action: 'images.names.read',
      recordId: c.code,
      details: { images: 1 },
    });
    for (const role of ['monitor', 'admin'] as const) {
      const theirs = await t.ok(role, 'cases.get', { caseId: c.id });
      expect(theirs.images[0]!.fileName).toBeNull();
      expect(theirs.images[0]!.addedAt).toBe('2026-11-22T09:00:00.000Z');
      expect(JSON.stringify(theirs)).not.toContain('gildong-beach');
    }
  });

  it('keeps hashes only when consent says so', async () => {
    const c = await t.ok('counsellor', 'cases.create', {
      identity,
      consent: { ...consent, storage: 'hashes-only' },
    });
    const img = await noiseJpeg(3);
    const r = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'h.jpg',
      data: b64(img),
    });
    expect(r).toMatchObject({ status: 'added', image: { hasOriginal: false } });
    if (r.status !== 'added') return;
    expect(await t.ok('counsellor', 'images.thumbnail', { imageId: r.image.id })).toBeNull();
    const n = t.engine.db.prepare('SELECT count(*) AS n FROM reference_originals').get() as {
      n: number;
    };
    expect(n.n).toBe(0);
  });
});

describe('crypto-shredding', () => {
  it('never stores identity or originals in plaintext, and leaves no key after deletion', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent });
    const img = await noiseJpeg(4, 640, 480);
    await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'Hong_Gildong_1.jpg',
      data: b64(img),
    });
    await t.ok('counsellor', 'cases.addTimeline', { caseId: c.id, text: 'first call' });
    const needles = {
      name: Buffer.from('Hong Gildong'),
      hangul: Buffer.from('홍길동'),
      contact: Buffer.from('010-9876-5432'),
      fileName: Buffer.from('Hong_Gildong_1'),
      // Slices from the middle of the JPEG's entropy-coded data: the original's own bytes.
      original1: img.subarray(1000, 1064),
      original2: img.subarray(img.length - 600, img.length - 536),
    };
    const wrapped = (
      t.engine.db.prepare('SELECT wrapped_key FROM case_keys').get() as { wrapped_key: Buffer }
    ).wrapped_key;
    const sealedOriginal = (
      t.engine.db.prepare('SELECT sealed FROM reference_originals').get() as { sealed: Buffer }
    ).sealed;
    t.engine.db.pragma('wal_checkpoint(PASSIVE)');
    let raw = await rawFiles(t.path);
    for (const [what, bytes] of Object.entries(needles))
      expect(raw.includes(bytes), what).toBe(false);
    expect(raw.includes(wrapped.subarray(13, 61))).toBe(true); // the scan does see stored bytes

    expect(await t.err('monitor', 'cases.delete', { caseId: c.id, confirmCode: c.code })).toBe(
      'forbidden',
    );
    expect(
      await t.err('counsellor', 'cases.delete', { caseId: c.id, confirmCode: 'C-2026-9999' }),
    ).toBe('validation');
    await t.ok('counsellor', 'cases.delete', { caseId: c.id, confirmCode: c.code });

    raw = await rawFiles(t.path);
    for (const [what, bytes] of Object.entries(needles))
      expect(raw.includes(bytes), what).toBe(false);
    expect(raw.includes(wrapped.subarray(13, 61)), 'wrapped case key').toBe(false);
    expect(raw.includes(sealedOriginal.subarray(100, 164)), 'sealed original').toBe(false);
    for (const table of [
      'cases',
      'case_keys',
      'case_timeline',
      'reference_images',
      'reference_hashes',
      'reference_originals',
    ])
      expect(t.engine.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({
        n: 0,
      });
    expect(await t.err('monitor', 'cases.get', { caseId: c.id })).toBe('not-found');
    const last = listAudit(t.engine.db, { limit: 1 })[0];
    expect(last).toMatchObject({
      action: 'cases.delete',
      recordId: 'C-2026-0001',
      details: { images: 1 },
    });
    expect(await t.ok('admin', 'audit.verify', {})).toMatchObject({ ok: true });
    // The next case never reuses the deleted case's code.
    expect((await t.ok('counsellor', 'cases.create', { identity, consent })).code).toBe(
      'C-2026-0002',
    );
  });
});
