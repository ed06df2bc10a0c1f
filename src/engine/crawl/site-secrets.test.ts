import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawFiles, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { buildTestCli } from '../../host/test-cli';
import { startTestServer, type TestServer } from './test-server';

const COOKIE = 'sid=COOKIE-SECRET-7f3a9e';
const HEADER = 'HEADER-SECRET-91c2d4';

let server: TestServer;
const seen: IncomingHttpHeaders[] = [];
let t: TestEngine;
beforeAll(async () => {
  // Crawls run in the built worker thread, as in the app (the secrets cross into it).
  const cli = await buildTestCli('secrets');
  process.env['JIUM_CRAWL_WORKER'] = cli.replace(/cli\.js$/, 'crawl-worker.js');
  server = await startTestServer({
    '/': (req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>members only</p>');
    },
  });
}, 60_000);
afterAll(async () => {
  delete process.env['JIUM_CRAWL_WORKER'];
  await server.close();
});
afterEach(() => t?.close());

const config = (extra: object = {}) => ({
  name: 'Login site',
  startUrls: [`${server.origin}/`],
  allowAddresses: ['127.0.0.1'],
  renderMode: 'http' as const,
  maxDepth: 0,
  requestsPerSecond: 100,
  ...extra,
});

/** Crawls the site once and returns the headers its start page was fetched with. */
async function crawlOnce(siteId: number): Promise<IncomingHttpHeaders> {
  seen.length = 0;
  await t.ok('monitor', 'crawls.start', { siteId });
  await expect
    .poll(async () => (await t.ok('monitor', 'crawls.list', { siteId }))[0]!.state, {
      timeout: 30_000,
    })
    .toBe('finished');
  expect(seen.length).toBeGreaterThan(0);
  return seen[0]!;
}

describe('login secrets of crawl sites', () => {
  it('are sealed at rest, shown as names only, and sent to the site when it is crawled', async () => {
    t = await startTestEngine();
    await withUsers(t, ['monitor']);
    const s = await t.ok('monitor', 'sites.create', {
      config: config({ cookies: COOKIE, headers: { 'X-Api-Key': HEADER } }),
    });
    expect(s.config.cookies).toBe('');
    expect(s.config.headers).toEqual({});
    expect(s.secrets).toEqual({ headers: ['X-Api-Key'], cookies: true });
    const [listed] = await t.ok('admin', 'sites.list', {});
    expect(JSON.stringify(listed)).not.toMatch(/SECRET/);
    expect(listed!.secrets).toEqual({ headers: ['X-Api-Key'], cookies: true });

    const sent = await crawlOnce(s.id);
    expect(sent['cookie']).toBe(COOKIE);
    expect(sent['x-api-key']).toBe(HEADER);

    // Nothing in the case file (database, WAL) holds them in clear: not the site, its run
    // snapshot, the crawl log nor the audit trail.
    t.engine.db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = await rawFiles(t.path);
    expect(raw.includes(Buffer.from('COOKIE-SECRET'))).toBe(false);
    expect(raw.includes(Buffer.from(HEADER))).toBe(false);
    expect(raw.includes(Buffer.from('X-Api-Key'))).toBe(true); // the name is not a secret
  }, 60_000);

  it('are kept, replaced or cleared on update, as asked', async () => {
    t = await startTestEngine();
    await withUsers(t, ['monitor']);
    const s = await t.ok('monitor', 'sites.create', {
      config: config({ cookies: COOKIE, headers: { 'X-Api-Key': HEADER } }),
    });
    // Keep both while renaming: the form never has the values to send back.
    const kept = await t.ok('monitor', 'sites.update', {
      id: s.id,
      config: config({ name: 'Renamed' }),
      keep: { headers: true, cookies: true },
    });
    expect(kept.secrets).toEqual({ headers: ['X-Api-Key'], cookies: true });
    let sent = await crawlOnce(s.id);
    expect([sent['cookie'], sent['x-api-key']]).toEqual([COOKIE, HEADER]);

    // Replace the cookie, keep the headers.
    await t.ok('monitor', 'sites.update', {
      id: s.id,
      config: config({ name: 'Renamed', cookies: 'sid=NEW-ONE' }),
      keep: { headers: true },
    });
    sent = await crawlOnce(s.id);
    expect([sent['cookie'], sent['x-api-key']]).toEqual(['sid=NEW-ONE', HEADER]);

    // Keeping and giving at once is ambiguous: refused, nothing changes.
    expect(
      await t.err('monitor', 'sites.update', {
        id: s.id,
        config: config({ name: 'Other', cookies: 'sid=x' }),
        keep: { cookies: true },
      }),
    ).toBe('validation');

    // Without keep, an empty form clears them.
    const cleared = await t.ok('monitor', 'sites.update', {
      id: s.id,
      config: config({ name: 'Renamed' }),
    });
    expect(cleared.secrets).toEqual({ headers: [], cookies: false });
    const row = t.engine.db
      .prepare('SELECT secrets, secret_names FROM crawl_sites WHERE id = ?')
      .get(s.id) as { secrets: Buffer | null; secret_names: string | null };
    expect(row).toEqual({ secrets: null, secret_names: null });
    sent = await crawlOnce(s.id);
    expect([sent['cookie'], sent['x-api-key']]).toEqual([undefined, undefined]);
    const audited = t.engine.db
      .prepare("SELECT details FROM audit_log WHERE action = 'crawl.site.secrets'")
      .all() as { details: string }[];
    expect(audited).toHaveLength(3); // set, cookie replaced, cleared
    expect(JSON.stringify(audited)).not.toMatch(/SECRET|NEW-ONE/);
  }, 90_000);

  it('cannot be saved without the master key, and nothing else is lost', async () => {
    t = await startTestEngine({ masterKey: null });
    await withUsers(t, ['monitor']);
    expect(await t.err('monitor', 'sites.create', { config: config({ cookies: COOKIE }) })).toBe(
      'case-file',
    );
    expect(await t.ok('monitor', 'sites.list', {})).toEqual([]);
    const s = await t.ok('monitor', 'sites.create', { config: config() });
    expect(s.secrets).toEqual({ headers: [], cookies: false });
  });

  it('left in clear by an older version are sealed once the key is open', async () => {
    t = await startTestEngine();
    await withUsers(t, ['monitor']);
    const s = await t.ok('monitor', 'sites.create', { config: config() });
    // As a row written before migration 8 looks: secrets inside the clear JSON.
    t.engine.db
      .prepare('UPDATE crawl_sites SET config = ? WHERE id = ?')
      .run(
        JSON.stringify({ ...s.config, cookies: COOKIE, headers: { 'X-Api-Key': HEADER } }),
        s.id,
      );
    const [before] = await t.ok('monitor', 'sites.list', {});
    expect(before!.config.cookies).toBe('');
    expect(before!.secrets).toEqual({ headers: ['X-Api-Key'], cookies: true });

    expect((await rawFiles(t.path)).includes(Buffer.from('COOKIE-SECRET'))).toBe(true);

    await t.engine.startCrawlSchedules(); // what hosts do when a case file opens
    const raw = await rawFiles(t.path);
    expect(raw.includes(Buffer.from('COOKIE-SECRET'))).toBe(false);
    expect(raw.includes(Buffer.from(HEADER))).toBe(false);
    const sent = await crawlOnce(s.id);
    expect([sent['cookie'], sent['x-api-key']]).toEqual([COOKIE, HEADER]);
  }, 60_000);
});
