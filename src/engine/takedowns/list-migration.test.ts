/**
 * Migration 10 (decision 0078) on a version-9 case file that already has a takedown request of a
 * case match and a list match: the request and its item survive unchanged as a case item, and a
 * list match confirmed afterwards can join the request with no case. (Since the one-match-model migration the list
 * match is a row of the one match table, decision 0091, and the item names it by match_id.)
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from '../db/case-file';
import { MIGRATIONS } from '../db/migrations';
import { openTakedownForMatch } from './open-request';
import { seedTakedownData } from './test-support';

it('adds the list columns to request items of a version-9 file', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'v9.jium');
    const now = new Date('2026-11-22T10:00:00Z');
    const at = now.toISOString();
    const old = openCaseFile(path, { migrations: MIGRATIONS.filter((m) => m.version <= 9) });
    old.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
         VALUES (1, 's', 'S', 'staff', 'x', ?)`,
      )
      .run(at);
    const seed = seedTakedownData(old.db, 1, now);
    const caseMatch = seed.match('https://p.example/1', 'https://p.example/a.jpg');
    // A draft for the case match, as version 9 opened it.
    const requestId = Number(
      old.db
        .prepare(
          `INSERT INTO takedown_requests (url, host, state, channel, created_at, created_by,
             updated_at) VALUES ('https://p.example/1', 'p.example', 'draft', 'email', ?, 1, ?)`,
        )
        .run(at, at).lastInsertRowid,
    );
    old.db
      .prepare(
        `INSERT INTO takedown_request_items (request_id, match_id, case_id, reference_image_id,
           image_url, image_sha256, found_at, added_at, added_by)
         SELECT ?, id, case_id, reference_image_id, image_url, image_sha256, found_at, ?, 1
         FROM crawl_matches WHERE id = ?`,
      )
      .run(requestId, at, caseMatch);
    old.db
      .prepare(
        `INSERT INTO hash_lists (id, name, source, format, enabled, entries, rejected, merged,
           imported_at) VALUES (1, 'Partner', '', 'csv', 1, 1, 0, 0, ?)`,
      )
      .run(at);
    old.db
      .prepare(`INSERT INTO hash_list_entries (id, list_id, sha256, line) VALUES (1, 1, ?, 2)`)
      .run('cd'.repeat(32));
    old.db
      .prepare(
        `INSERT INTO hash_list_matches (id, list_id, entry_id, page_url, image_url, image_sha256,
           found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo)
         VALUES (1, 1, 1, 'https://p.example/1', 'https://p.example/b.jpg', ?, ?, 200, '{}', '[]',
           '127.0.0.1', 0, 'sha256')`,
      )
      .run('cd'.repeat(32), at);
    expect(
      old.db
        .prepare(
          "SELECT 1 FROM pragma_table_info('takedown_request_items') WHERE name = 'list_match_id'",
        )
        .get(),
    ).toBeUndefined();
    old.close();

    const file = openCaseFile(path);
    const db = file.db;
    // Migrated through every later version too, not only to 10.
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(
      MIGRATIONS.at(-1)!.version,
    );
    expect(
      db.prepare('SELECT match_id, case_id, list_name FROM takedown_request_items').all(),
    ).toEqual([{ match_id: caseMatch, case_id: seed.caseId, list_name: null }]);
    // The list match moved into the one match table, after the crawl matches.
    const listMatch = db
      .prepare("SELECT id FROM crawl_matches WHERE source = 'hash-list'")
      .pluck()
      .get() as number;
    expect(listMatch).toBe(caseMatch + 1);
    expect(openTakedownForMatch(db, listMatch, 1, now).requestIds).toEqual([requestId]);
    expect(
      db
        .prepare('SELECT match_id, list_name FROM takedown_request_items WHERE case_id IS NULL')
        .all(),
    ).toEqual([{ match_id: listMatch, list_name: 'Partner' }]);
    // Deleting the list keeps the item and the name it matched under.
    db.prepare('DELETE FROM hash_lists WHERE id = 1').run();
    expect(
      db
        .prepare('SELECT match_id, list_name FROM takedown_request_items WHERE case_id IS NULL')
        .all(),
    ).toEqual([{ match_id: null, list_name: 'Partner' }]);
    file.close();
  } finally {
    cleanup();
  }
});
