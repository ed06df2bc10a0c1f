import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { startFixtureSite } from '../../../e2e/fixture-site/site';
import { bundleForNode } from '../../test-support/bundle';
import { fingerprint, FingerprintError } from '../fingerprint';
import { HashPool, sharedHashPool } from './hash-pool';
import { listMatches } from './sites';
import { createTestCaseFile, localRun, localSite } from './test-case-file';

let pool: HashPool;
let script: string;

beforeAll(async () => {
  script = join(import.meta.dirname, '../../../node_modules/.cache/jium-hash-worker.mjs');
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

describe('a crawl hashing in the pool', () => {
  it('records the same matches, hashes and counters as a crawl hashing on its own thread', async () => {
    const site = await startFixtureSite();
    const references = await Promise.all([0, 1, 2].map(demoReference));
    /** One crawl of the fixture's galleries; what it recorded, in a comparable form. */
    const crawl = async (fingerprint?: HashPool['fingerprint']) => {
      const cf = await createTestCaseFile(references);
      try {
        const db = cf.file.db;
        const config = localSite(site.origin, {
          maxDepth: 20,
          maxPages: 500,
          pathPatterns: ['/$', '/gallery/', '/lazy/', '/styles', '/share', '/moved/'],
        });
        const { runner, runId } = localRun(db, config, fingerprint ? { fingerprint } : {});
        const state = await runner.run();
        return {
          state,
          matches: listMatches(db, runId, 100)
            .map((m) => `${m.imageUrl} ${m.imageSha256} ${m.distance}`)
            .sort(),
          hashes: db
            .prepare(
              'SELECT sha256, hex(pdq) AS pdq, hex(blockhash) AS b, low_quality, hex(variants) AS v FROM crawl_image_hashes ORDER BY sha256',
            )
            .all(),
          counters: db
            .prepare(
              'SELECT pages, images, hashed, matches, errors, skipped FROM crawl_runs WHERE id = ?',
            )
            .get(runId),
        };
      } finally {
        cf.cleanup();
      }
    };
    try {
      const here = await crawl();
      const pooled = await crawl(pool.fingerprint);
      expect(here.state).toBe('finished');
      expect(here.matches.length).toBeGreaterThan(0);
      expect(here.hashes.length).toBeGreaterThan(100);
      expect(pooled).toEqual(here);
    } finally {
      await site.close();
    }
  }, 120_000);
});

describe("the process's pool (decision 0054)", () => {
  it('is started once and serves every later run in the process; a worker that exited is replaced', async () => {
    const site = await startFixtureSite();
    const references = await Promise.all([0, 1, 2].map(demoReference));
    process.env['JIUM_HASH_WORKER'] = script;
    const crawl = async () => {
      const cf = await createTestCaseFile(references);
      try {
        const config = localSite(site.origin, { maxDepth: 2, pathPatterns: ['/$', '/gallery/'] });
        const { runner, runId } = localRun(cf.file.db, config);
        expect(await runner.run()).toBe('finished');
        return cf.file.db.prepare('SELECT hashed FROM crawl_runs WHERE id = ?').get(runId) as {
          hashed: number;
        };
      } finally {
        cf.cleanup();
      }
    };
    let shared: HashPool | null = null;
    try {
      shared = sharedHashPool()!;
      expect(shared).toBeInstanceOf(HashPool);
      const first = await crawl();
      const afterFirst = shared.usage().requests;
      const second = await crawl();
      expect(first.hashed).toBeGreaterThan(10);
      // The first run's images were hashed in the process's pool, and so were the second's: the
      // runs did not start (or close) pools of their own.
      expect(afterFirst).toBeGreaterThanOrEqual(first.hashed);
      expect(shared.usage().requests - afterFirst).toBeGreaterThanOrEqual(second.hashed);
      expect(sharedHashPool()).toBe(shared);
      // Its worker exits (here: closed); the next request starts a new one instead of waiting for ever.
      await shared.close();
      const body = await demoReference(0);
      const again = await shared.fingerprint(body, { role: 'candidate' });
      expect(again).toEqual(await fingerprint(body, { role: 'candidate' }));
    } finally {
      delete process.env['JIUM_HASH_WORKER'];
      await shared?.close();
      await site.close();
    }
  }, 120_000);
});
