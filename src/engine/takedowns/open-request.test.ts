import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTakedownForMatch, withdrawTakedownForMatch } from './open-request';
import { createTakedownTestFile, sha, type TakedownTestFile } from './test-support';

let f: TakedownTestFile;
beforeEach(() => {
  f = createTakedownTestFile();
});
afterEach(() => f.cleanup());

const now = new Date('2026-11-22T10:00:00Z');
const requests = () =>
  f.db
    .prepare('SELECT id, url, host, state, channel, contact, reupload_of FROM takedown_requests')
    .all() as {
    id: number;
    url: string;
    host: string;
    state: string;
    channel: string;
    contact: string;
    reupload_of: number | null;
  }[];
const items = (requestId: number) =>
  (
    f.db
      .prepare('SELECT match_id FROM takedown_request_items WHERE request_id = ? ORDER BY id')
      .all(requestId) as { match_id: number }[]
  ).map((r) => r.match_id);
const events = (requestId: number) =>
  (
    f.db
      .prepare('SELECT kind FROM takedown_events WHERE request_id = ? ORDER BY id')
      .all(requestId) as { kind: string }[]
  ).map((r) => r.kind);

describe('openTakedownForMatch', () => {
  it('opens one draft per page URL, extends it with further images, and is idempotent', () => {
    const m1 = f.match('https://img.example.com/p/1', 'https://img.example.com/a.jpg');
    const m2 = f.match('https://img.example.com/p/1', 'https://img.example.com/b.jpg');
    const m3 = f.match('https://other.example.org/x', 'https://other.example.org/a.jpg');
    const r1 = openTakedownForMatch(f.db, m1, f.userId, now);
    const r2 = openTakedownForMatch(f.db, m2, f.userId, now);
    const again = openTakedownForMatch(f.db, m1, f.userId, now);
    const r3 = openTakedownForMatch(f.db, m3, f.userId, now);
    expect(r2.requestIds).toEqual(r1.requestIds);
    expect(again.requestIds).toEqual(r1.requestIds);
    expect(r3.requestIds[0]).not.toBe(r1.requestIds[0]);
    const rows = requests();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      url: 'https://img.example.com/p/1',
      host: 'img.example.com',
      state: 'draft',
    });
    expect(items(r1.requestIds[0]!)).toEqual([m1, m2]);
    expect(events(r1.requestIds[0]!)).toEqual(['created', 'extended']);
  });

  it('pre-fills channel and contact from the host registry (parent domains match)', () => {
    const at = now.toISOString();
    const pid = Number(
      f.db
        .prepare(
          `INSERT INTO takedown_platforms (name, abuse_email, form_url, preferred_channel,
             language, created_at, updated_at)
           VALUES ('Example', 'abuse@example.com', 'https://example.com/report', 'web-form', 'ko', ?, ?)`,
        )
        .run(at, at).lastInsertRowid,
    );
    f.db
      .prepare('INSERT INTO takedown_platform_hosts (host, platform_id) VALUES (?, ?)')
      .run('example.com', pid);
    const m = f.match('https://img.example.com/p/1', 'https://img.example.com/a.jpg');
    openTakedownForMatch(f.db, m, f.userId, now);
    expect(requests()[0]).toMatchObject({
      channel: 'web-form',
      contact: 'https://example.com/report',
    });
  });

  it('extends a sent request, but opens a new one once the earlier was closed, linked as a re-upload', () => {
    const m1 = f.match('https://a.example/p', 'https://a.example/1.jpg', { sha: sha('img') });
    const [first] = openTakedownForMatch(f.db, m1, f.userId, now).requestIds;
    f.db.prepare(`UPDATE takedown_requests SET state = 'sent' WHERE id = ?`).run(first);
    const m2 = f.match('https://a.example/p', 'https://a.example/2.jpg');
    expect(openTakedownForMatch(f.db, m2, f.userId, now).requestIds).toEqual([first]);
    f.db.prepare(`UPDATE takedown_requests SET state = 'removed' WHERE id = ?`).run(first);
    // Same image at another URL: a re-upload of the first request.
    const later = new Date('2026-11-23T09:00:00Z');
    // Found by the same crawl before any request existed: a sibling, not a re-upload.
    const sibling = f.match('https://s.example/q', 'https://s.example/z.jpg', { sha: sha('img') });
    const [sib] = openTakedownForMatch(f.db, sibling, f.userId, now).requestIds;
    expect(requests().find((r) => r.id === sib)?.reupload_of).toBeNull();
    const m3 = f.match('https://b.example/q', 'https://b.example/z.jpg', {
      sha: sha('img'),
      foundAt: later,
    });
    const [second] = openTakedownForMatch(f.db, m3, f.userId, later).requestIds;
    expect(second).not.toBe(first);
    // The most recent earlier request for the same content.
    expect(requests().find((r) => r.id === second)?.reupload_of).toBe(sib);
    // Different content from another reference: not a re-upload.
    const other = f.addReference();
    const m4 = f.match('https://c.example/r', 'https://c.example/y.jpg', {
      referenceId: other,
      foundAt: later,
    });
    const [third] = openTakedownForMatch(f.db, m4, f.userId, later).requestIds;
    expect(requests().find((r) => r.id === third)?.reupload_of).toBeNull();
  });

  it('opens nothing for a case that did not consent to takedowns', () => {
    f.db.prepare('UPDATE cases SET consent_takedown = 0 WHERE id = ?').run(f.caseId);
    const m = f.match('https://a.example/p', 'https://a.example/1.jpg');
    expect(openTakedownForMatch(f.db, m, f.userId, now)).toEqual({ requestIds: [] });
    expect(requests()).toHaveLength(0);
  });

  it('refuses an unknown match with not-found and writes nothing', () => {
    expect(() => openTakedownForMatch(f.db, 9999, f.userId, now)).toThrow(/does not exist/);
    expect(requests()).toHaveLength(0);
  });
});

