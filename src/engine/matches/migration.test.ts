/**
 * The one-match-model migration, decision 0091) on a case file of the version before holding crawl
 * matches, hash-list matches, review items with decisions, and takedown requests with items of
 * both kinds, events and a re-check: nothing is lost, ids that others refer to stay, list matches
 * become rows of the one table with their request items following them.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from '../db/case-file';
import { MIGRATIONS } from '../db/migrations';
import { migrationOneMatchModel } from '../db/migrations/v17-one-match-model';
import { seedTakedownData } from '../takedowns/test-support';

const OLD_MATCH_COLUMNS = `id, run_id, site_id, case_id, reference_image_id, page_url, image_url,
  image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo,
  transform, evidence_image, snapshot, snapshot_kind, warc, review_state`;
const LIST_COLUMNS = `run_id, site_id, list_id, page_url, image_url, image_sha256, found_at,
  http_status, http_headers, redirect_chain, server_ip, distance, algo, review_state,
  reviewed_by, reviewed_at`;

const ITEM_COLUMNS = `id, case_id, image_sha256, state, priority, best_match_id, best_distance,
  algo, page_count, first_found_at, last_found_at, new_pages, decided_at, decided_by`;

const all = (db: Database.Database, sql: string) => db.prepare(sql).all();

it('moves every match, decision, request and item of the previous version into the one model', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'previous.jium');
    const now = new Date('2026-12-01T10:00:00Z');
    const at = now.toISOString();
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationOneMatchModel.version),
    });
    const db0 = old.db;
    db0
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
         VALUES (1, 'm', 'M', 'monitor', 'x', ?)`,
      )
      .run(at);
    db0
      .prepare(
        `INSERT INTO crawl_sites (id, name, config, enabled, created_at, updated_at)
         VALUES (1, 'Site', '{}', 1, ?, ?)`,
      )
      .run(at, at);
    const seed = seedTakedownData(db0, 1, now);
    const m1 = seed.match('https://a.example/1', 'https://a.example/1.jpg', { siteId: 1 });
    const m2 = seed.match('https://b.example/2', 'https://a.example/1.jpg', { siteId: 1 });
    const m3 = seed.match('https://c.example/3', 'https://c.example/3.jpg', {
      chain: [{ url: 'https://c.example/r/3.jpg', status: 302 }],
    });
    db0.prepare(`UPDATE crawl_matches SET review_state = 'pending' WHERE id = ?`).run(m3);
    db0
      .prepare(
        `UPDATE crawl_matches SET evidence_image = x'0102', snapshot = x'03',
      snapshot_kind = 'html' WHERE id = ?`,
      )
      .run(m1);
    // A decision on the first item, as review writes it.
    const item = db0
      .prepare('SELECT item_id FROM review_pages WHERE match_id = ?')
      .pluck()
      .get(m1) as number;
    db0
      .prepare(`INSERT INTO review_batches (id, user_id, decision, at) VALUES (1, 1, 'confirm', ?)`)
      .run(at);
    db0
      .prepare(
        `INSERT INTO review_decisions (batch_id, item_id, user_id, action, prev_state, new_state,
           pages, at) VALUES (1, ?, 1, 'confirm', 'pending', 'confirmed', ?, ?)`,
      )
      .run(
        item,
        JSON.stringify([
          [m1, 'pending'],
          [m2, 'pending'],
        ]),
        at,
      );
    db0
      .prepare(`UPDATE review_items SET state = 'confirmed', decided_by = 1 WHERE id = ?`)
      .run(item);
    db0.exec(`
      INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
        imported_at) VALUES (1, 'Partner', 'p', 'csv', 1, 2, 0, 0, '${at}');
      INSERT INTO hash_list_entries (id, list_id, sha256, line) VALUES (1, 1, '${'cd'.repeat(32)}', 2);
      INSERT INTO hash_list_entries (id, list_id, pdq, line) VALUES (2, 1, zeroblob(32), 3);
      INSERT INTO hash_list_matches (id, run_id, site_id, list_id, entry_id, page_url, image_url,
        image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip, distance,
        algo, review_state, reviewed_by, reviewed_at)
      VALUES
        (1, NULL, 1, 1, 1, 'https://a.example/1', 'https://a.example/l.jpg', '${'cd'.repeat(32)}',
          '${at}', 200, '{"x":"y"}', '[]', '10.0.0.1', 0, 'sha256', 'confirmed', 1, '${at}'),
        (2, NULL, NULL, 1, 2, 'https://d.example/4', 'https://d.example/4.jpg', '${'ef'.repeat(32)}',
          '${at}', 200, '{}', '[]', '10.0.0.2', 12, 'pdq', 'pending', NULL, NULL);
    `);
    // One request carries a case item and the list item (same page); one only a case item.
    const request = db0.prepare(
      `INSERT INTO takedown_requests (url, host, state, channel, created_at, created_by,
         updated_at, first_sent_at) VALUES (?, ?, ?, 'email', ?, 1, ?, ?)`,
    );
    const r1 = Number(
      request.run('https://a.example/1', 'a.example', 'draft', at, at, null).lastInsertRowid,
    );
    const r2 = Number(
      request.run('https://b.example/2', 'b.example', 'sent', at, at, at).lastInsertRowid,
    );
    db0
      .prepare(
        `INSERT INTO takedown_events (request_id, at, actor_id, kind, to_state, detail)
       VALUES (?, ?, 1, 'created', 'draft', ?)`,
      )
      .run(r1, at, JSON.stringify({ matchId: m1 }));
    const caseItem = db0.prepare(
      `INSERT INTO takedown_request_items (request_id, match_id, case_id, reference_image_id,
         image_url, image_sha256, found_at, added_at, added_by)
       SELECT ?, id, case_id, reference_image_id, image_url, image_sha256, found_at, ?, 1
       FROM crawl_matches WHERE id = ?`,
    );
    caseItem.run(r1, at, m1);
    db0
      .prepare(
        `INSERT INTO takedown_request_items (request_id, list_match_id, list_name, image_url,
           image_sha256, found_at, added_at, added_by)
         VALUES (?, 1, 'Partner', 'https://a.example/l.jpg', ?, ?, ?, 1)`,
      )
      .run(r1, 'cd'.repeat(32), at, at);
    caseItem.run(r2, at, m2);
    db0
      .prepare(
        `INSERT INTO takedown_checks (request_id, at, actor_id, page_status, outcome, detail)
         VALUES (?, ?, 1, 200, 'present', '[]')`,
      )
      .run(r2, at);
    db0
      .prepare(
        `UPDATE takedown_request_items SET gone_at = ?, gone_reason = 'image-404'
      WHERE match_id = ?`,
      )
      .run(at, m2);

    // A table of a later domain that refers to matches (retro-matching's) keeps its rows too.
    db0.prepare('INSERT INTO crawl_retro_matches (match_id, at) VALUES (?, ?)').run(m3, at);
    const before = {
      retro: all(db0, 'SELECT * FROM crawl_retro_matches ORDER BY match_id'),
      matches: all(db0, `SELECT ${OLD_MATCH_COLUMNS} FROM crawl_matches ORDER BY id`),
      lists: all(db0, `SELECT ${LIST_COLUMNS}, entry_id FROM hash_list_matches ORDER BY id`),
      items: all(db0, `SELECT ${ITEM_COLUMNS} FROM review_items ORDER BY id`),
      pages: all(db0, 'SELECT * FROM review_pages ORDER BY match_id'),
      decisions: all(db0, 'SELECT * FROM review_decisions ORDER BY id'),
      rejected: all(db0, 'SELECT * FROM review_rejected ORDER BY case_id, image_sha256'),
      requests: all(db0, 'SELECT * FROM takedown_requests ORDER BY id'),
      events: all(db0, 'SELECT * FROM takedown_events ORDER BY id'),
      checks: all(db0, 'SELECT * FROM takedown_checks ORDER BY id'),
      requestItems: all(
        db0,
        `SELECT id, request_id, match_id, list_match_id, case_id, reference_image_id, list_name,
           image_url, image_sha256, found_at, added_at, added_by, gone_at, gone_reason
         FROM takedown_request_items ORDER BY id`,
      ),
    };
    expect(before.requestItems).toHaveLength(3);
    old.close();

    const file = openCaseFile(path);
    const db = file.db;
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(
      MIGRATIONS.at(-1)!.version,
    );
    // Crawl matches keep their ids and every column, and are case-image matches of an image.
    expect(
      all(
        db,
        `SELECT ${OLD_MATCH_COLUMNS} FROM crawl_matches WHERE source = 'case-image' ORDER BY id`,
      ),
    ).toEqual(before.matches);
    expect(
      all(
        db,
        `SELECT DISTINCT source, media_kind, sampled, segments FROM crawl_matches WHERE case_id IS NOT NULL`,
      ),
    ).toEqual([{ source: 'case-image', media_kind: 'image', sampled: 0, segments: null }]);
    // List matches follow, in their order, with every column.
    const maxCrawl = Math.max(m1, m2, m3);
    expect(
      all(
        db,
        `SELECT ${LIST_COLUMNS}, list_entry_id AS entry_id FROM crawl_matches
         WHERE source = 'hash-list' ORDER BY id`,
      ),
    ).toEqual(before.lists);
    expect(
      db
        .prepare(`SELECT id FROM crawl_matches WHERE source = 'hash-list' ORDER BY id`)
        .pluck()
        .all(),
    ).toEqual([maxCrawl + 1, maxCrawl + 2]);
    // Review and takedown rows are all there, unchanged.
    // (Later versions add list items to the queue: the case items are compared.)
    expect(
      all(db, `SELECT ${ITEM_COLUMNS} FROM review_items WHERE case_id IS NOT NULL ORDER BY id`),
    ).toEqual(before.items);
    expect(all(db, 'SELECT * FROM crawl_retro_matches ORDER BY match_id')).toEqual(before.retro);
    expect(before.retro).toHaveLength(1);
    expect(
      all(
        db,
        `SELECT * FROM review_pages WHERE match_id IN
           (SELECT id FROM crawl_matches WHERE case_id IS NOT NULL) ORDER BY match_id`,
      ),
    ).toEqual(before.pages);
    expect(all(db, 'SELECT * FROM review_decisions ORDER BY id')).toEqual(before.decisions);
    expect(all(db, 'SELECT * FROM review_rejected ORDER BY case_id, image_sha256')).toEqual(
      before.rejected,
    );
    expect(all(db, 'SELECT * FROM takedown_requests ORDER BY id')).toEqual(before.requests);
    expect(all(db, 'SELECT * FROM takedown_events ORDER BY id')).toEqual(before.events);
    expect(all(db, 'SELECT * FROM takedown_checks ORDER BY id')).toEqual(before.checks);
    // The list item now names the moved match; case items are unchanged.
    expect(all(db, 'SELECT * FROM takedown_request_items ORDER BY id')).toEqual(
      before.requestItems.map((i) => {
        const { list_match_id: lm, ...rest } = i as { list_match_id: number | null };
        return {
          ...rest,
          match_id: lm === 1 ? maxCrawl + 1 : (rest as { match_id: number }).match_id,
        };
      }),
    );
    expect(
      db.prepare('SELECT name FROM sqlite_master WHERE name = ?').get('hash_list_matches'),
    ).toBeUndefined();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The queue's trigger came back: a new case match makes an item, or joins its image's item.
    const m4 = seedTakedownData(db, 1, now, 'C-2026-0002').match(
      'https://e.example/5',
      'https://e.example/5.jpg',
    );
    expect(
      db.prepare('SELECT page_count FROM review_items WHERE best_match_id = ?').pluck().get(m4),
    ).toBe(1);
    const m5 = db
      .prepare(
        `INSERT INTO crawl_matches (case_id, reference_image_id, page_url, image_url, image_sha256,
           found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo,
           transform)
         SELECT case_id, reference_image_id, 'https://e.example/6', image_url, image_sha256,
           found_at, 200, '{}', '[]', '1.2.3.4', 3, 'pdq', 'identity' FROM crawl_matches
         WHERE id = ?`,
      )
      .run(m1).lastInsertRowid;
    expect(
      db.prepare('SELECT item_id FROM review_pages WHERE match_id = ?').pluck().get(Number(m5)),
    ).toBe(item);
    // The list match's item follows deletes as before: deleting the list empties its match.
    db.prepare('DELETE FROM hash_lists WHERE id = 1').run();
    expect(
      db
        .prepare('SELECT match_id FROM takedown_request_items WHERE list_name IS NOT NULL')
        .pluck()
        .all(),
    ).toEqual([null]);
    file.close();
  } finally {
    cleanup();
  }
});
