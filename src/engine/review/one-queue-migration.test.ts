/**
 * The one-queue migration on a case file of the version before: case items, their pages,
 * decisions and reject memory stay as they were (same ids, same columns), and the list matches
 * recorded before join the queue grouped per list and image, with their decided states kept.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from '../db/case-file';
import { MIGRATIONS } from '../db/migrations';
import { recordMatch } from '../matches';
import { migrationOneQueue } from '../db/migrations/v18-one-queue';
import { seedTakedownData, sha } from '../takedowns/test-support';

const all = (db: Database.Database, sql: string) => db.prepare(sql).all();
const ITEM_COLUMNS = `id, case_id, image_sha256, state, priority, best_match_id, best_distance,
  algo, page_count, first_found_at, last_found_at, new_pages, decided_at, decided_by`;

it('keeps every case item and queues the list matches of a file of the version before', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'previous.jium');
    const now = new Date('2026-12-01T10:00:00Z');
    const at = now.toISOString();
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationOneQueue.version),
    });
    const db0 = old.db;
    db0
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
         VALUES (1, 'm', 'M', 'monitor', 'x', ?)`,
      )
      .run(at);
    const seed = seedTakedownData(db0, 1, now);
    const m1 = seed.match('https://a.example/1', 'https://a.example/1.jpg');
    seed.match('https://b.example/2', 'https://a.example/1.jpg');
    const m3 = seed.match('https://c.example/3', 'https://c.example/3.jpg');
    const item1 = db0
      .prepare('SELECT item_id FROM review_pages WHERE match_id = ?')
      .pluck()
      .get(m1);
    const item3 = db0
      .prepare('SELECT item_id FROM review_pages WHERE match_id = ?')
      .pluck()
      .get(m3);
    db0
      .prepare(`INSERT INTO review_batches (id, user_id, decision, at) VALUES (1, 1, 'reject', ?)`)
      .run(at);
    db0
      .prepare(
        `INSERT INTO review_decisions (batch_id, item_id, user_id, action, prev_state, new_state,
           pages, at) VALUES (1, ?, 1, 'reject', 'pending', 'rejected', ?, ?)`,
      )
      .run(item3, JSON.stringify([[m3, 'confirmed']]), at);
    db0
      .prepare(`UPDATE review_items SET state = 'rejected', decided_by = 1 WHERE id = ?`)
      .run(item3);
    db0
      .prepare(
        `INSERT INTO review_rejected (case_id, image_sha256, pdq, item_id, at) VALUES (?, ?, NULL, ?, ?)`,
      )
      .run(seed.caseId, sha('https://c.example/3.jpg'), item3, at);
    db0.exec(`
      INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
        imported_at) VALUES (1, 'Partner', '', 'csv', 1, 1, 0, 0, '${at}');
      INSERT INTO hash_list_entries (id, list_id, pdq, line) VALUES (1, 1, zeroblob(32), 2);
    `);
    // A file of that version is written as that version wrote it, with its own columns; today's
    // recordMatch (used below, after the migration) writes columns later migrations added.
    const listMatch = (pageUrl: string, image: string, distance: number) =>
      Number(
        db0
          .prepare(
            `INSERT INTO crawl_matches (source, list_id, list_entry_id, media_kind, page_url,
               image_url, image_sha256, found_at, http_status, http_headers, redirect_chain,
               server_ip, distance, algo, transform, sampled)
             VALUES ('hash-list', 1, 1, 'image', ?, ?, ?, ?, 200, '{}', '[]', '127.0.0.1', ?,
               'pdq', 'identity', 0)`,
          )
          .run(pageUrl, `${pageUrl}/${image}.jpg`, sha(image), at, distance).lastInsertRowid,
      );
    const l1 = listMatch('https://d.example/1', 'x', 10);
    const l2 = listMatch('https://e.example/2', 'x', 6);
    const l3 = listMatch('https://d.example/1', 'y', 12);
    db0
      .prepare(
        `UPDATE crawl_matches SET review_state = 'confirmed', reviewed_by = 1, reviewed_at = ?
         WHERE id = ?`,
      )
      .run(at, l3);
    db0
      .prepare(`UPDATE crawl_matches SET review_state = 'confirmed', reviewed_by = 1 WHERE id = ?`)
      .run(l1);
    const before = {
      items: all(db0, `SELECT ${ITEM_COLUMNS} FROM review_items ORDER BY id`),
      pages: all(db0, 'SELECT * FROM review_pages ORDER BY match_id'),
      decisions: all(db0, 'SELECT * FROM review_decisions ORDER BY id'),
      rejected: all(db0, 'SELECT * FROM review_rejected'),
      matches: all(db0, 'SELECT * FROM crawl_matches ORDER BY id'),
    };
    expect(before.items).toHaveLength(2);
    expect(item1).not.toBe(item3);
    old.close();

    const file = openCaseFile(path);
    const db = file.db;
    expect(
      all(db, `SELECT ${ITEM_COLUMNS} FROM review_items WHERE source = 'case' ORDER BY id`),
    ).toEqual(before.items);
    expect(
      db
        .prepare(`SELECT count(*) FROM review_items WHERE source = 'case' AND list_id IS NULL`)
        .pluck()
        .get(),
    ).toBe(2);
    expect(
      all(
        db,
        `SELECT * FROM review_pages WHERE match_id IN (SELECT id FROM crawl_matches
           WHERE source <> 'hash-list') ORDER BY match_id`,
      ),
    ).toEqual(before.pages);
    expect(all(db, 'SELECT * FROM review_decisions ORDER BY id')).toEqual(before.decisions);
    expect(all(db, 'SELECT * FROM review_rejected')).toEqual(before.rejected);
    // Every column the file had keeps its values (later migrations may add columns).
    const matchColumns = Object.keys(before.matches[0] as object).join(', ');
    expect(all(db, `SELECT ${matchColumns} FROM crawl_matches ORDER BY id`)).toEqual(
      before.matches,
    );
    // The list matches are items now: x on two pages (one confirmed, one not) waits; y was
    // confirmed, and keeps who decided it.
    expect(
      all(
        db,
        `SELECT source, case_id, list_id, image_sha256, state, best_match_id, best_distance,
           page_count, decided_by FROM review_items WHERE source = 'list' ORDER BY image_sha256`,
      ),
    ).toEqual(
      [
        {
          source: 'list',
          case_id: null,
          list_id: 1,
          image_sha256: sha('x'),
          state: 'pending',
          best_match_id: l2,
          best_distance: 6,
          page_count: 2,
          decided_by: null,
        },
        {
          source: 'list',
          case_id: null,
          list_id: 1,
          image_sha256: sha('y'),
          state: 'confirmed',
          best_match_id: l3,
          best_distance: 12,
          page_count: 1,
          decided_by: 1,
        },
      ].sort((a, b) => a.image_sha256.localeCompare(b.image_sha256)),
    );
    expect(
      all(
        db,
        `SELECT p.host, p.state FROM review_pages p JOIN crawl_matches m ON m.id = p.match_id
         WHERE m.source = 'hash-list' ORDER BY p.match_id`,
      ),
    ).toEqual([
      { host: 'd.example', state: 'pending' },
      { host: 'e.example', state: 'pending' },
      { host: 'd.example', state: 'confirmed' },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Both triggers feed the queue after the swap: a new case match, a new list match.
    const m4 = seedTakedownData(db, 1, now, 'C-2026-0002').match('https://f.example/4', 'z');
    expect(db.prepare('SELECT count(*) FROM review_pages WHERE match_id = ?').pluck().get(m4)).toBe(
      1,
    );
    const l4 = recordMatch(db, {
      found: {
        kind: 'image',
        runId: null,
        siteId: null,
        pageUrl: 'https://g.example/5',
        url: 'https://g.example/5/y.jpg',
        sha256: sha('y'),
        foundAt: at,
        httpStatus: 200,
        httpHeaders: {},
        redirectChain: [],
        serverIp: '127.0.0.1',
      },
      target: { source: 'hash-list', listId: 1, entryId: 1 },
      evidence: { algo: 'pdq', distance: 3, transform: 'identity' },
    })!;
    // y was confirmed: found on a new page it comes back, for that page.
    expect(
      db
        .prepare(
          `SELECT i.state, i.page_count, i.new_pages, i.best_match_id FROM review_pages p
           JOIN review_items i ON i.id = p.item_id WHERE p.match_id = ?`,
        )
        .get(l4),
    ).toEqual({ state: 'pending', page_count: 2, new_pages: 1, best_match_id: l4 });
    file.close();
  } finally {
    cleanup();
  }
});
