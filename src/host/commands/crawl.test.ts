import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import {
  PASSPHRASE,
  startTestEngine,
  withUsers,
  type TestEngine,
} from '../../engine/cases/test-support';
import { startTestServer, type TestServer } from '../../engine/crawl/test-server';
import { buildTestCli, runCli } from '../test-cli';

let cli: string;
let site: FixtureSite;
let refs: Buffer[];
beforeAll(async () => {
  cli = await buildTestCli('crawl');
  site = await startFixtureSite();
  refs = await Promise.all([0, 1, 2].map(demoReference));
}, 60_000);
afterAll(() => site.close());

/** A real case file (closed again) with one case that consented to web searches and its references. */
async function caseFile(): Promise<{ t: TestEngine; code: string }> {
  const t = await startTestEngine();
  await withUsers(t, ['counsellor', 'monitor']);
  const c = await t.ok('counsellor', 'cases.create', {
    identity: { name: 'Demo', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  for (const [i, bytes] of refs.entries()) {
    await t.ok('counsellor', 'images.add', {
      caseId: c.id,
      fileName: `ref-${i}.png`,
      data: bytes.toString('base64'),
    });
  }
  t.engine.close();
  return { t, code: c.code };
}

function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const EXPECTED = PLANTED.filter((p) => p.http && p.allowed);
const crawlArgs = (path: string, extra: string[] = []) => [
  'crawl',
  '--case-file',
  path,
  '--url',
  `${site.origin}/`,
  '--allow-loopback',
  '--mode',
  'http',
  '--max-depth',
  '6',
  '--max-pages',
  '200',
  '--rps',
  '500',
  '--timeout',
  '2',
  ...extra,
];

describe('jium crawl', () => {
  it('crawls the fixture site and prints every planted copy as TSV, exit code 0', async () => {
    const { t, code } = await caseFile();
    try {
      const run = runCli(cli, crawlArgs(t.path), { JIUM_PASSPHRASE: PASSPHRASE });
      expect(await run.exit, run.stderr()).toBe(0);
      const lines = run.stdout().trim().split('\n');
      expect(lines).toHaveLength(EXPECTED.length);
      const rows = lines.map((l) => l.split('\t'));
      for (const r of rows) {
        expect(r).toHaveLength(6);
        expect(r[0]).toBe('match');
        expect(r[1]).toBe(code);
        expect(['pdq', 'blockhash']).toContain(r[2]);
        expect(Number.isInteger(Number(r[3]))).toBe(true);
        expect(r[4]!.startsWith(site.origin)).toBe(true);
        expect(r[5]!.startsWith(site.origin)).toBe(true);
      }
      // Each planted page is reported (the redirected image is found from its gallery page).
      const pages = new Set(rows.map((r) => new URL(r[4]!).pathname));
      for (const p of EXPECTED) expect(pages).toContain(p.page);
      expect(run.stderr()).toMatch(/crawl \d+ finished: .* \d+ matches/);
      // Matched images are kept sealed (a passphrase was given).
      const kept = query<{ n: number }>(
        t.path,
        'SELECT COUNT(*) AS n FROM crawl_matches WHERE evidence_image IS NOT NULL',
      );
      expect(kept[0]!.n).toBe(EXPECTED.length);
      // --list shows the site it configured, finished.
      const list = runCli(cli, ['crawl', '--list', '--case-file', t.path]);
      expect(await list.exit).toBe(0);
      expect(list.stdout()).toMatch(
        /^\d+\tcli:127\.0\.0\.1:\d+\thttp:\/\/127\.0\.0\.1:\d+\/\tfinished\n$/,
      );
    } finally {
      t.close();
    }
  }, 120_000);

  it('prints JSON lines with --json, and keeps no images without a passphrase', async () => {
    const { t, code } = await caseFile();
    try {
      const run = runCli(cli, crawlArgs(t.path, ['--json']), { JIUM_PASSPHRASE: '' });
      expect(await run.exit, run.stderr()).toBe(0);
      expect(run.stderr()).toContain('no passphrase: matched images will not be kept');
      const matches = run
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { caseCode: string; hasImage: boolean; imageSha256: string });
      expect(matches).toHaveLength(EXPECTED.length);
      expect(matches.every((m) => m.caseCode === code && !m.hasImage)).toBe(true);
      expect(matches.every((m) => /^[0-9a-f]{64}$/.test(m.imageSha256))).toBe(true);
    } finally {
      t.close();
    }
  }, 120_000);

  it('pauses on Ctrl-C (SIGINT) with exit code 0, and the next run of the site continues it', async () => {
    const { t } = await caseFile();
    try {
      // Four requests a second over the first galleries: slow enough to interrupt part-way.
      const args = crawlArgs(t.path).map((a, i, all) =>
        all[i - 1] === '--rps' ? '4' : all[i - 1] === '--max-depth' ? '1' : a,
      );
      const run = runCli(cli, args, { JIUM_PASSPHRASE: PASSPHRASE });
      await expect
        .poll(() => /running: [1-9]\d* pages/.test(run.stderr()), { timeout: 30_000 })
        .toBe(true);
      run.child.kill('SIGINT');
      expect(await run.exit, run.stderr()).toBe(0);
      expect(run.stderr()).toMatch(/crawl (\d+) paused/);
      const runId = Number(/crawl (\d+) paused/.exec(run.stderr())![1]);
      const frontier = (state: string) =>
        query<{ n: number }>(
          t.path,
          'SELECT COUNT(*) AS n FROM crawl_frontier WHERE run_id = ? AND state = ?',
          runId,
          state,
        )[0]!.n;
      expect(query<{ state: string }>(t.path, 'SELECT state FROM crawl_runs')).toEqual([
        { state: 'paused' },
      ]);
      const queuedAtPause = frontier('queued');
      expect(queuedAtPause).toBeGreaterThan(0); // it really stopped part-way

      // The same site by name: the paused run continues (same run, nothing queued at the end).
      const again = runCli(
        cli,
        ['crawl', '--case-file', t.path, '--site', `cli:${new URL(site.origin).host}`],
        { JIUM_PASSPHRASE: PASSPHRASE },
      );
      expect(await again.exit, again.stderr()).toBe(0);
      expect(again.stderr()).toContain(`crawl ${runId} finished`);
      expect(query(t.path, 'SELECT id FROM crawl_runs')).toHaveLength(1);
      expect(frontier('queued') + frontier('in-flight')).toBe(0);
      const dupes = query(
        t.path,
        'SELECT url FROM crawl_frontier WHERE run_id = ? GROUP BY kind, url HAVING COUNT(*) > 1',
        runId,
      );
      expect(dupes).toEqual([]);
    } finally {
      t.close();
    }
  }, 180_000);

  it('sends the site’s sealed cookie and header when it has the passphrase', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const server: TestServer = await startTestServer({
      '/': (req, res) => {
        seen = req.headers;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>members</p>');
      },
    });
    const t = await startTestEngine();
    try {
      await withUsers(t, ['monitor']);
      await t.ok('monitor', 'sites.create', {
        config: {
          name: 'Members',
          startUrls: [`${server.origin}/`],
          allowAddresses: ['127.0.0.1'],
          renderMode: 'http',
          maxDepth: 0,
          cookies: 'sid=cli-secret',
          headers: { 'X-Token': 'cli-header' },
        },
      });
      t.engine.close();
      const locked = runCli(cli, ['crawl', '--case-file', t.path, '--site', 'Members'], {
        JIUM_PASSPHRASE: '',
      });
      expect(await locked.exit).toBe(0);
      expect(seen['cookie']).toBeUndefined();
      const logged = query<{ code: string }>(
        t.path,
        "SELECT code FROM crawl_log WHERE level = 'warn'",
      );
      expect(logged.map((l) => l.code)).toContain('secrets-locked');

      const open = runCli(cli, ['crawl', '--case-file', t.path, '--site', 'Members'], {
        JIUM_PASSPHRASE: PASSPHRASE,
      });
      expect(await open.exit, open.stderr()).toBe(0);
      expect([seen['cookie'], seen['x-token']]).toEqual(['sid=cli-secret', 'cli-header']);
      // Both runs went through crawls.start, audited as the local operator, not as 'system'.
      const audited = query<{ actor: string; action: string }>(
        t.path,
        "SELECT actor, action FROM audit_log WHERE action IN ('crawl.start', 'crawl.resume') ORDER BY seq",
      );
      expect(audited.map((a) => a.action)).toEqual(['crawl.start', 'crawl.start']);
      for (const a of audited) expect(a.actor).toMatch(/^operator:/);
    } finally {
      t.close();
      await server.close();
    }
  }, 60_000);

  it('explains bad input with a usage error (2) or a clear message (1)', async () => {
    const { t } = await caseFile();
    try {
      const none = runCli(cli, ['crawl', '--case-file', t.path]);
      expect(await none.exit).toBe(2);
      expect(none.stderr()).toContain('give --site (an existing site) or --url');
      const unknown = runCli(cli, ['crawl', '--case-file', t.path, '--site', 'nowhere']);
      expect(await unknown.exit).toBe(2);
      const flag = runCli(cli, ['crawl', '--case-file', t.path, '--speed', '3']);
      expect(await flag.exit).toBe(2);
      expect(flag.stderr()).toContain("Unknown option '--speed'");
      const url = runCli(cli, ['crawl', '--case-file', t.path, '--url', 'not a url']);
      expect(await url.exit).toBe(1);
      expect(url.stderr()).toMatch(/jium crawl: .*URL/i);
      const missing = runCli(cli, ['crawl', '--case-file', `${t.path}.nope`, '--list']);
      expect(await missing.exit).toBe(1);
      expect(missing.stderr()).toMatch(/jium crawl: /);
      expect(query(t.path, 'SELECT id FROM crawl_sites')).toHaveLength(0);
    } finally {
      t.close();
    }
  }, 60_000);
});
