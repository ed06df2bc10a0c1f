import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';
import { migrationRetroCandidates } from './v23-retro-candidates';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('migration retro-candidates', () => {
  it('keeps the sightings of a file written before it, none of them gone', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'old.jium');
    const old = openCaseFile(path, {
      migrations: MIGRATIONS.filter((m) => m.version < migrationRetroCandidates.version),
    });
    const now = '2026-12-01T00:00:00Z';
    const siteId = Number(
      old.db
        .prepare(
          `INSERT INTO crawl_sites (name, config, enabled, schedule_hours, created_at, updated_at)
           VALUES ('Old', '{}', 1, NULL, ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const row = {
      key: Buffer.alloc(16, 7),
      siteId,
      page: 'https://example.org/gallery',
      image: 'https://example.org/a.jpg',
      sha: 'ab'.repeat(32),
      headers: '{"content-type":"image/jpeg"}',
      chain: '[{"url":"https://example.org/a.jpg","status":200}]',
    };
    old.db
      .prepare(
        `INSERT INTO crawl_sightings (key, site_id, run_id, page_url, image_url, image_sha256,
           first_seen_at, last_seen_at, http_status, http_headers, redirect_chain, server_ip)
         VALUES (@key, @siteId, NULL, @page, @image, @sha, '${now}', '${now}', 200, @headers,
           @chain, '203.0.113.5')`,
      )
      .run(row);
    old.close();

    const file = openCaseFile(path);
    try {
      expect(file.info.schemaVersion).toBeGreaterThanOrEqual(migrationRetroCandidates.version);
      expect(
        file.db
          .prepare(
            `SELECT key, site_id, page_url, image_url, image_sha256, first_seen_at, http_status,
               http_headers, redirect_chain, server_ip, gone_at, gone_reason FROM crawl_sightings`,
          )
          .all(),
      ).toEqual([
        {
          key: row.key,
          site_id: siteId,
          page_url: row.page,
          image_url: row.image,
          image_sha256: row.sha,
          first_seen_at: now,
          http_status: 200,
          http_headers: row.headers,
          redirect_chain: row.chain,
          server_ip: '203.0.113.5',
          gone_at: null,
          gone_reason: null,
        },
      ]);
      expect(file.db.prepare('SELECT count(*) AS n FROM crawl_retro_candidates').get()).toEqual({
        n: 0,
      });
    } finally {
      file.close();
    }
  });
});
