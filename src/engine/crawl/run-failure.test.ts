/**
 * A crawl that could fetch nothing ends failed with its reason (issue 17 #2), on a real server on
 * 127.0.0.1: refused by the address guards (no allowance), start pages that all fail, and — for
 * contrast — the same site allowed, which finishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, readLog } from './sites';
import { createTestCaseFile, localSite, type TestCaseFile, localRun } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

describe('a crawl that could fetch nothing', () => {
  let server: TestServer;
  let cf: TestCaseFile;
  beforeAll(async () => {
    server = await startTestServer({
      '/': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
      '/robots.txt': (_q, r) => r.writeHead(404).end(),
    });
    cf = await createTestCaseFile([]);
  });
  afterAll(async () => {
    await server.close();
    cf.cleanup();
  });

  async function crawl(overrides: Parameters<typeof localSite>[1]) {
    const db = cf.file.db;
    const config = localSite(server.origin, { name: `s${Math.random()}`, ...overrides });
    const { runner, runId } = localRun(db, config);
    const state = await runner.run();
    const log = readLog(db, runId, 0, 1000);
    return { state, run: getRun(db, runId)!, last: log.at(-1)! };
  }

  it('fails when the address guards refuse every start address, and says why', async () => {
    const { state, run, last } = await crawl({ allowAddresses: [] });
    expect(state).toBe('failed');
    expect(run.state).toBe('failed');
    expect(run.finishedAt).not.toBeNull();
    expect(last).toMatchObject({ level: 'error', code: 'start-refused' });
    expect(last.message).toMatch(/loopback address 127\.0\.0\.1/);
    expect(server.hits).toEqual([]);
  });

  it('fails when every start page fails', async () => {
    const { state, last } = await crawl({ startUrls: [`${server.origin}/gone`] });
    expect(state).toBe('failed');
    expect(last).toMatchObject({ level: 'error', code: 'nothing-fetched' });
    expect(last.message).toContain('http-404');
  });

  it('finishes when a page was fetched', async () => {
    const { state, last } = await crawl({});
    expect(state).toBe('finished');
    expect(last).toMatchObject({ level: 'info', code: 'finished' });
  });
});
