/**
 * A match stored before fc3ed30 named a mirrored find 'flip-h' (a still found as a mirrored frame
 * of a reference video); today every path stores 'flip-horizontal', the name review words as
 * "mirrored". Rows already in a case file keep the old name, so review must read it as today's,
 * or it shows the raw code instead of "mirrored". A real case file, written through the one door.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { caseWithReference, seedCaseMatches } from './test-support';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

it("shows a match stored as 'flip-h' as mirrored ('flip-horizontal'), in the item and its pages", async () => {
  const target = await caseWithReference(t);
  seedCaseMatches(t, target, [
    { pageUrl: 'https://a.example/old', image: await noiseJpeg(61), transform: 'flip-h' },
  ]);
  const stored = t.engine.db.prepare('SELECT transform FROM crawl_matches').pluck().get();
  expect(stored).toBe('flip-h');
  const [id] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  const item = await t.ok('monitor', 'review.item', { itemId: id! });
  expect(item.transform).toBe('flip-horizontal');
  expect(item.pages.map((p) => p.transform)).toEqual(['flip-horizontal']);
});
