/**
 * Issue 18 item 6: a response whose body does not arrive within the site's time limit (a slow
 * drip) is retried at most once in a run, not up to MAX_ATTEMPTS times at the full timeout each.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLog } from './sites';
import { createTestCaseFile, localSite, localRun } from './test-case-file';
import { startTestServer, type TestServer } from './test-server';

/** Sends the headers, then one byte every 100 ms of a body that would take minutes. */
function drip(res: ServerResponse, type: string): void {
  res.writeHead(200, { 'content-type': type, 'content-length': '100000' });
  const timer = setInterval(() => res.write('x'), 100);
  res.on('close', () => clearInterval(timer));
}

describe('a timed-out body', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      '/robots.txt': (_q, res) => res.writeHead(404).end(),
      '/': (_q, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<a href="/slow-page">more</a><img src="/drip.jpg">'),
      '/slow-page': (_q, res) => drip(res, 'text/html'),
      '/drip.jpg': (_q, res) => drip(res, 'image/jpeg'),
    });
  });
  afterAll(() => server.close());

  it('is retried at most once per run, for a page and for an image', async () => {
    const cf = await createTestCaseFile([]);
    try {
      const db = cf.file.db;
      const config = localSite(server.origin);
      const { runner, runId } = localRun(db, config, {
        fetchLimits: { headerTimeoutMs: 2000, bodyTimeoutMs: 400 },
      });
      const state = await runner.run();
      expect(state).toBe('finished');
      const count = (path: string) => server.hits.filter((h) => h === path).length;
      expect(count('/drip.jpg')).toBe(2);
      expect(count('/slow-page')).toBe(2);
      const outcomes = db
        .prepare(
          `SELECT url, state, outcome, attempts FROM crawl_frontier
            WHERE run_id = ? AND url IN (?, ?) ORDER BY url`,
        )
        .all(runId, `${server.origin}/drip.jpg`, `${server.origin}/slow-page`) as {
        url: string;
        state: string;
        outcome: string;
        attempts: number;
      }[];
      expect(
        outcomes.map((o) => [new URL(o.url).pathname, o.state, o.outcome, o.attempts]),
      ).toEqual([
        ['/drip.jpg', 'failed', 'timeout-body', 2],
        ['/slow-page', 'failed', 'timeout-body', 2],
      ]);
      const log = readLog(db, runId, 0, 100).filter((l) => l.code === 'timeout-body');
      expect(log.filter((l) => l.level === 'error')).toHaveLength(2);
    } finally {
      cf.cleanup();
    }
  }, 60_000);
});
