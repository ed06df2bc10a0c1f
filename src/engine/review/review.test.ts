import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { bytesToHex } from '../fingerprint/hash-bits';
import { windowSql, whereOf } from './queries';
import { NEAR_IDENTICAL_PDQ, rejectedBefore } from './rejected';
import {
  caseWithReference,
  seedCaseMatches,
  seedMatches,
  vaultOf,
  type SeedMatch,
} from './test-support';
import type { ReviewFilter } from '../../shared/review-types';

let t: TestEngine;
let caseId: number;
let caseCode: string;
let refId: number;
const vault = () => vaultOf(t);
const seed = (m: Omit<SeedMatch, 'caseId' | 'referenceImageId'>[]) =>
  seedCaseMatches(t, { caseId, code: caseCode, refId }, m);
const pending = (): ReviewFilter => ({ state: 'pending' });

beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  ({ caseId, code: caseCode, refId } = await caseWithReference(t));
});
afterEach(() => t.close());

describe('review queue', () => {
  it('lets monitors and admins review, and refuses staff and counsellors', async () => {
    seed([{ pageUrl: 'https://a.example/p/1', image: await noiseJpeg(10) }]);
    for (const role of ['staff', 'counsellor']) {
      expect(await t.err(role, 'review.list', {})).toBe('forbidden');
      expect(await t.err(role, 'review.decide', { itemIds: [1], decision: 'confirm' })).toBe(
        'forbidden',
      );
      expect(await t.err(role, 'review.reveal', { itemId: 1, picture: 'candidate' })).toBe(
        'forbidden',
      );
    }
    expect((await t.ok('monitor', 'review.list', {})).total).toBe(1);
    expect((await t.ok('admin', 'review.list', {})).total).toBe(1);
    expect(await t.err('monitor', 'review.decide', { itemIds: [], decision: 'confirm' })).toBe(
      'validation',
    );
    expect(await t.err('monitor', 'review.decide', { itemIds: [1, 1], decision: 'reject' })).toBe(
      'validation',
    );
    expect(await t.err('monitor', 'review.decide', { itemIds: [1], decision: 'maybe' })).toBe(
      'validation',
    );
  });

  it('groups one image on many pages into one item, ordered by priority, with counts', async () => {
    const shared = await noiseJpeg(20);
    seed([
      { pageUrl: 'https://a.example/p/1', image: shared, distance: 30 },
      { pageUrl: 'https://a.example/p/2', image: shared, distance: 12 },
      { pageUrl: 'https://b.example/x', image: shared, distance: 30 },
      { pageUrl: 'https://b.example/y', image: await noiseJpeg(21), distance: 4 },
      {
        pageUrl: 'https://c.example/z',
        image: await noiseJpeg(22),
        distance: 60,
        algo: 'pdq+blockhash',
      },
    ]);
    const page = await t.ok('monitor', 'review.list', {});
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.distance, i.pageCount])).toEqual([
      [4, 1],
      [12, 3],
      [60, 1],
    ]);
    expect(page.items[1]).toMatchObject({ caseCode, host: 'a.example' });
    const counts = await t.ok('monitor', 'review.counts', {});
    expect(counts.states).toEqual({ pending: 3, unsure: 0, confirmed: 0, rejected: 0 });
    expect(counts.hosts).toEqual(
      expect.arrayContaining([
        { host: 'b.example', count: 2 },
        { host: 'a.example', count: 1 },
        { host: 'c.example', count: 1 },
      ]),
    );
    expect(counts.algos).toEqual(
      expect.arrayContaining([
        { algo: 'pdq', count: 2 },
        { algo: 'pdq+blockhash', count: 1 },
      ]),
    );
    expect(counts.cases).toEqual([{ id: caseId, code: caseCode, count: 3 }]);
    const onB = await t.ok('monitor', 'review.list', { filter: { host: 'B.example' } });
    expect(onB.items.map((i) => i.distance)).toEqual([4, 12]);
    const window = await t.ok('monitor', 'review.list', { offset: 1, limit: 1 });
    expect(window.items.map((i) => i.distance)).toEqual([12]);
    // An urgent case goes first even with weaker matches.
    const other = await t.ok('counsellor', 'cases.create', {
      identity: { name: 'Other', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    });
    const ref2 = await t.ok('counsellor', 'images.add', {
      caseId: other.id,
      fileName: 'r.jpg',
      data: (await noiseJpeg(2)).toString('base64'),
    });
    seedMatches(t.engine.db, vault(), [
      {
        caseId: other.id,
        referenceImageId: ref2.status === 'added' ? ref2.image.id : 0,
        pageUrl: 'https://d.example/1',
        image: await noiseJpeg(23),
        distance: 80,
      },
    ]);
    expect((await t.ok('monitor', 'review.list', {})).items.at(-1)!.caseCode).toBe(other.code);
    await t.ok('monitor', 'review.setUrgency', { caseId: other.id, urgency: 2 });
    expect((await t.ok('monitor', 'review.list', {})).items[0]!.caseCode).toBe(other.code);
    expect(await t.err('monitor', 'review.setUrgency', { caseId: 999, urgency: 1 })).toBe(
      'not-found',
    );
  });

  it('confirms into a takedown request, rejects into memory, and undoes in order', async () => {
    const img = await noiseJpeg(30);
    seed([
      { pageUrl: 'https://a.example/1', image: img },
      { pageUrl: 'https://a.example/2', image: img },
      { pageUrl: 'https://b.example/1', image: await noiseJpeg(31), distance: 40 },
      { pageUrl: 'https://b.example/2', image: await noiseJpeg(32), distance: 50 },
    ]);
    const [a, b, c] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
    const db = t.engine.db;
    const states = () =>
      db.prepare('SELECT review_state FROM crawl_matches ORDER BY id').pluck().all();

    const confirmed = await t.ok('monitor', 'review.decide', {
      itemIds: [a!],
      decision: 'confirm',
      note: 'same tattoo',
    });
    expect(confirmed.takedownRequestIds.length).toBe(2); // one request per page URL
    expect(states()).toEqual(['confirmed', 'confirmed', 'pending', 'pending']);
    expect(db.prepare('SELECT count(*) FROM takedown_request_items').pluck().get()).toBe(2);
    // Host counts follow the items' states (the pages carry a copy kept by a trigger).
    expect((await t.ok('monitor', 'review.counts', {})).hosts).toEqual([
      { host: 'b.example', count: 2 },
    ]);
    expect(
      (await t.ok('monitor', 'review.counts', { filter: { state: 'confirmed' } })).hosts,
    ).toEqual([{ host: 'a.example', count: 1 }]);

    await t.ok('monitor', 'review.decide', { itemIds: [b!, c!], decision: 'reject' });
    expect(states()).toEqual(['confirmed', 'confirmed', 'rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) FROM review_rejected').pluck().get()).toBe(2);
    // The same image found again on another page stays rejected: not queued again.
    seed([{ pageUrl: 'https://e.example/again', image: await noiseJpeg(31) }]);
    expect((await t.ok('monitor', 'review.list', {})).total).toBe(0);
    expect(states().at(-1)).toBe('rejected');

    const day = await t.ok('monitor', 'review.dailyCount', { since: '2026-11-22T00:00:00+09:00' });
    expect(day).toEqual({ confirmed: 1, rejected: 2, unsure: 0, total: 3 });

    // Undo the batch of two rejects, then the confirm.
    const u1 = await t.ok('monitor', 'review.undo', {});
    expect(u1).toMatchObject({ decision: 'reject', itemIds: [b, c] });
    expect(db.prepare('SELECT count(*) FROM review_rejected').pluck().get()).toBe(0);
    expect((await t.ok('monitor', 'review.list', {})).total).toBe(2);
    const u2 = await t.ok('monitor', 'review.undo', {});
    expect(u2).toMatchObject({ decision: 'confirm', itemIds: [a] });
    expect(states().slice(0, 2)).toEqual(['pending', 'pending']);
    expect(db.prepare('SELECT count(*) FROM takedown_requests').pluck().get()).toBe(0);
    expect(await t.ok('monitor', 'review.undo', {})).toBeNull();
    expect(
      (await t.ok('monitor', 'review.dailyCount', { since: '2026-11-22T00:00:00Z' })).total,
    ).toBe(0);

    // Decisions are append-only: five rows (3 decided + 3 undone... per item) and never updated.
    expect(db.prepare('SELECT count(*) FROM review_decisions').pluck().get()).toBe(6);
    expect(() => db.prepare(`UPDATE review_decisions SET note = 'x'`).run()).toThrow(/append-only/);
    const actions = listAudit(db, { limit: 50 }).map((e) => e.action);
    expect(actions.filter((x) => x === 'review.decide')).toHaveLength(2);
    expect(actions.filter((x) => x === 'review.undo')).toHaveLength(2);
  });

  it('refuses an undo over a later decision, and a batch with a missing item writes nothing', async () => {
    seed([{ pageUrl: 'https://a.example/1', image: await noiseJpeg(40) }]);
    const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
    await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'unsure' });
    expect((await t.ok('monitor', 'review.counts', {})).states.unsure).toBe(1);
    await t.ok('admin', 'review.decide', { itemIds: [a!], decision: 'reject' });
    expect(await t.err('monitor', 'review.undo', {})).toBe('conflict');
    const before = t.engine.db.prepare('SELECT count(*) FROM review_decisions').pluck().get();
    expect(
      await t.err('admin', 'review.decide', { itemIds: [a!, 9999], decision: 'confirm' }),
    ).toBe('not-found');
    expect(t.engine.db.prepare('SELECT count(*) FROM review_decisions').pluck().get()).toBe(before);
    expect(t.engine.db.prepare('SELECT state FROM review_items').pluck().get()).toBe('rejected');
  });

  it('shows pictures blurred by default at the user’s strength and audits reveals', async () => {
    seed([
      {
        pageUrl: 'https://a.example/1',
        image: await noiseJpeg(50),
        snapshotHtml:
          '<html><title>Gallery 3</title><script>x()</script><p>Photos  of the week</p>',
      },
    ]);
    const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
    const item = await t.ok('monitor', 'review.item', { itemId: a! });
    expect(item).toMatchObject({
      caseCode,
      hasReference: true,
      hasEvidence: true,
      pageTitle: 'Gallery 3',
      pageText: 'Gallery 3 Photos of the week'.replace('Gallery 3 ', ''),
    });
    expect(item.pages).toHaveLength(1);
    expect(JSON.stringify(item)).not.toContain('Fictional');
    const blurred = await t.ok('monitor', 'review.image', { itemId: a!, picture: 'candidate' });
    expect(blurred).toMatchObject({ revealed: false });
    expect(blurred!.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect(await t.ok('monitor', 'review.image', { itemId: a!, picture: 'snapshot' })).toBeNull();
    const reference = await t.ok('monitor', 'review.image', { itemId: a!, picture: 'reference' });
    expect(reference!.revealed).toBe(false);
    // Stronger blur: a smaller JPEG (fewer details survive).
    const settings = await t.ok('monitor', 'review.saveSettings', { blur: 40, breakMinutes: 30 });
    expect(settings).toEqual({ blur: 40, breakMinutes: 30 });
    expect(await t.ok('admin', 'review.settings', {})).toEqual({ blur: 14, breakMinutes: 50 });
    const softer = await t.ok('monitor', 'review.image', { itemId: a!, picture: 'candidate' });
    expect(softer!.dataUrl.length).toBeLessThan(blurred!.dataUrl.length);
    expect(await t.err('monitor', 'review.saveSettings', { blur: 2, breakMinutes: 30 })).toBe(
      'validation',
    );
    const before = listAudit(t.engine.db, { limit: 100 }).filter(
      (e) => e.action === 'review.reveal',
    );
    expect(before).toHaveLength(0);
    const shown = await t.ok('monitor', 'review.reveal', { itemId: a!, picture: 'candidate' });
    expect(shown!.revealed).toBe(true);
    const after = listAudit(t.engine.db, { limit: 100 }).filter(
      (e) => e.action === 'review.reveal',
    );
    expect(after).toHaveLength(1);
    expect(JSON.stringify(after[0]!.details)).toContain(caseCode);
    expect(await t.err('monitor', 'review.item', { itemId: 999 })).toBe('not-found');
  });

  it('shows a browser screenshot of the page blurred, and reveals it only when asked', async () => {
    seed([
      {
        pageUrl: 'https://a.example/shot',
        image: await noiseJpeg(70),
        snapshotPng: await noiseJpeg(71, 800, 600),
      },
    ]);
    const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
    expect(await t.ok('monitor', 'review.item', { itemId: a! })).toMatchObject({
      snapshotKind: 'png',
      pageTitle: null,
    });
    const shot = await t.ok('monitor', 'review.image', { itemId: a!, picture: 'snapshot' });
    expect(shot).toMatchObject({ revealed: false });
    const full = await t.ok('admin', 'review.reveal', { itemId: a!, picture: 'snapshot' });
    expect(full!.revealed).toBe(true);
    expect(full!.dataUrl.length).toBeGreaterThan(shot!.dataUrl.length);
  });

  it('a confirmed image found on a new page comes back for that page only', async () => {
    const img = await noiseJpeg(60);
    seed([{ pageUrl: 'https://a.example/1', image: img }]);
    const [a] = (await t.ok('monitor', 'review.list', {})).items.map((i) => i.id);
    await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
    seed([{ pageUrl: 'https://z.example/2', image: img }]);
    const back = (await t.ok('monitor', 'review.list', {})).items;
    expect(back).toMatchObject([{ id: a, newPages: 1, pageCount: 2 }]);
    const r = await t.ok('monitor', 'review.decide', { itemIds: [a!], decision: 'confirm' });
    expect(r.takedownRequestIds).toHaveLength(1); // only the new page's request
    expect(t.engine.db.prepare('SELECT count(*) FROM takedown_request_items').pluck().get()).toBe(
      2,
    );
  });
});

