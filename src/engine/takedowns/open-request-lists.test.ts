/**
 * Takedown drafts from confirmed hash-list matches (decisions 0078, 0091) through the one opener:
 * one open request per page, shared with case matches on the same page, withdrawn from drafts on
 * undo, kept once sent.
 */
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordMatch } from '../matches';
import { openTakedownForMatch, withdrawTakedownForMatch } from './open-request';
import { createTakedownTestFile, sha, type TakedownTestFile } from './test-support';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

const now = new Date('2026-11-22T10:00:00Z');

/** A list with one entry, and a list match as the crawler writes it. */
function listMatch(db: Database.Database, pageUrl: string, imageUrl: string, list = 'Partner') {
  let listId = (
    db.prepare('SELECT id FROM hash_lists WHERE name = ?').get(list) as { id: number } | undefined
  )?.id;
  if (!listId) {
    listId = Number(
      db
        .prepare(
          `INSERT INTO hash_lists (name, source, format, enabled, entries, rejected, merged,
             imported_at) VALUES (?, '', 'csv', 1, 1, 0, 0, ?)`,
        )
        .run(list, now.toISOString()).lastInsertRowid,
    );
  }
  const entryId = Number(
    db
      .prepare(`INSERT INTO hash_list_entries (list_id, sha256, line) VALUES (?, ?, 2)`)
      .run(listId, sha(`${list} ${imageUrl}`)).lastInsertRowid,
  );
  const id = recordMatch(db, {
    found: {
      kind: 'image',
      runId: null,
      siteId: null,
      pageUrl,
      url: imageUrl,
      sha256: sha(imageUrl),
      foundAt: now.toISOString(),
      httpStatus: 200,
      httpHeaders: {},
      redirectChain: [],
      serverIp: '127.0.0.1',
    },
    target: { source: 'hash-list', listId, entryId },
    evidence: { algo: 'sha256', distance: 0, transform: 'identity' },
  })!;
  db.prepare(`UPDATE crawl_matches SET review_state = 'confirmed' WHERE id = ?`).run(id);
  return id;
}

const requests = () =>
  f.db.prepare('SELECT id, url, host, state FROM takedown_requests ORDER BY id').all() as {
    id: number;
    url: string;
    host: string;
    state: string;
  }[];
const items = (requestId: number) =>
  f.db
    .prepare(
      `SELECT match_id, case_id, list_name FROM takedown_request_items
        WHERE request_id = ? ORDER BY id`,
    )
    .all(requestId);
const events = (requestId: number) =>
  f.db
    .prepare('SELECT kind FROM takedown_events WHERE request_id = ? ORDER BY id')
    .pluck()
    .all(requestId);

describe('openTakedownForMatch, for a hash-list match', () => {
  it('opens one draft per page with no case, naming the list, and is idempotent', () => {
    const a = listMatch(f.db, 'https://img.example.com/p/1', 'https://img.example.com/a.jpg');
    const b = listMatch(f.db, 'https://img.example.com/p/1', 'https://img.example.com/b.jpg');
    const r1 = openTakedownForMatch(f.db, a, f.userId, now);
    const r2 = openTakedownForMatch(f.db, b, f.userId, now);
    expect(r2.requestIds).toEqual(r1.requestIds);
    expect(openTakedownForMatch(f.db, a, f.userId, now)).toEqual(r1);
    expect(requests()).toEqual([
      {
        id: r1.requestIds[0],
        url: 'https://img.example.com/p/1',
        host: 'img.example.com',
        state: 'draft',
      },
    ]);
    expect(items(r1.requestIds[0]!)).toEqual([
      { match_id: a, case_id: null, list_name: 'Partner' },
      { match_id: b, case_id: null, list_name: 'Partner' },
    ]);
    expect(events(r1.requestIds[0]!)).toEqual(['created', 'extended']);
  });

  it('shares the open request of a page with case matches', () => {
    const caseMatch = f.match('https://x.example/p', 'https://x.example/c.jpg');
    const { requestIds } = openTakedownForMatch(f.db, caseMatch, f.userId, now);
    const l = listMatch(f.db, 'https://x.example/p', 'https://x.example/l.jpg');
    expect(openTakedownForMatch(f.db, l, f.userId, now).requestIds).toEqual(requestIds);
    expect(items(requestIds[0]!)).toHaveLength(2);
  });

  it('refuses a match that does not exist', () => {
    expect(() => openTakedownForMatch(f.db, 999, f.userId, now)).toThrow(/does not exist/);
    expect(requests()).toEqual([]);
  });
});

describe('withdrawTakedownForMatch, for a hash-list match', () => {
  it('deletes a draft left empty, keeps a draft with other items, and leaves sent requests', () => {
    const a = listMatch(f.db, 'https://a.example/p', 'https://a.example/1.jpg');
    const b = listMatch(f.db, 'https://b.example/p', 'https://b.example/1.jpg');
    const c = listMatch(f.db, 'https://b.example/p', 'https://b.example/2.jpg');
    const ra = openTakedownForMatch(f.db, a, f.userId, now).requestIds[0]!;
    const rb = openTakedownForMatch(f.db, b, f.userId, now).requestIds[0]!;
    openTakedownForMatch(f.db, c, f.userId, now);

    withdrawTakedownForMatch(f.db, a, f.userId, now);
    withdrawTakedownForMatch(f.db, b, f.userId, now);
    expect(requests().map((r) => r.id)).toEqual([rb]);
    expect(items(rb)).toEqual([{ match_id: c, case_id: null, list_name: 'Partner' }]);
    expect(events(rb)).toEqual(['created', 'extended', 'withdrawn']);
    expect(ra).not.toBe(rb);

    f.db.prepare(`UPDATE takedown_requests SET state = 'sent' WHERE id = ?`).run(rb);
    withdrawTakedownForMatch(f.db, c, f.userId, now);
    expect(items(rb)).toHaveLength(1);
  });
});

describe('exports of requests opened from hash lists', () => {
  it('name the list where a case request names its case code', async () => {
    const { loadExportRequests, exportRows } = await import('../documents/export-requests');
    const a = listMatch(
      f.db,
      'https://img.example.com/p/9',
      'https://img.example.com/z.jpg',
      'A, B',
    );
    const [id] = openTakedownForMatch(f.db, a, f.userId, now).requestIds;
    const [exported] = loadExportRequests(f.db, { requestIds: [id!] }, now);
    expect(exported).toMatchObject({ caseCodes: [], hashLists: ['A, B'] });
    const [header, row] = exportRows([exported!]);
    expect(row![header!.indexOf('hash_lists')]).toBe('A, B');
  });
});
