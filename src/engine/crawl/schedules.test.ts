import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { siteConfigSchema } from '../../shared/crawl-types';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { insertRun } from './sites';

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());

/** A case file with one enabled site that runs every six hours and never ran. */
async function caseFileWithSchedule(): Promise<TestEngine> {
  const t = await startTestEngine();
  await withUsers(t, ['monitor']);
  await t.ok('monitor', 'sites.create', {
    config: {
      name: 'Scheduled',
      startUrls: [`${site.origin}/`],
      allowAddresses: ['127.0.0.1'],
      requestsPerSecond: 500,
      renderMode: 'http',
      maxDepth: 0,
      timeoutSeconds: 2,
      scheduleHours: 6,
    },
  });
  return t;
}

const runStates = (t: TestEngine) =>
  (t.engine.db.prepare('SELECT state FROM crawl_runs').all() as { state: string }[]).map(
    (r) => r.state,
  );

describe('scheduled crawls when a case file is opened', () => {
  it('start only in engines whose host asked for them (not in one-shot CLI commands)', async () => {
    const t = await caseFileWithSchedule();
    try {
      // No wall-clock wait: what could start a run on its own is the crawl manager's schedule
      // timer, and an engine whose host did not ask for schedules has no manager at all.
      expect(t.engine.existingCrawlManager).toBeUndefined();
      expect(runStates(t)).toEqual([]);
      const started = await t.engine.startCrawlSchedules();
      expect(started).toHaveLength(1);
      expect(t.engine.existingCrawlManager).toBeDefined();
      await expect.poll(() => runStates(t).join(), { timeout: 30_000 }).toBe('finished');
      // Not due again at once: a second check starts nothing.
      expect(await t.engine.startCrawlSchedules()).toEqual([]);
    } finally {
      t.close();
    }
  }, 60_000);

  it('a case file busy at a check is checked again within seconds, not at the next minute', async () => {
    const t = await caseFileWithSchedule();
    // Another connection (a crawl worker, a second desk) holds the write lock past this
    // connection's busy timeout, shortened here from the case file's 5 s to keep the test short.
    t.engine.db.pragma('busy_timeout = 100');
    const other = new Database(t.path);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      expect(await t.engine.startCrawlSchedules()).toEqual([]);
      expect(runStates(t)).toEqual([]);
      other.prepare('COMMIT').run();
      // The minute's timer is far away: the run starts from the retry a few seconds later.
      await expect.poll(() => runStates(t).join(), { timeout: 15_000 }).toBe('finished');
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
      t.close();
    }
  }, 60_000);

  it('follow the engine to another case file', async () => {
    const empty = await startTestEngine();
    const scheduled = await caseFileWithSchedule();
    const path = scheduled.path;
    scheduled.engine.close();
    try {
      expect(await empty.engine.startCrawlSchedules()).toEqual([]);
      empty.engine.switchCaseFile(path, { create: false });
      await expect
        .poll(
          () =>
            (empty.engine.db.prepare('SELECT state FROM crawl_runs').all() as { state: string }[])
              .map((r) => r.state)
              .join(),
          { timeout: 30_000 },
        )
        .toBe('finished');
    } finally {
      empty.close();
      scheduled.close();
    }
  }, 60_000);

  it('a server continues a crawl started by hand that a stop cut short; a desktop leaves it to a person', async () => {
    // A site without a schedule, crawled once by hand; its run was cut short (the host stopped
    // or was killed mid-crawl: decision 0044 marks such a run interrupted).
    const cutShort = async () => {
      const t = await startTestEngine();
      await withUsers(t, ['monitor']);
      const config = {
        name: 'By hand',
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
        requestsPerSecond: 500,
        renderMode: 'http' as const,
        maxDepth: 0,
        timeoutSeconds: 2,
      };
      const { id } = await t.ok('monitor', 'sites.create', { config });
      // Left 'running' by a process that is gone (no lease holder): interrupted when looked at.
      insertRun(t.engine.db, id, siteConfigSchema.parse(config), new Date());
      return t;
    };
    const desktop = await cutShort();
    try {
      expect(await desktop.engine.startCrawlSchedules()).toEqual([]);
      expect(runStates(desktop)).toEqual(['interrupted']);
      // A person resumes it from the Crawls page.
    } finally {
      desktop.close();
    }
    const server = await cutShort();
    try {
      expect(await server.engine.startCrawlSchedules({ resumeInterrupted: true })).toHaveLength(1);
      await expect.poll(() => runStates(server).join(), { timeout: 30_000 }).toBe('finished');
      // The same run was continued, not a new one started.
      expect(runStates(server)).toHaveLength(1);
      // Finished runs are not continued again.
      expect(await server.engine.startCrawlSchedules({ resumeInterrupted: true })).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);
});
