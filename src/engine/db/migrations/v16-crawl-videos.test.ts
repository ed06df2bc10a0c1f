import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationCrawlVideos } from './v16-crawl-videos';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('migration crawl-videos', () => {
  it('keeps every frontier row of a file written before it, and takes video rows after', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'old.jium');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationCrawlVideos.version),
    });
    const at = '2026-12-01T00:00:00Z';
    old.db
      .prepare(
        `INSERT INTO crawl_sites (id, name, config, enabled, created_at, updated_at)
         VALUES (1, 'S', '{}', 1, ?, ?)`,
      )
      .run(at, at);
    old.db
      .prepare(
        `INSERT INTO crawl_runs (id, site_id, state, config, started_at) VALUES (7, 1, 'paused', '{}', ?)`,
      )
      .run(at);
    const insert = old.db.prepare(
      `INSERT INTO crawl_frontier (id, run_id, kind, url, host, path_key, depth, page_url, state,
         attempts, next_at, outcome) VALUES (?, 7, ?, ?, 'h', ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(3, 'page', 'http://h/', '/', 0, null, 'done', 1, 0, 'fetched');
    insert.run(9, 'image', 'http://h/a.jpg', '/a.jpg', 1, 'http://h/', 'queued', 2, 12345, null);
    const before = old.db.prepare('SELECT * FROM crawl_frontier ORDER BY id').all();
    expect(() =>
      insert.run(10, 'video', 'http://h/v.mp4', '/v.mp4', 1, 'http://h/', 'queued', 0, 0, null),
    ).toThrow(/CHECK/);
    old.close();

    const file = openCaseFile(path);
    try {
      expect(file.info.schemaVersion).toBeGreaterThanOrEqual(migrationCrawlVideos.version);
      expect(file.db.prepare('SELECT * FROM crawl_frontier ORDER BY id').all()).toEqual(before);
      file.db
        .prepare(
          `INSERT INTO crawl_frontier (run_id, kind, url, host, path_key, depth, page_url, state)
           VALUES (7, 'video', 'http://h/v.mp4', 'h', '/v.mp4', 1, 'http://h/', 'queued')`,
        )
        .run();
      const indexes = file.db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'crawl_frontier' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all();
      expect(indexes).toEqual([
        { name: 'crawl_frontier_due' },
        { name: 'crawl_frontier_host' },
        { name: 'crawl_frontier_path' },
      ]);
      // Deleting the run still deletes its frontier (the foreign key came across).
      file.db.prepare('DELETE FROM crawl_runs WHERE id = 7').run();
      expect(file.db.prepare('SELECT count(*) AS n FROM crawl_frontier').get()).toEqual({ n: 0 });
      expect(() =>
        file.db
          .prepare(
            `INSERT INTO crawl_video_hashes (sha256, duration_s, width, height, sample_every_s,
               sampled, frames, first_seen_at) VALUES ('x', 1, 2, 2, 1, 0, ?, ?)`,
          )
          .run(Buffer.alloc(36), at),
      ).toThrow(/CHECK/);
    } finally {
      file.close();
    }
  });
});
