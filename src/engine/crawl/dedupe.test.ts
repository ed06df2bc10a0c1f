import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import {
  createTestCaseFile,
  localSite,
  type TestCaseFile,
  localRun,
  sealedEvidence,
} from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

/**
 * One image content served at many addresses is fingerprinted once per run, also when its copies
 * are fetched at the same moment (a bug: concurrent copies were each hashed).
 */
describe('one content, many addresses, fetched concurrently', () => {
  const COPIES = 16;
  let server: TestServer;
  let cf: TestCaseFile;
  let photo: Buffer;
  beforeAll(async () => {
    photo = await demoReference(1);
    cf = await createTestCaseFile([await demoReference(0)]);
    const links = Array.from({ length: COPIES }, (_, i) => `<img src="/same/${i}.jpg">`).join('');
    const routes: Parameters<typeof startTestServer>[0] = {
      '/': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>${links}`),
    };
    // The copies are answered in groups, all at once, so that their fingerprinting overlaps.
    let waiting: (() => void)[] = [];
    const release = () => {
      const now = waiting;
      waiting = [];
      for (const answer of now) answer();
    };
    for (let i = 0; i < COPIES; i++) {
      routes[`/same/${i}.jpg`] = (_req, res) => {
        waiting.push(() => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo));
        if (waiting.length >= 4) release();
        else setTimeout(release, 300);
      };
    }
    server = await startTestServer(routes);
  }, 60_000);
  afterAll(async () => {
    await server.close();
    cf.cleanup();
  });

  it('hashes the content once and counts every copy as an image', async () => {
    const db = cf.file.db;
    const config = localSite(server.origin, { maxDepth: 1, concurrencyPerHost: 8 });
    const { runner, runId } = localRun(db, config, { evidence: sealedEvidence(cf) });
    expect(await runner.run()).toBe('finished');
    const run = db.prepare('SELECT images, hashed FROM crawl_runs WHERE id = ?').get(runId) as {
      images: number;
      hashed: number;
    };
    expect(server.hits.filter((h) => h.startsWith('/same/'))).toHaveLength(COPIES);
    expect(run).toEqual({ images: COPIES, hashed: 1 });
  }, 60_000);
});
