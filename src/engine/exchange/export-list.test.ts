/**
 * The exported PDQ is the exchange hash (decision 0015), through the contract method the Exports
 * page calls: for confirmed images larger than 512 px or with alpha it differs from the crawler's
 * working-copy hash, and for python-threatexchange's own test file it equals that tool's value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { exchangePdq, fingerprint, sha256Hex } from '../fingerprint';
import { readVectors, vectorsDir } from '../fingerprint/test-support';
import { caseWithReference, seedCaseMatches, type SeedTarget } from '../review/test-support';

let t: TestEngine;
let target: SeedTarget;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  target = await caseWithReference(t);
});
afterEach(() => t.close());

/** Records confirmed crawl matches as the crawler and a reviewer would, hashes included. */
async function confirmed(images: { bytes: Buffer; seal: boolean }[]) {
  const db = t.engine.db;
  seedCaseMatches(
    t,
    target,
    images.map((im, i) => ({
      pageUrl: `https://a.example/p/${i}`,
      image: im.bytes,
      seal: im.seal,
    })),
  );
  for (const im of images) {
    const fp = await fingerprint(im.bytes, { role: 'candidate' });
    db.prepare(
      `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at,
         pdq_quality) VALUES (?, ?, ?, 0, 1, 'x', ?)`,
    ).run(fp.sha256, Buffer.from(fp.pdq.hash), Buffer.from(fp.blockhash.hash), fp.pdq.quality);
  }
  db.prepare("UPDATE crawl_matches SET review_state = 'confirmed'").run();
}

const rowsOf = (csv: string) =>
  new Map(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map(([pdq = '', q = '', _bh, sha = '']) => [sha, { pdq, quality: q }]),
  );

describe('exchange.export', () => {
  it('exports the exchange PDQ of each confirmed image, re-hashed from its evidence', async () => {
    const la = readVectors('python-threatexchange-unittest.csv').find((r) =>
      r.file.endsWith('LA.png'),
    )!;
    const laBytes = readFileSync(la.file);
    const bridge = readFileSync(
      path.join(vectorsDir, 'pdq/data/reg-test-input/dih/bridge-1-original.jpg'),
    );
    const unsealed = await noiseJpeg(7);
    await confirmed([
      { bytes: laBytes, seal: true },
      { bytes: bridge, seal: true },
      { bytes: unsealed, seal: false },
    ]);
    const csv = await t.ok('staff', 'exchange.export', { format: 'csv' });
    expect(csv.count).toBe(3);
    const rows = rowsOf(csv.text);

    // python-threatexchange's own test file (grey + alpha): its expected hash and quality.
    expect(rows.get(sha256Hex(laBytes))).toEqual({ pdq: la.hex, quality: String(la.quality) });
    // A 1600 px photograph: the full-resolution hash, not the crawler's 512 px one.
    const full = await exchangePdq(bridge);
    const working = await fingerprint(bridge, { role: 'candidate' });
    expect(full.hex).not.toBe(working.pdq.hex);
    expect(rows.get(sha256Hex(bridge))).toEqual({ pdq: full.hex, quality: String(full.quality) });
    // No evidence to re-hash: no PDQ rather than a different one (SHA-256 and blockhash stay).
    expect(rows.get(sha256Hex(unsealed))).toEqual({ pdq: '', quality: '' });

    const lines = await t.ok('staff', 'exchange.export', { format: 'pdq-lines' });
    expect(lines.text.trim().split('\n').sort()).toEqual([la.hex, full.hex].sort());
  });

  it('exports no PDQ for evidence that does not open under its row (SHA-256 in the binding)', async () => {
    const photo = await sharp(await noiseJpeg(3))
      .resize(800, 600)
      .jpeg()
      .toBuffer();
    await confirmed([{ bytes: photo, seal: true }]);
    // The row now names other content: its evidence was sealed for this photo, so it is refused.
    t.engine.db.prepare('UPDATE crawl_matches SET image_sha256 = ?').run('0'.repeat(64));
    const csv = await t.ok('staff', 'exchange.export', { format: 'csv' });
    expect(csv.count).toBe(1);
    expect(rowsOf(csv.text).get('0'.repeat(64))).toEqual({ pdq: '', quality: '' });
    expect(csv.text).not.toContain((await exchangePdq(photo)).hex);
  });
});
