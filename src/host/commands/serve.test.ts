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
  it('stops a running scheduled crawl on Ctrl-C at once, and the next start continues it', async () => {
    const t = await startTestEngine();
    await withUsers(t, ['monitor']);
    const s = await t.ok('monitor', 'sites.create', {
      config: {
        name: 'Slow scheduled fixture',
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
        requestsPerSecond: 2, // a long crawl: hundreds of requests at two a second
        renderMode: 'http',
        maxDepth: 6,
        timeoutSeconds: 2,
        scheduleHours: 6,
      },
    });
    t.engine.close();
    const serve = runCli(cli, ['serve', '--case-file', t.path, '--port', '0'], {
      JIUM_PASSPHRASE: PASSPHRASE,
    });
    try {
      await expect
        .poll(
          () =>
            query<{ pages: number }>(
              t.path,
              'SELECT pages FROM crawl_runs WHERE site_id = ?',
              s.id,
            )[0]?.pages ?? 0,
          { timeout: 60_000, interval: 250 },
        )
        .toBeGreaterThan(0);
    } finally {
      serve.child.kill('SIGINT');
    }
    // Never leave a hung child behind if the host fails to stop; a host that needed the guard
    // fails the test (it did not stop on SIGINT by itself), whatever the machine's speed.
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      serve.child.kill('SIGKILL');
    }, 15_000);
    const code = await serve.exit;
    clearTimeout(guard);
    expect(killed).toBe(false);
    expect(code).toBe(0);
    const [cut] = query<{ id: number; state: string; pages: number }>(
      t.path,
      'SELECT id, state, pages FROM crawl_runs',
    );
    expect(cut!.state).toBe('interrupted'); // cut short by the host, not paused by a person

    // The next start continues that run (same id) although the site is not due for six hours.
    const again = runCli(cli, ['serve', '--case-file', t.path, '--port', '0'], {
      JIUM_PASSPHRASE: PASSPHRASE,
    });
    try {
      await expect
        .poll(
          () =>
            query<{ id: number; state: string; pages: number }>(
              t.path,
              'SELECT id, state, pages FROM crawl_runs',
            ),
          { timeout: 60_000, interval: 250 },
        )
        .toEqual([
          { id: cut!.id, state: 'running', pages: expect.toSatisfy((n: number) => n > cut!.pages) },
        ]);
    } finally {
      again.child.kill('SIGINT');
    }
    const guard2 = setTimeout(() => again.child.kill('SIGKILL'), 30_000);
    expect(await again.exit).toBe(0);
    clearTimeout(guard2);
    t.close();
  }, 120_000);

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
