/**
 * Heavy re-uploads crawled for real (issue 13 items 7 and 9): the fixture site's dark-theme and
 * phone-layout pages (screenshots of a feed post, half crops, mirrored half crops, 2 x 2 collages,
 * and unrelated pictures in the same layouts) crawled through the engine with the demo case's
 * references. Each copy arrives in the review queue, none of the unrelated pictures does, and a
 * crop's verified region (crawl_matches.region, migration 24) reaches the review item's data as
 * where the picture lies in the found image; so does a screenshot's, decided by the hashes of the
 * photo embedded in it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { heavyPath } from '../../../e2e/fixture-site/heavy';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { crawlToEnd, demoCase } from '../crawl/test-demo-case';

let site: FixtureSite;
let t: TestEngine;
beforeAll(async () => {
  site = await startFixtureSite({ heavy: true });
  t = await startTestEngine();
  await withUsers(t);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await site?.close();
});

/** The reference's box (left, top, right, bottom) from a region's four corners. */
const boxOf = (r: readonly number[]) => [
  Math.min(r[0]!, r[6]!),
  Math.min(r[1]!, r[3]!),
  Math.max(r[2]!, r[4]!),
  Math.max(r[5]!, r[7]!),
];

it('queues every heavy copy and no unrelated picture; a crop keeps its region to review', async () => {
  await demoCase(t);
  const s = await t.ok('monitor', 'sites.create', {
    config: {
      name: 'Heavy copies',
      startUrls: [`${site.origin}/feed/dark`, `${site.origin}/feed/phone`],
      allowAddresses: ['127.0.0.1'],
      requestsPerSecond: 100,
      concurrencyPerHost: 4,
      renderMode: 'http',
      timeoutSeconds: 5,
      maxDepth: 0,
    },
  });
  await crawlToEnd(t, s.id, 180_000);

  const queue = await t.ok('monitor', 'review.list', {});
  const items = await Promise.all(
    queue.items.map((i) => t.ok('monitor', 'review.item', { itemId: i.id })),
  );
  const byPath = new Map(items.map((i) => [new URL(i.pages[0]!.imageUrl).pathname, i]));
  const copies = site.heavy.filter((h) => h.copy.reference !== null);
  const unrelated = site.heavy.filter((h) => h.copy.reference === null);
  expect([...byPath.keys()].sort()).toEqual(copies.map((h) => heavyPath(h.copy)).sort());
  for (const h of unrelated) expect(byPath.has(heavyPath(h.copy))).toBe(false);

  const crop = site.heavy.find((h) => h.copy.page === 'dark' && h.copy.kind === 'crop-half')!;
  const item = byPath.get(heavyPath(crop.copy))!;
  expect(item.algo).toBe('verified');
  const stored = t.engine.db
    .prepare('SELECT region FROM crawl_matches WHERE image_url LIKE ?')
    .pluck()
    .get(`%${heavyPath(crop.copy)}`) as string;
  expect(item.region).toEqual(JSON.parse(stored));
  // The crop keeps the half from (25%, 75%) of the free space: the whole picture spans
  // x -0.25..1.75, y -0.75..1.25 of the crop. ORB corners land within 10% of a crop's side.
  const box = boxOf(item.region!);
  box.forEach((v, k) => expect(Math.abs(v - crop.box[k]!)).toBeLessThan(0.1));

  // The dark screenshot is decided by the hashes of the photo embedded in it (no verification):
  // its region is the embedded photo's box, found in 8 px cells of the 512 px working image.
  const shot = site.heavy.find((h) => h.copy.page === 'dark' && h.copy.kind === 'screenshot')!;
  const shotItem = byPath.get(heavyPath(shot.copy))!;
  expect(shotItem.region).toHaveLength(8);
  boxOf(shotItem.region!).forEach((v, k) => expect(Math.abs(v - shot.box[k]!)).toBeLessThan(0.03));
}, 300_000);
