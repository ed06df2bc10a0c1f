import { createDecipheriv, createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import type { EngineEvent } from '../core/engine';
import { caseKey } from '../cases/sealing';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { listAudit } from '../audit/chain';
import { evidenceAad } from './evidence';

let site: FixtureSite;
let t: TestEngine;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

const siteConfig = () => ({
  name: 'Fixture',
  startUrls: [`${site.origin}/`],
  allowAddresses: ['127.0.0.1'],
  requestsPerSecond: 500,
  concurrencyPerHost: 6,
  renderMode: 'http' as const,
  timeoutSeconds: 2, // the fixture's slow drips are cut off quickly
});

describe('crawl contract methods', () => {
  it('lets monitors and admins configure sites, checks and audits what is risky', async () => {
    expect(await t.err('staff', 'sites.create', { config: siteConfig() })).toBe('forbidden');
    expect(await t.err('counsellor', 'sites.list', {})).toBe('forbidden');
    expect(
      await t.err('monitor', 'sites.create', {
        config: { ...siteConfig(), allowAddresses: ['192.168.0.10'] },
      }),
    ).toBe('validation');
    expect(
      await t.err('monitor', 'sites.create', { config: { ...siteConfig(), respectRobots: false } }),
    ).toBe('validation');
    const s = await t.ok('monitor', 'sites.create', {
      config: {
        ...siteConfig(),
        respectRobots: false,
        robotsOverrideReason: 'Court order 2026-123 covers the members area',
      },
    });
    expect(s.config.maxDepth).toBe(5); // defaults applied
    expect(await t.err('admin', 'sites.create', { config: siteConfig() })).toBe('conflict');
    const actions = listAudit(t.engine.db, { limit: 20 }).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'crawl.site.create',
        'crawl.robots-override',
        'crawl.allow-addresses',
      ]),
    );
  });

  it('runs a crawl with progress events, matches and evidence sealed with the case key', async () => {
    const c = await t.ok('counsellor', 'cases.create', {
      identity: { name: 'Demo', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    });
    for (const i of [0, 1, 2]) {
      await t.ok('counsellor', 'images.add', {
        caseId: c.id,
        fileName: `ref-${i}.png`,
        data: (await demoReference(i)).toString('base64'),
      });
    }
    const s = await t.ok('monitor', 'sites.create', {
      config: { ...siteConfig(), maxDepth: 6, maxPages: 200 },
    });
    const events: EngineEvent[] = [];
    t.engine.onEvent((e) => events.push(e));
    const run = await t.ok('monitor', 'crawls.start', { siteId: s.id });
    expect(run.state).toBe('running');
    await expect
      .poll(
        () =>
          events.some(
            (e) =>
              e.event === 'crawl.progress' && (e.payload as { state: string }).state === 'finished',
          ),
        { timeout: 90_000, interval: 200 },
      )
      .toBe(true);
    const progress = events.filter((e) => e.event === 'crawl.progress');
    expect(progress.length).toBeGreaterThan(2);
    const expected = PLANTED.filter((p) => p.http && p.allowed).length;
    expect(events.filter((e) => e.event === 'crawl.match')).toHaveLength(expected);

    const matches = await t.ok('monitor', 'crawls.matches', { runId: run.id });
    expect(matches).toHaveLength(expected);
    expect(matches.every((m) => m.caseCode === c.code && m.hasImage)).toBe(true);

    // The kept image opens with the case's key (and its binding), and is the image that was found.
    const m = matches[0]!;
    const row = t.engine.db
      .prepare('SELECT evidence_image, reference_image_id FROM crawl_matches WHERE id = ?')
      .get(m.id) as { evidence_image: Buffer; reference_image_id: number };
    const key = caseKey(
      { db: t.engine.db, vault: (t.engine as unknown as { vault: never }).vault },
      c.id,
    );
    const blob = row.evidence_image;
    const d = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13));
    d.setAuthTag(blob.subarray(13, 29));
    d.setAAD(
      Buffer.from(
        evidenceAad(c.id, 'image', `${m.pageUrl}\n${m.imageSha256}\n${row.reference_image_id}`),
      ),
    );
    const plain = Buffer.concat([d.update(blob.subarray(29)), d.final()]);
    expect(createHash('sha256').update(plain).digest('hex')).toBe(m.imageSha256);

    const log = await t.ok('monitor', 'crawls.log', { runId: run.id, limit: 1000 });
    expect(log.some((l) => l.code === 'robots-disallow' || l.code === 'fetched')).toBe(true);
    const runs = await t.ok('admin', 'crawls.list', {});
    expect(runs[0]).toMatchObject({ id: run.id, state: 'finished', matches: expected });
    // A second run of the same site finds the same copies without recording them again.
    await t.ok('monitor', 'crawls.start', { siteId: s.id });
    await expect
      .poll(async () => (await t.ok('monitor', 'crawls.list', { siteId: s.id }))[0]!.state, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe('finished');
    expect(await t.ok('monitor', 'crawls.matches', {})).toHaveLength(expected);
  }, 200_000);
});

describe('schedules', () => {
  it('starts a scheduled site when its hours have passed since its last run, once', async () => {
    const s = await t.ok('monitor', 'sites.create', {
      config: { ...siteConfig(), maxDepth: 0, scheduleHours: 6 },
    });
    const manager = t.engine.crawlManager();
    // One clock for the whole test: the run records the time it was started at.
    const t0 = Date.parse('2026-11-22T09:00:00Z');
    const first = manager.runSchedules(new Date(t0));
    expect(first).toHaveLength(1);
    await manager.settled(first[0]!);
    // Not due again within six hours of that start, due after.
    expect(manager.runSchedules(new Date(t0 + 5 * 3_600_000))).toEqual([]);
    const later = manager.runSchedules(new Date(t0 + 7 * 3_600_000));
    expect(later).toHaveLength(1);
    await manager.settled(later[0]!);
    expect(await t.ok('monitor', 'crawls.list', { siteId: s.id })).toHaveLength(2);
    expect(
      listAudit(t.engine.db, { limit: 50 }).filter((a) => a.action === 'crawl.scheduled'),
    ).toHaveLength(2);
  }, 60_000);
});
