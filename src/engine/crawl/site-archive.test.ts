/**
 * Sites through the contract (issue 17 #2, #12): a start address the guards will refuse is said
 * when the site is saved; a failed run says why; a site with matches is archived (kept with its
 * runs and matches, disabled, audited), never deleted; a site that found nothing can be deleted.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { seedTakedownData } from '../takedowns/test-support';
import { startTestServer, type TestServer } from './test-server';

let server: TestServer;
let t: TestEngine;
beforeAll(async () => {
  server = await startTestServer({
    '/': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<p>hello</p>'),
  });
});
afterAll(() => server.close());
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const config = (over: Record<string, unknown> = {}) => ({
  name: 'Local',
  startUrls: [`${server.origin}/`],
  allowAddresses: ['127.0.0.1'],
  renderMode: 'http' as const,
  ...over,
});

describe('saving a site the address guards will refuse', () => {
  it.each([
    ['loopback without the allowance', { allowAddresses: [] }],
    ['a private address', { startUrls: ['http://192.168.1.20/'], allowAddresses: [] }],
    [
      'localhost without the allowance',
      { startUrls: ['http://localhost:8080/'], allowAddresses: [] },
    ],
  ])('is refused on the start URLs field: %s', async (_name, over) => {
    const r = await t.engine.call('monitor', 'sites.create', { config: config(over) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation');
    // The field, its code (the screen's words) and the refused address, nothing else.
    expect(r.error.issues).toEqual([
      {
        path: 'config.startUrls',
        message: 'refused-address',
        code: 'refused-address',
        params: { value: ('startUrls' in over ? over.startUrls : [`${server.origin}/`])[0] },
      },
    ]);
    expect(r.error.message).toMatch(/address guards refuse/);
  });

  it('is refused on update too; public names and allowed loopback are accepted', async () => {
    const s = await t.ok('monitor', 'sites.create', { config: config() });
    expect(
      await t.err('monitor', 'sites.update', { id: s.id, config: config({ allowAddresses: [] }) }),
    ).toBe('validation');
    await t.ok('monitor', 'sites.create', {
      config: config({ name: 'Public', startUrls: ['https://example.org/'], allowAddresses: [] }),
    });
  });
});

async function crawlToEnd(siteId: number) {
  await t.ok('monitor', 'crawls.start', { siteId });
  for (let i = 0; i < 200; i++) {
    const [r] = await t.ok('monitor', 'crawls.list', { siteId, limit: 1 });
    if (r && r.state !== 'running') return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the crawl did not end');
}

describe('a failed run', () => {
  it('says why it fetched nothing', async () => {
    const s = await t.ok('monitor', 'sites.create', {
      config: config({ startUrls: [`${server.origin}/gone`] }),
    });
    const run = await crawlToEnd(s.id);
    expect(run).toMatchObject({ state: 'failed', failure: 'nothing-fetched', pages: 0 });
    const [site] = await t.ok('monitor', 'sites.list', {});
    expect(site!.lastRun).toMatchObject({ state: 'failed', failure: 'nothing-fetched' });
  });
});

describe('archiving and deleting a site', () => {
  it('archives a site with matches, keeps its runs and matches, and refuses to delete it', async () => {
    const s = await t.ok('monitor', 'sites.create', { config: config() });
    const run = await crawlToEnd(s.id);
    expect(run.state).toBe('finished');
    const db = t.engine.db;
    const admin = db.prepare("SELECT id FROM users WHERE role = 'admin'").get() as { id: number };
    seedTakedownData(db, admin.id, t.clock.now()).match(
      `${server.origin}/`,
      `${server.origin}/i.jpg`,
      {
        siteId: s.id,
      },
    );

    expect(await t.err('staff', 'sites.archive', { id: s.id, archived: true })).toBe('forbidden');
    expect(await t.err('monitor', 'sites.delete', { id: s.id })).toBe('conflict');
    const archived = await t.ok('monitor', 'sites.archive', { id: s.id, archived: true });
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.config.enabled).toBe(false);
    expect(archived.matches).toBe(1);
    expect(archived.lastRun?.id).toBe(run.id);
    expect(await t.err('monitor', 'crawls.start', { siteId: s.id })).toBe('conflict');
    // Editing an archived site cannot switch it back on behind the archive.
    const edited = await t.ok('monitor', 'sites.update', {
      id: s.id,
      config: config({ enabled: true, maxDepth: 2 }),
    });
    expect(edited.config).toMatchObject({ enabled: false, maxDepth: 2 });
    expect(await t.err('monitor', 'crawls.start', { siteId: s.id })).toBe('conflict');
    expect(await t.ok('monitor', 'crawls.list', { siteId: s.id, limit: 5 })).toHaveLength(1);

    const back = await t.ok('admin', 'sites.archive', { id: s.id, archived: false });
    expect(back.archivedAt).toBeNull();
    expect(back.config.enabled).toBe(false); // enabled again only by someone's choice
    const actions = listAudit(db, { limit: 50 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['crawl.site.archive', 'crawl.site.unarchive']));
    expect(await t.err('monitor', 'sites.archive', { id: 999, archived: true })).toBe('not-found');
  });

  it('deletes a site that found nothing, with its runs', async () => {
    const s = await t.ok('monitor', 'sites.create', { config: config() });
    await crawlToEnd(s.id);
    await t.ok('monitor', 'sites.delete', { id: s.id });
    expect(await t.ok('monitor', 'sites.list', {})).toEqual([]);
  });
});
