/**
 * Dark references through the whole path: registered with images.add (which says why copies may
 * be hard to find), loaded by the crawler's loadReferences from the case file, and matched by the
 * shared decision (bestMatch) — a lossless copy at distance 0, a recompressed copy under the
 * stricter rule. Real SQLite file, real engine, real photographs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { bestMatch, fingerprint } from '../fingerprint';
import { vectorsDir } from '../fingerprint/test-support';
import { appCapture } from '../fingerprint/test-app-capture';
import { loadReferences } from './reference-index';

const photo = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const consent = { searchWeb: true, fileTakedowns: true, storage: 'originals' as const };
const identity = { name: 'Test Person', contact: '', notes: '' };

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

// Registering three references through the real engine is slow on a loaded machine.
describe('dark references in the case file', { timeout: 120_000 }, () => {
  it('are registered with a reason and found by the crawler’s decision', async () => {
    const c = await t.ok('counsellor', 'cases.create', { identity, consent });
    const dark = await sharp(photo('dih/bridge-1-original.jpg'))
      .resize(900)
      .gamma(2.2, 1)
      .linear(0.05, 2)
      .jpeg({ quality: 88 })
      .toBuffer();
    const flat = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#0c0c10' },
    })
      .png()
      .toBuffer();
    const added = [];
    for (const [fileName, bytes] of [
      ['dark.jpg', dark],
      ['flat.png', flat],
      ['normal.jpg', photo('labelme-subset/q0291.jpg')],
    ] as const) {
      const r = await t.ok('counsellor', 'images.add', {
        caseId: c.id,
        fileName,
        data: bytes.toString('base64'),
      });
      if (r.status !== 'added') throw new Error(`not added: ${r.status}`);
      added.push(r.image);
    }
    expect(added.map((i) => [i.lowQuality, i.hardToFind])).toEqual([
      [true, 'low-contrast'],
      [true, 'flat'],
      [false, null],
    ]);
    // A page with a picture inside it (a screenshot of a post): that picture on its own may be
    // missed, and the counsellor is told so; the listing says the same as the registration.
    const page = await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: 'post.jpg',
      data: (await appCapture(photo('labelme-subset/q0746.jpg'))).toString('base64'),
    });
    if (page.status !== 'added') throw new Error(`not added: ${page.status}`);
    expect([page.image.lowQuality, page.image.hardToFind]).toEqual([false, 'inner-picture']);
    const listed = await t.ok('counsellor', 'cases.get', { caseId: c.id });
    expect(listed.images.map((i) => i.hardToFind)).toEqual([
      'low-contrast',
      'flat',
      null,
      'inner-picture',
    ]);

    const refs = loadReferences(t.engine.db);
    const copy = async (bytes: Buffer) =>
      bestMatch(refs, await fingerprint(bytes, { role: 'candidate' }));
    const png = await copy(await sharp(dark).png().toBuffer());
    expect(png.referenceId).toBe(String(added[0]!.id));
    expect(png.comparison).toMatchObject({ verdict: 'match', distance: 0 });
    const q60 = await copy(await sharp(dark).jpeg({ quality: 60 }).toBuffer());
    expect(q60.referenceId).toBe(String(added[0]!.id));
    expect(q60.comparison.verdict).toBe('match');
    const flatCopy = await copy(await sharp(flat).png({ compressionLevel: 2 }).toBuffer());
    expect(flatCopy.referenceId).toBe(String(added[1]!.id));
    expect(flatCopy.comparison).toMatchObject({ verdict: 'match', algo: 'pixels' });
  });
});
