import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { PASSPHRASE, startTestEngine, withUsers } from '../../engine/cases/test-support';
import { buildTestCli, runCli } from '../test-cli';

let cli: string;
let site: FixtureSite;
beforeAll(async () => {
  cli = await buildTestCli('serve');
  site = await startFixtureSite();
}, 60_000);
afterAll(() => site.close());

/** Reads the case file through its own connection, as another process would. */
function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('jium serve', () => {
  it('runs the due scheduled crawls of its case file without anyone opening the Crawls page', async () => {
    const t = await startTestEngine();
    await withUsers(t, ['monitor']);
    const s = await t.ok('monitor', 'sites.create', {
      config: {
        name: 'Scheduled fixture',
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
        requestsPerSecond: 500,
        renderMode: 'http',
        maxDepth: 1,
        maxPages: 20,
        timeoutSeconds: 2,
        scheduleHours: 6,
      },
    });
    t.engine.close(); // the case file is now only on disk: serve opens it fresh
    const serve = runCli(cli, ['serve', '--case-file', t.path, '--port', '0'], {
      JIUM_PASSPHRASE: PASSPHRASE,
    });
    try {
      await expect
        .poll(
          () =>
            query<{ state: string }>(t.path, 'SELECT state FROM crawl_runs WHERE site_id = ?', s.id)
              .map((r) => r.state)
              .join(),
          { timeout: 60_000, interval: 250 },
        )
        .toBe('finished');
      const scheduled = query<{ action: string }>(
        t.path,
        "SELECT action FROM audit_log WHERE action = 'crawl.scheduled'",
      );
      expect(scheduled).toHaveLength(1);
      expect(serve.stdout()).toContain('Open: http://127.0.0.1:');
    } finally {
      serve.child.kill('SIGINT');
      expect(await serve.exit).toBe(0);
      t.close();
    }
  }, 90_000);
});
