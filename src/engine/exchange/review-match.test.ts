/**
 * Reviewing hash-list matches through the contract (decision 0078): monitors and staff confirm,
 * counsellors cannot; a confirm opens a draft takedown request for the page that names the list,
 * an undo or a reject takes it back; each review is audited with the request it opened.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { recordMatch } from '../matches';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

/** A list match as the crawler records it, through the one door (decision 0091). */
function listMatch(listId: number, pageUrl: string): number {
  const db = t.engine.db;
  const entryId = db
    .prepare('SELECT id FROM hash_list_entries WHERE list_id = ?')
    .pluck()
    .get(listId) as number;
  return recordMatch(db, {
    found: {
      kind: 'image',
      runId: null,
      siteId: null,
      pageUrl,
      url: `${pageUrl}/a.jpg`,
      sha256: 'ab'.repeat(32),
      foundAt: '2026-11-22T09:00:00.000Z',
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
    target: { source: 'hash-list', listId, entryId },
    evidence: { algo: 'pdq', distance: 6, transform: 'identity' },
  })!;
}

it('lets a monitor confirm a list match, which opens a draft that staff see, and undo it', async () => {
  const { list } = await t.ok('staff', 'exchange.import', {
    name: 'Partner hotline',
    text: `pdq\n${A}\n`,
  });
  const id = listMatch(list.id, 'https://host.example/page');

  expect(await t.err('counsellor', 'exchange.reviewMatch', { id, state: 'confirmed' })).toBe(
    'forbidden',
  );
  expect(await t.err('counsellor', 'exchange.matches', {})).toBe('forbidden');
  expect(await t.err('monitor', 'exchange.reviewMatch', { id, state: 'maybe' })).toBe('validation');
  const pending = await t.ok('monitor', 'exchange.matches', { state: 'pending' });
  expect(pending.map((m) => [m.id, m.listName, m.distance, m.algo])).toEqual([
    [id, 'Partner hotline', 6, 'pdq'],
  ]);

  const confirmed = await t.ok('monitor', 'exchange.reviewMatch', { id, state: 'confirmed' });
  expect(confirmed.reviewState).toBe('confirmed');
  const requests = await t.ok('staff', 'takedowns.list', {});
  expect(requests.map((r) => [r.url, r.host, r.state, r.caseCodes, r.hashLists])).toEqual([
    ['https://host.example/page', 'host.example', 'draft', [], ['Partner hotline']],
  ]);
  const detail = await t.ok('staff', 'takedowns.get', { id: requests[0]!.id });
  expect(detail.items.map((i) => [i.caseCode, i.hashList, i.imageUrl])).toEqual([
    [null, 'Partner hotline', 'https://host.example/page/a.jpg'],
  ]);
  // Confirming again changes nothing.
  await t.ok('monitor', 'exchange.reviewMatch', { id, state: 'confirmed' });
  expect(await t.ok('staff', 'takedowns.list', {})).toHaveLength(1);

  const undone = await t.ok('monitor', 'exchange.reviewMatch', { id, state: 'pending' });
  expect(undone.reviewState).toBe('pending');
  expect(await t.ok('staff', 'takedowns.list', {})).toEqual([]);

  await t.ok('admin', 'exchange.reviewMatch', { id, state: 'rejected' });
  expect(await t.ok('staff', 'takedowns.list', {})).toEqual([]);

  const reviews = listAudit(t.engine.db, { limit: 50 }).filter(
    (a) => a.action === 'exchange.match.review',
  );
  expect(reviews.map((a) => a.details?.state)).toEqual(
    expect.arrayContaining(['confirmed', 'pending', 'rejected']),
  );
  expect(reviews.find((a) => a.details?.state === 'confirmed')?.details?.requests).toBe(
    String(requests[0]!.id),
  );
});

it('refuses a match that does not exist and opens nothing', async () => {
  expect(await t.err('monitor', 'exchange.reviewMatch', { id: 42, state: 'confirmed' })).toBe(
    'not-found',
  );
  expect(await t.ok('staff', 'takedowns.list', {})).toEqual([]);
});

it('reviews only matches of hash lists: a case match id is not one', async () => {
  const db = t.engine.db;
  const now = '2026-11-22T09:00:00.000Z';
  const caseId = Number(
    db
      .prepare(
        `INSERT INTO cases (code, status, consent_search, consent_takedown, consent_storage,
           consent_recorded_at, consent_recorded_by, identity, created_at, created_by, updated_at)
         VALUES ('C-2026-0009', 'monitoring', 1, 1, 'originals', ?, (SELECT min(id) FROM users),
           x'00', ?, (SELECT min(id) FROM users), ?)`,
      )
      .run(now, now, now).lastInsertRowid,
  );
  const referenceImageId = Number(
    db
      .prepare(
        `INSERT INTO reference_images (case_id, sha256, file_name, format, width, height,
           byte_size, low_quality, added_at, added_by)
         VALUES (?, 'r', x'00', 'jpeg', 1, 1, 1, 0, ?, (SELECT min(id) FROM users))`,
      )
      .run(caseId, now).lastInsertRowid,
  );
  const id = recordMatch(db, {
    found: {
      kind: 'image',
      runId: null,
      siteId: null,
      pageUrl: 'https://host.example/c',
      url: 'https://host.example/c.jpg',
      sha256: 'cd'.repeat(32),
      foundAt: now,
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
    target: { source: 'case-image', caseId, referenceImageId },
    evidence: { algo: 'pdq', distance: 4, transform: 'identity' },
  })!;
  expect(await t.err('monitor', 'exchange.reviewMatch', { id, state: 'confirmed' })).toBe(
    'not-found',
  );
  expect(db.prepare('SELECT review_state FROM crawl_matches WHERE id = ?').pluck().get(id)).toBe(
    'pending',
  );
  expect(await t.ok('monitor', 'exchange.matches', {})).toEqual([]);
});
