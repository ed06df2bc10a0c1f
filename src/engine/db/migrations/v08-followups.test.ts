import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test-support/temp-dir';
import { join } from 'node:path';
import { openCaseFile } from '../case-file';
import { MIGRATIONS } from './index';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('migration 8 (follow-ups)', () => {
  it('strips login secrets from run snapshots of a file written before it, and keeps the site ones for sealing', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'old.jium');
    // The file as an older Jium left it: every migration before version 8.
    const old = openCaseFile(path, { migrations: MIGRATIONS.filter((m) => m.version < 8) });
    const config = JSON.stringify({
      name: 'Old site',
      startUrls: ['https://example.org/'],
      headers: { 'X-Api-Key': 'old-header-secret' },
      cookies: 'sid=old-cookie-secret',
    });
    const at = new Date().toISOString();
    const siteId = old.db
      .prepare(
        `INSERT INTO crawl_sites (name, config, enabled, schedule_hours, created_at, updated_at)
         VALUES ('Old site', ?, 1, NULL, ?, ?)`,
      )
      .run(config, at, at).lastInsertRowid;
    old.db
      .prepare(
        "INSERT INTO crawl_runs (site_id, state, config, started_at) VALUES (?, 'paused', ?, ?)",
      )
      .run(siteId, config, at);
    old.close();

    const file = openCaseFile(path);
    try {
      expect(file.info.schemaVersion).toBeGreaterThanOrEqual(8);
      const run = file.db.prepare('SELECT config FROM crawl_runs').get() as { config: string };
      expect(JSON.parse(run.config)).toMatchObject({ headers: {}, cookies: '' });
      expect(run.config).not.toMatch(/secret/);
      // The site keeps them until the master key is open (the engine seals them then).
      const site = file.db
        .prepare('SELECT config, secrets, secret_names FROM crawl_sites')
        .get() as { config: string; secrets: Buffer | null; secret_names: string | null };
      expect(site.config).toContain('old-cookie-secret');
      expect(site.secrets).toBeNull();
      expect(site.secret_names).toBeNull();
    } finally {
      file.close();
    }
  });
});
