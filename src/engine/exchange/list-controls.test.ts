import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HashListInfo } from '../../shared/exchange-types';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { recordSighting, storedFingerprint, type DbStoredImage } from '../crawl/sightings';
import { insertRun, insertSite } from '../crawl/sites';
import { localSite } from '../crawl/test-case-file';
import { bytesToHex } from '../fingerprint';
import { loadHashLists } from './list-set';
import { QUARANTINE_RULE } from './quarantine';

/** A PDQ hash from a seed, and the same with its first `bits` bits flipped. */
function pdq(seed: number, bits = 0): Buffer {
  const h = createHash('sha256').update(`pdq ${seed}`).digest();
  for (let b = 0; b < bits; b++) h[b >> 3]! ^= 0x80 >> (b & 7);
  return h;
}

let t: TestEngine;
let db: Database.Database;
let scope: { db: Database.Database; runId: number; siteId: number };
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
  db = t.engine.db;
  const config = localSite('http://127.0.0.1:9', { name: 'Gallery' });
  const siteId = insertSite(db, config, new Date());
  scope = { db, siteId, runId: insertRun(db, siteId, config, new Date()) };
});
afterEach(() => t.close());

/** A crawled image as the crawler stores it (hashes and where it was seen), not matched. */
function crawled(n: number, hash: Buffer, runId = scope.runId): string {
  const sha256 = createHash('sha256').update(`image ${n}`).digest('hex');
  db.prepare(
    `INSERT INTO crawl_image_hashes (sha256, pdq, blockhash, low_quality, matched, first_seen_at,
       pdq_quality) VALUES (?, ?, ?, 0, 0, '2026-12-01T00:00:00Z', 100)`,
  ).run(sha256, hash, pdq(1000 + n));
  recordSighting(
    { ...scope, runId },
    {
      pageUrl: `http://127.0.0.1:9/page/${n}`,
      imageUrl: `http://127.0.0.1:9/img/${n}.jpg`,
      sha256,
      at: '2026-12-01T00:00:00Z',
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
  );
  return sha256;
}

function fingerprintOf(sha256: string) {
  const row = db
    .prepare(
      'SELECT sha256, pdq, blockhash, low_quality, pdq_quality, variants, pixels FROM crawl_image_hashes WHERE sha256 = ?',
    )
    .get(sha256) as DbStoredImage;
  return storedFingerprint(row)!;
}

const listCount = (listId: number, table: 'crawl_matches' | 'review_items') =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE list_id = ?`).get(listId) as { n: number })
    .n;

async function importList(name: string, hashes: Buffer[], extra: object = {}) {
  const text = hashes.map((h) => bytesToHex(h)).join('\n');
  return (await t.ok('staff', 'exchange.import', { name, text, ...extra })).list;
}

describe('per-list PDQ distance', () => {
  it('matches at each list’s own distance on every path, and a wider one finds what was crawled before', async () => {
    const far = crawled(1, pdq(1, 25)); // 25 bits from entry 1
    const near = crawled(2, pdq(2, 12)); // 12 bits from entry 2
    const strict = await importList('Strict', [pdq(2)], { pdqDistance: 10 });
    const wide = await importList('Wide', [pdq(1)]);
    expect(wide.pdqDistance).toBe(20);
    expect(strict.pdqDistance).toBe(10);
    // Import (retro-matching): 25 > 20 and 12 > 10, nothing.
    expect(listCount(wide.id, 'crawl_matches') + listCount(strict.id, 'crawl_matches')).toBe(0);
    const set = loadHashLists(db);
    expect(set.match(fingerprintOf(far))).toBeUndefined();
    expect(set.match(fingerprintOf(near))).toBeUndefined();

    expect(
      await t.err('counsellor', 'exchange.setDistance', { id: wide.id, pdqDistance: 30 }),
    ).toBe('forbidden');
    expect(await t.err('monitor', 'exchange.setDistance', { id: wide.id, pdqDistance: 65 })).toBe(
      'validation',
    );
    const widened = await t.ok('monitor', 'exchange.setDistance', { id: wide.id, pdqDistance: 30 });
    expect(widened.pdqDistance).toBe(30);
    // The image crawled before is matched at once, from its stored hashes, and queued.
    expect(listCount(wide.id, 'crawl_matches')).toBe(1);
    expect(listCount(wide.id, 'review_items')).toBe(1);
    // The crawler's set reads the new distance; the strict list keeps its own.
    const again = loadHashLists(db);
    expect(again.match(fingerprintOf(far))).toMatchObject({ listId: wide.id, distance: 25 });
    expect(again.match(fingerprintOf(near))).toBeUndefined();
    const entry = listAudit(db, { limit: 50 }).find((a) => a.action === 'exchange.list.distance');
    expect(entry?.details).toMatchObject({ from: 20, to: 30, found: 1 });
  });
});

describe('known benign lists', () => {
  it('keeps an image within a benign entry’s distance out of the queue, from lists and retro-matching alike', async () => {
    const logo = crawled(3, pdq(3, 4));
    const other = crawled(4, pdq(4, 3));
    const benign = await importList('Benign logos', [pdq(3)], { kind: 'benign' });
    expect(benign).toMatchObject({ kind: 'benign', suppressed: 0 });
    const partner = await importList('Partner', [pdq(3), pdq(4)]);
    // Only the non-benign image became a list match and a queue item.
    const shas = db
      .prepare('SELECT image_sha256 FROM crawl_matches WHERE list_id = ?')
      .all(partner.id) as { image_sha256: string }[];
    expect(shas.map((r) => r.image_sha256)).toEqual([other]);
    const set = loadHashLists(db);
    expect(set.benign(fingerprintOf(logo))).toMatchObject({ listId: benign.id, distance: 4 });
    expect(set.benign(fingerprintOf(other))).toBeUndefined();
    // A benign list matches nothing itself.
    expect(listCount(benign.id, 'crawl_matches')).toBe(0);
    set.countSuppressed(benign.id);
    const lists = await t.ok('monitor', 'exchange.lists', {});
    expect(lists.find((l) => l.id === benign.id)?.suppressed).toBe(1);
  });
});

describe('quarantine', () => {
  it('holds an entry that matches many different images, tells why, and a release queues what it held', async () => {
    const n = QUARANTINE_RULE.entryImages + 6;
    for (let i = 0; i < n; i++) crawled(100 + i, pdq(50, 2 + (i % 8)));
    const list = await importList('Generic', [pdq(50), pdq(51)]);
    expect(listCount(list.id, 'crawl_matches')).toBe(n);
    // Every match is recorded, none waits in the queue: the entry is quarantined.
    expect(listCount(list.id, 'review_items')).toBe(0);
    const info = (await t.ok('monitor', 'exchange.lists', {})).find((l) => l.id === list.id)!;
    expect(info).toMatchObject({ quarantinedEntries: 1, held: n, quarantine: null });
    expect(info.entryQuarantine?.reason).toEqual({
      code: 'entry-spread',
      images: QUARANTINE_RULE.entryImages + 1,
      limit: QUARANTINE_RULE.entryImages,
    });
    const audits = listAudit(db, { limit: 100 });
    expect(audits.find((a) => a.action === 'exchange.entry.quarantine')?.actor).toBe('system');

    expect(await t.err('counsellor', 'exchange.release', { id: list.id, what: 'entries' })).toBe(
      'forbidden',
    );
    expect(await t.err('monitor', 'exchange.release', { id: list.id, what: 'list' })).toBe(
      'conflict',
    );
    const released = await t.ok('monitor', 'exchange.release', { id: list.id, what: 'entries' });
    expect(released).toMatchObject({ quarantinedEntries: 0, held: 0 });
    expect(listCount(list.id, 'review_items')).toBe(n);
    expect(listCount(list.id, 'crawl_matches')).toBe(n); // same matches, same count
    expect(listAudit(db, { limit: 100 }).some((a) => a.action === 'exchange.entry.release')).toBe(
      true,
    );
  });

  it('holds a list whose run rate jumps far above its own baseline, and queues again after release', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => pdq(200 + i));
    const list = await importList('Partner', entries);
    const set = () => loadHashLists(db);
    const config = localSite('http://127.0.0.1:9', { name: 'Gallery' });
    const record = (runId: number, i: number) => {
      const sha = crawled(300 + runId * 100 + i, pdq(200 + (i % 40), 3), runId);
      const hit = set().match(fingerprintOf(sha))!;
      set().record(hit, {
        runId,
        siteId: scope.siteId,
        pageUrl: `http://127.0.0.1:9/page/${runId}/${i}`,
        imageUrl: `http://127.0.0.1:9/img/${runId}/${i}.jpg`,
        imageSha256: sha,
        foundAt: new Date().toISOString(),
        httpStatus: 200,
        httpHeaders: {},
        redirectChain: [],
        serverIp: '127.0.0.1',
      });
    };
    // Both runs started after the import (09:00 on the test clock) and before the release.
    const startedAt = db.prepare('UPDATE crawl_runs SET images = ?, started_at = ? WHERE id = ?');
    // Earlier run: 5 matches in 500 images crawled (10 per 1,000): the list's baseline.
    startedAt.run(500, '2026-11-22T09:00:00Z', scope.runId);
    for (let i = 0; i < 5; i++) record(scope.runId, i);
    // This run: 400 images crawled, and the list matches 20 of them (50 per 1,000).
    const runId = insertRun(db, scope.siteId, config, new Date());
    startedAt.run(400, '2026-11-22T09:00:00Z', runId);
    let info: HashListInfo | undefined;
    for (let i = 0; i < 20; i++) record(runId, 5 + i);
    info = (await t.ok('monitor', 'exchange.lists', {})).find((l) => l.id === list.id)!;
    expect(info.quarantine?.reason).toEqual({
      code: 'list-rate',
      perThousand: 42.5,
      matched: 17,
      crawled: 400,
      baselinePerThousand: 10,
    });
    // The earlier run's 5 and this run's first 16 were queued; what came after is held, and the
    // undecided items of the list left the queue too.
    expect(info.held).toBe(25);
    expect(listCount(list.id, 'review_items')).toBe(0);
    t.clock.advance(60_000);
    info = await t.ok('monitor', 'exchange.release', { id: list.id, what: 'list' });
    expect(info).toMatchObject({ quarantine: null, held: 0 });
    expect(listCount(list.id, 'review_items')).toBe(25);
    // Released during this run: the run's rate was judged; further matches are queued.
    record(runId, 30);
    expect(listCount(list.id, 'review_items')).toBe(26);
  });
});

describe('export of list matches', () => {
  it('leaves content found through lists out unless asked, then exports it in the same rows', async () => {
    const sha = crawled(7, pdq(7, 2));
    const list = await importList('Partner', [pdq(7)]);
    const [match] = await t.ok('monitor', 'exchange.matches', { listId: list.id });
    await t.ok('monitor', 'exchange.reviewMatch', { id: match!.id, state: 'confirmed' });
    const plain = await t.ok('staff', 'exchange.export', { format: 'csv' });
    expect(plain.count).toBe(0);
    const both = await t.ok('staff', 'exchange.export', { format: 'csv', withLists: true });
    expect(both.count).toBe(1);
    // No evidence is kept for a list match, so no re-hashed PDQ: its blockhash and SHA-256 go.
    expect(both.text.split('\n')[1]).toBe(`,,${bytesToHex(pdq(1007))},${sha}`);
    const audit = listAudit(db, { limit: 20 }).filter((a) => a.action === 'exchange.export');
    expect(audit.map((a) => a.details)).toEqual(
      expect.arrayContaining([expect.objectContaining({ withLists: 1, rows: 1 })]),
    );
  });
});