describe('reject memory', () => {
  it('knows the same image and near-identical ones (PDQ) for that case only', () => {
    const db = t.engine.db;
    const pdq = Buffer.alloc(32, 0x5a);
    db.prepare(
      `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at)
       VALUES ('aa', ?, NULL, 0, 1, 'x')`,
    ).run(pdq);
    db.prepare(
      `INSERT INTO review_items (case_id, image_sha256, state, priority, best_match_id,
         best_distance, algo, page_count, first_found_at, last_found_at)
       VALUES (?, 'aa', 'rejected', 0, 0, 0, 'pdq', 1, 'x', 'x')`,
    ).run(caseId);
    db.prepare(
      `INSERT INTO review_rejected (case_id, image_sha256, pdq, item_id, at) VALUES (?, 'aa', ?, 1, 'x')`,
    ).run(caseId, pdq);
    const near = Buffer.from(pdq);
    for (let i = 0; i < NEAR_IDENTICAL_PDQ; i++) near[i] = near[i]! ^ 1; // 16 bits flipped
    const far = Buffer.from(pdq);
    for (let i = 0; i < 16; i++) far[i] = far[i]! ^ 0x03; // 32 bits flipped
    expect(rejectedBefore(db, caseId, 'aa', null)).toBe(true);
    expect(rejectedBefore(db, caseId, 'bb', near)).toBe(true);
    expect(rejectedBefore(db, caseId, 'bb', far)).toBe(false);
    expect(rejectedBefore(db, caseId, 'bb', null)).toBe(false);
    expect(rejectedBefore(db, caseId + 1, 'aa', pdq)).toBe(false);
    expect(bytesToHex(near)).not.toBe(bytesToHex(pdq));
  });
});

