/**
 * Migration 5 on a case file that already has crawl matches (written by the crawler of version
 * 4): they join the queue grouped per case and image, with their decided states kept.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { openCaseFile } from '../db/case-file';
import { MIGRATIONS } from '../db/migrations';

it('backfills the queue from matches recorded before review existed', () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'old.jium');
    const old = openCaseFile(path, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    const db = old.db;
    const now = '2026-11-20T10:00:00.000Z';
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at)
       VALUES (1, 'm', 'M', 'monitor', 'x', ?)`,
    ).run(now);
    db.prepare(
      `INSERT INTO cases (id, code, status, consent_search, consent_takedown, consent_storage,
         consent_recorded_at, consent_recorded_by, identity, created_at, created_by, updated_at)
       VALUES (1, 'C-2026-0001', 'monitoring', 1, 1, 'originals', ?, 1, x'00', ?, 1, ?)`,
    ).run(now, now, now);
    db.prepare(
      `INSERT INTO reference_images (id, case_id, sha256, file_name, format, width, height,
         byte_size, low_quality, added_at, added_by)
       VALUES (1, 1, 'r', x'00', 'jpeg', 1, 1, 1, 0, ?, 1)`,
    ).run(now);
    const insert = db.prepare(
      `INSERT INTO crawl_matches (case_id, reference_image_id, page_url, image_url, image_sha256,
         found_at, http_status, http_headers, redirect_chain, server_ip, distance, algo, transform,
         review_state)
       VALUES (1, 1, ?, 'https://x/i.jpg', ?, ?, 200, '{}', '[]', '1.2.3.4', ?, 'pdq', 'identity', ?)`,
    );
    insert.run('https://a.example/1', 'aaa', now, 12, 'pending');
    insert.run('https://b.example/2', 'aaa', now, 8, 'pending');
    insert.run('https://c.example/3', 'bbb', now, 30, 'rejected');
    old.close();

    const file = openCaseFile(path);
    const items = file.db
      .prepare(
        'SELECT image_sha256, state, page_count, best_distance FROM review_items ORDER BY image_sha256',
      )
      .all();
    expect(items).toEqual([
      { image_sha256: 'aaa', state: 'pending', page_count: 2, best_distance: 8 },
      { image_sha256: 'bbb', state: 'rejected', page_count: 1, best_distance: 30 },
    ]);
    expect(
      file.db.prepare('SELECT host FROM review_pages ORDER BY match_id').pluck().all(),
    ).toEqual(['a.example', 'b.example', 'c.example']);
    // What was rejected before stays out of the queue for that case.
    expect(file.db.prepare('SELECT image_sha256 FROM review_rejected').pluck().all()).toEqual([
      'bbb',
    ]);
    file.close();
  } finally {
    cleanup();
  }
});