describe('withdrawTakedownForMatch', () => {
  it('takes the match off a draft and deletes a draft left empty', () => {
    const m1 = f.match('https://a.example/p', 'https://a.example/1.jpg');
    const m2 = f.match('https://a.example/p', 'https://a.example/2.jpg');
    const [id] = openTakedownForMatch(f.db, m1, f.userId, now).requestIds;
    openTakedownForMatch(f.db, m2, f.userId, now);
    withdrawTakedownForMatch(f.db, m2, f.userId, now);
    expect(items(id!)).toEqual([m1]);
    expect(events(id!)).toEqual(['created', 'extended', 'withdrawn']);
    withdrawTakedownForMatch(f.db, m1, f.userId, now);
    expect(requests()).toHaveLength(0);
    expect(f.db.prepare('SELECT COUNT(*) AS n FROM takedown_events').get()).toEqual({ n: 0 });
  });

  it('leaves sent requests alone, and their history cannot be rewritten', () => {
    const m1 = f.match('https://a.example/p', 'https://a.example/1.jpg');
    const [id] = openTakedownForMatch(f.db, m1, f.userId, now).requestIds;
    f.db.prepare(`UPDATE takedown_requests SET state = 'sent' WHERE id = ?`).run(id);
    withdrawTakedownForMatch(f.db, m1, f.userId, now);
    expect(items(id!)).toEqual([m1]);
    expect(() => f.db.prepare('DELETE FROM takedown_requests WHERE id = ?').run(id)).toThrow(
      /only draft/,
    );
    expect(() => f.db.prepare(`UPDATE takedown_events SET kind = 'edited'`).run()).toThrow(
      /append-only/,
    );
    expect(() => f.db.prepare('DELETE FROM takedown_events').run()).toThrow(/append-only/);
  });

  it('does nothing for a match on no request', () => {
    // Another match of the same page is on a draft: withdrawing m1 must leave it as it is.
    const m1 = f.match('https://a.example/p', 'https://a.example/1.jpg');
    const m2 = f.match('https://a.example/p', 'https://a.example/2.jpg');
    const [id] = openTakedownForMatch(f.db, m2, f.userId, now).requestIds;
    const state = () => ({
      requests: requests(),
      items: f.db.prepare('SELECT * FROM takedown_request_items ORDER BY id').all(),
      events: f.db.prepare('SELECT * FROM takedown_events ORDER BY id').all(),
    });
    const before = state();
    expect(before.requests).toHaveLength(1);
    expect(items(id!)).toEqual([m2]);
    withdrawTakedownForMatch(f.db, m1, f.userId, now);
    expect(state()).toEqual(before);
  });
});