describe('query plans', () => {
  const plan = (sql: string, params: unknown[]) =>
    (t.engine.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');

  it.each<[string, ReviewFilter, RegExp]>([
    ['the whole queue', { state: 'pending' }, /USING (COVERING )?INDEX review_items_queue/],
    ['one case', { state: 'pending', caseId: 1 }, /USING (COVERING )?INDEX review_items_case/],
    [
      'one algorithm',
      { state: 'confirmed', algo: 'pdq' },
      /USING (COVERING )?INDEX review_items_algo/,
    ],
    [
      'one host',
      { state: 'pending', host: 'a.example' },
      /USING (COVERING )?INDEX review_pages_host/,
    ],
    ['one site', { state: 'pending', siteId: 1 }, /USING (COVERING )?INDEX review_pages_site/],
    [
      'one source',
      { state: 'pending', source: 'list' },
      /USING (COVERING )?INDEX review_items_source/,
    ],
  ])('a window of %s is read through an index, without sorting', (_name, filter, index) => {
    t.engine.db.exec('ANALYZE');
    const w = windowSql(filter, 100, 0);
    const p = plan(w.text, [...w.params]);
    expect(p).toMatch(index);
    expect(p).not.toMatch(/SCAN i\b(?! USING)/);
    // The host and site filters read the queue's index in order and test membership in the
    // pages found through their own index: no filter may sort its window.
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('counts per state and per host use indexes', () => {
    const f: ReviewFilter = { state: 'pending' };
    const states = whereOf(f, 'state');
    expect(
      plan(`SELECT i.state, count(*) FROM review_items i WHERE ${states.text} GROUP BY i.state`, [
        ...states.params,
      ]),
    ).toMatch(/COVERING INDEX review_items_/);
    const hosts = plan(
      'SELECT host, count(DISTINCT item_id) FROM review_pages WHERE state = ? GROUP BY host',
      ['pending'],
    );
    expect(hosts).toMatch(/COVERING INDEX review_pages_host \(state=\?\)/);
    expect(hosts).not.toMatch(/TEMP B-TREE/);
    expect(pending().state).toBe('pending');
  });
});
