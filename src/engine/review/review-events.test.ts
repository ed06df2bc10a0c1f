/**
 * Events of review decisions reach every desk (issue 16 item 2): a confirm that opens takedown
 * requests tells the staff desks (`takedowns.changed`), and so does an undo that withdraws them;
 * before this, only `review.changed` went out and the staff's open requests stayed stale until a
 * reload (e2e/centre-desks.spec.ts).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import type { EngineEvent } from '../core/engine';
import { caseWithReference, seedCaseMatches } from './test-support';

let t: TestEngine;
let events: EngineEvent[];
let off: () => void;

beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  seedCaseMatches(t, await caseWithReference(t), [
    { pageUrl: 'https://a.example/1', image: await noiseJpeg(30) },
    { pageUrl: 'https://b.example/1', image: await noiseJpeg(31) },
  ]);
  events = [];
  off = t.engine.onEvent((e) => events.push(e));
});
afterEach(() => {
  off();
  t.close();
});

const named = (name: string) => events.filter((e) => e.event === name);

it('a confirm that opens requests tells every desk which ones, a reject tells only review', async () => {
  const [a, b] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  const confirmed = await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
  expect(confirmed.takedownRequestIds.length).toBe(1);
  expect(named('takedowns.changed')).toEqual([
    { event: 'takedowns.changed', payload: { ids: confirmed.takedownRequestIds }, to: undefined },
  ]);
  expect(named('review.changed')).toHaveLength(1);

  events = [];
  await t.ok('monitor', 'review.decide', { itemIds: [b!], decision: 'reject' });
  expect(named('review.changed')).toHaveLength(1);
  expect(named('takedowns.changed')).toHaveLength(0);
});

it('an undo that withdraws the requests a confirm opened tells every desk', async () => {
  const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
  events = [];
  await t.ok('monitor', 'review.undo', {});
  expect(t.engine.db.prepare('SELECT count(*) FROM takedown_requests').pluck().get()).toBe(0);
  // The withdrawn draft is gone: desks reload their lists (no id is left to name).
  expect(named('takedowns.changed')).toEqual([
    { event: 'takedowns.changed', payload: { ids: [] }, to: undefined },
  ]);
});

it('deciding a confirmed item again withdraws it from its draft request and tells every desk', async () => {
  const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
  await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
  expect(t.engine.db.prepare('SELECT count(*) FROM takedown_requests').pluck().get()).toBe(1);
  events = [];
  await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'reject' });
  // Its only item withdrawn, the draft is gone; the staff's desks reload their lists.
  expect(t.engine.db.prepare('SELECT count(*) FROM takedown_requests').pluck().get()).toBe(0);
  expect(named('takedowns.changed')).toEqual([
    { event: 'takedowns.changed', payload: { ids: [] }, to: undefined },
  ]);
});
