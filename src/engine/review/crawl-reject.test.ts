/**
 * The reject memory where it matters: a real crawl of the fixture site fills the queue, the
 * monitor rejects everything, and a second crawl finding the same images (their match rows gone,
 * as if on new pages) records none of them — their frontier outcome is `rejected-before`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { crawlToEnd, demoCase } from '../crawl/test-demo-case';

let site: FixtureSite;
let t: TestEngine;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const crawl = (siteId: number) => crawlToEnd(t, siteId);

it('never queues an image again for the case once it was rejected', async () => {
  await demoCase(t);
  const s = await t.ok('monitor', 'sites.create', {
    config: {
      name: 'Fixture',
      startUrls: [`${site.origin}/`],
      allowAddresses: ['127.0.0.1'],
      requestsPerSecond: 500,
      concurrencyPerHost: 6,
      renderMode: 'http',
      timeoutSeconds: 2,
      maxDepth: 6,
      maxPages: 200,
    },
  });
  await crawl(s.id);
  const queue = await t.ok('monitor', 'review.list', {});
  expect(queue.total).toBeGreaterThanOrEqual(4);
  await t.ok('monitor', 'review.decide', {
    itemIds: queue.items.map((i) => i.id),
    decision: 'reject',
  });
  const db = t.engine.db;
  expect(db.prepare('SELECT count(*) FROM review_rejected').pluck().get()).toBe(queue.total);
  db.prepare('DELETE FROM crawl_matches').run();
  // As if on new URLs: no conditional GET (an unchanged matched image answers 304 otherwise).
  db.prepare('DELETE FROM crawl_validators').run();

  const second = await crawl(s.id);
  expect(db.prepare('SELECT count(*) FROM crawl_matches').pluck().get()).toBe(0);
  const skipped = db
    .prepare(`SELECT count(*) FROM crawl_frontier WHERE run_id = ? AND outcome = 'rejected-before'`)
    .pluck()
    .get(second) as number;
  expect(skipped).toBeGreaterThanOrEqual(queue.total);
  expect((await t.ok('monitor', 'review.list', {})).total).toBe(0);
}, 300_000);
