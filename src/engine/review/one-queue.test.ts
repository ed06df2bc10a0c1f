/**
 * One review queue for every source (decision 0091): a hash-list match is an item of the same
 * queue, grouped per list and image like a case's, filtered by source, decided and undone the
 * same way; a confirm opens a request that names the list, a reject leaves no case memory; the
 * Hash lists tab's per-match review keeps the item in step.
 */
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordMatch } from '../matches';
import { createTakedownTestFile, sha, type TakedownTestFile } from '../takedowns/test-support';
import { decide, syncItemOfMatch, undoLast } from './decide';
import { countQueue, getSummary, listQueue } from './queries';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
  f.db
    .prepare(
      `INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
         imported_at) VALUES (1, 'Partner', '', 'csv', 1, 1, 0, 0, '2026-12-07T00:00:00.000Z')`,
    )
    .run();
  f.db
    .prepare('INSERT INTO hash_list_entries (id, list_id, pdq, line) VALUES (1, 1, ?, 2)')
    .run(Buffer.alloc(32, 7));
});
afterEach(() => f.cleanup());

const now = new Date('2026-12-07T01:00:00Z');

function listMatch(db: Database.Database, pageUrl: string, image: string, distance = 8): number {
  return recordMatch(db, {
    found: {
      kind: 'image',
      runId: null,
      siteId: null,
      pageUrl,
      url: `${pageUrl}/${image}.jpg`,
      sha256: sha(image),
      foundAt: now.toISOString(),
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
    target: { source: 'hash-list', listId: 1, entryId: 1 },
    evidence: { algo: 'pdq', distance, transform: 'identity' },
  })!;
}

const itemOf = (matchId: number) =>
  f.db
    .prepare('SELECT item_id FROM review_pages WHERE match_id = ?')
    .pluck()
    .get(matchId) as number;
const pageStates = () =>
  f.db.prepare('SELECT id, review_state FROM crawl_matches ORDER BY id').all();

it('queues list matches beside case matches, one item per list and image, by source', () => {
  const caseMatch = f.match('https://c.example/p', 'https://c.example/c.jpg');
  f.db.prepare(`UPDATE crawl_matches SET review_state = 'pending' WHERE id = ?`).run(caseMatch);
  const a = listMatch(f.db, 'https://a.example/1', 'one', 8);
  const b = listMatch(f.db, 'https://b.example/2', 'one', 4);
  const c = listMatch(f.db, 'https://a.example/1', 'two');
  expect(itemOf(a)).toBe(itemOf(b));
  expect(itemOf(c)).not.toBe(itemOf(a));

  const all = listQueue(f.db, { state: 'pending' }, 0, 10);
  expect(all.total).toBe(3);
  const lists = listQueue(f.db, { state: 'pending', source: 'list' }, 0, 10);
  expect(lists.items.map((i) => [i.source, i.caseId, i.caseCode, i.listName, i.pageCount])).toEqual(
    [
      ['list', null, '', 'Partner', 2],
      ['list', null, '', 'Partner', 1],
    ],
  );
  // The closer copy decides the item's strength.
  expect(lists.items[0]).toMatchObject({ distance: 4, host: 'b.example' });
  const cases = listQueue(f.db, { state: 'pending', source: 'case' }, 0, 10);
  expect(cases.items.map((i) => [i.source, i.caseId, i.listName])).toEqual([
    ['case', f.caseId, null],
  ]);
  const counts = countQueue(f.db, { state: 'pending', source: 'case' });
  expect(counts.sources).toEqual({ case: 1, list: 2 });
  expect(counts.states.pending).toBe(1);
  expect(counts.cases.map((x) => x.id)).toEqual([f.caseId]);
  // One list's items, by the list filter; each row says its page and list.
  const one = listQueue(f.db, { state: 'pending', listId: 1 }, 0, 10);
  expect(one.items.map((i) => [i.listId, i.pageUrl])).toEqual([
    [1, 'https://b.example/2'],
    [1, 'https://a.example/1'],
  ]);
  expect(listQueue(f.db, { state: 'pending', listId: 2 }, 0, 10).total).toBe(0);
  expect(countQueue(f.db, { state: 'pending', listId: 1 }).lists).toEqual([
    { id: 1, name: 'Partner', count: 2 },
  ]);
});

it('confirms a list item into a request that names the list, rejects without case memory, undoes', () => {
  const a = listMatch(f.db, 'https://a.example/1', 'one');
  const b = listMatch(f.db, 'https://b.example/2', 'one');
  const item = itemOf(a);

  const r = decide(f.db, f.userId, [item], 'confirm', undefined, now);
  expect(r.cases).toEqual([]);
  expect(r.takedownRequestIds).toHaveLength(2);
  expect(
    f.db
      .prepare('SELECT match_id, case_id, list_name FROM takedown_request_items ORDER BY match_id')
      .all(),
  ).toEqual([
    { match_id: a, case_id: null, list_name: 'Partner' },
    { match_id: b, case_id: null, list_name: 'Partner' },
  ]);
  expect(pageStates()).toEqual([
    { id: a, review_state: 'confirmed' },
    { id: b, review_state: 'confirmed' },
  ]);
  expect(getSummary(f.db, item)?.state).toBe('confirmed');

  expect(undoLast(f.db, f.userId, now)?.itemIds).toEqual([item]);
  expect(f.db.prepare('SELECT count(*) FROM takedown_requests').pluck().get()).toBe(0);
  expect(getSummary(f.db, item)?.state).toBe('pending');

  decide(f.db, f.userId, [item], 'reject', undefined, now);
  expect(getSummary(f.db, item)?.state).toBe('rejected');
  expect(f.db.prepare('SELECT count(*) FROM review_rejected').pluck().get()).toBe(0);
  expect(f.db.prepare('SELECT DISTINCT reviewed_by FROM crawl_matches').pluck().all()).toEqual([
    f.userId,
  ]);
});

it('keeps the item in step when the Hash lists tab reviews one match at a time', () => {
  const a = listMatch(f.db, 'https://a.example/1', 'one');
  const b = listMatch(f.db, 'https://b.example/2', 'one');
  const item = itemOf(a);
  const review = (id: number, state: string) => {
    f.db.prepare('UPDATE crawl_matches SET review_state = ? WHERE id = ?').run(state, id);
    syncItemOfMatch(f.db, id, f.userId, now);
  };
  review(a, 'confirmed');
  expect(getSummary(f.db, item)?.state).toBe('pending'); // b still waits
  review(b, 'confirmed');
  expect(getSummary(f.db, item)?.state).toBe('confirmed');
  review(b, 'pending');
  expect(getSummary(f.db, item)?.state).toBe('pending');
  // Its pages follow the item's state for the host and site counts.
  expect(
    f.db.prepare('SELECT DISTINCT state FROM review_pages WHERE item_id = ?').pluck().all(item),
  ).toEqual(['pending']);
});
