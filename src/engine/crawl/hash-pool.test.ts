import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { bundleForNode } from '../../test-support/bundle';
import { fingerprint, FingerprintError } from '../fingerprint';
import { HashPool } from './hash-pool';

let pool: HashPool;

beforeAll(async () => {
  const script = join(import.meta.dirname, '../../../node_modules/.cache/jium-hash-worker.mjs');
  await bundleForNode(join(import.meta.dirname, 'hash-worker.ts'), script);
  pool = new HashPool(script, 1);
}, 60_000);

afterAll(async () => {
  await pool?.close();
});

describe('the crawl hash pool (decision 0057)', () => {
  it('fingerprints in a worker thread exactly as the main thread does, and leaves the caller its bytes', async () => {
    const bodies = await Promise.all([0, 1, 2].map(demoReference));
    const options = { role: 'candidate' as const };
    const inPool = await Promise.all(bodies.map((b) => pool.fingerprint(b, options)));
    const here = await Promise.all(bodies.map((b) => fingerprint(b, options)));
    expect(inPool.map((f) => f.sha256)).toEqual(here.map((f) => f.sha256));
    expect(inPool).toEqual(here); // every variant, bit for bit, and the grey working image
    expect(inPool[0]!.work!.grey.length).toBeGreaterThan(0);
    for (const b of bodies) expect(b.length).toBeGreaterThan(1000); // not detached by the transfer
  });

  it('gives back the same error code the main thread would', async () => {
    const html = Buffer.from('<!doctype html><p>not an image</p>');
    const options = { role: 'candidate' as const };
    const here = await fingerprint(html, options).catch((e: unknown) => e);
    const inPool = await pool.fingerprint(html, options).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(FingerprintError);
    expect(inPool).toBeInstanceOf(FingerprintError);
    expect((inPool as FingerprintError).code).toBe((here as FingerprintError).code);
    expect((inPool as FingerprintError).code).toBe('not-an-image');
  });
});
