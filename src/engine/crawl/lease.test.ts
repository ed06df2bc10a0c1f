import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../core/context';
import { demoReference } from '../../../e2e/fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from '../../../e2e/fixture-site/site';
import { CrawlManager } from './crawl-manager';
import { loadReferences } from './reference-index';
import { LeaseHeldError } from './run-lease';
import { CrawlRunner } from './runner';
import { getRun, insertRun, insertSite, listMatches, markInterrupted } from './sites';
import {
  buildCrashChild,
  createTestCaseFile,
  localSite,
  TEST_FETCH_LIMITS,
} from './test-case-file';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = join(ROOT, 'node_modules/.cache/jium-crawl-test/lease-child.mjs');
const LOCKED = { unlocked: false } as HandlerContext['vault'];

describe('one crawl process per run (lease with heartbeat)', () => {
  let site: FixtureSite;
  let refs: Buffer[];
  beforeAll(async () => {
    await buildCrashChild(CHILD);
    site = await startFixtureSite({ latencyMs: 15 });
    refs = await Promise.all([0, 1, 2].map(demoReference));
  }, 60_000);
  afterAll(() => site.close());

  it('a second process is told who holds the run and leaves it; once the holder is killed it takes over', async () => {
    const cf = await createTestCaseFile(refs);
    const db = cf.file.db;
    const config = localSite(site.origin, {
      maxDepth: 6,
      maxPages: 200,
      allowedHosts: ['127.0.0.1'],
    });
    const siteId = insertSite(db, config, new Date());
    const runId = insertRun(db, siteId, config, new Date());
    const child = spawn(process.execPath, [CHILD, cf.path, String(runId), String(siteId)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, JIUM_LEASE_HEARTBEAT_MS: '200' },
    });
    const exited = new Promise<string | null>((r) => child.once('exit', (_c, sig) => r(sig)));
    try {
      // The first process is crawling (a polite crawl of the fixture site takes ~20 s).
      await new Promise<void>((ok, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('"pages":1')) ok();
        });
        child.once('exit', (code) => fail(new Error(`child ended early (${code})`)));
      });
      const runner = (lease?: { staleMs: number }) =>
        new CrawlRunner({
          db,
          runId,
          siteId,
          config,
          references: loadReferences(db),
          fetchLimits: TEST_FETCH_LIMITS,
          polite: false,
          ...(lease ? { lease } : {}),
        });

      // This (second) process: the runner refuses, naming host, pid and since when.
      const refused = await runner()
        .run()
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LeaseHeldError);
      const message = (refused as Error).message;
      expect(message).toContain(`(${hostname()}, pid ${child.pid}, since `);
      expect((refused as LeaseHeldError).holder.pid).toBe(child.pid);

      // Opening the case file's crawl manager does not mark the live run interrupted, and
      // starting it there is a conflict with the same words; the run stays the child's.
      expect(markInterrupted(db)).toBe(0);
      const manager = new CrawlManager(db, cf.path, () => undefined);
      let startError: unknown;
      try {
        manager.start(runId, siteId, { db, vault: LOCKED });
      } catch (e) {
        startError = e;
      }
      expect(startError).toMatchObject({ code: 'conflict' });
      expect((startError as Error).message).toContain(`pid ${child.pid}`);
      expect(manager.isRunning(runId)).toBe(false);
      expect(getRun(db, runId)?.state).toBe('running');

      // The holder is killed: once its heartbeat is stale the run is taken over and finished,
      // with every planted copy once and counters that agree with the rows.
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await new Promise((r) => setTimeout(r, 1_600));
      expect(await runner({ staleMs: 1_500 }).run()).toBe('finished');
      const matches = listMatches(db, runId, 100);
      const expected = PLANTED.filter((p) => p.http && p.allowed).length;
      expect(matches).toHaveLength(expected);
      expect(getRun(db, runId)).toMatchObject({ state: 'finished', matches: expected });
      expect(db.prepare('SELECT COUNT(*) AS n FROM crawl_leases').get()).toEqual({ n: 0 });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      cf.cleanup();
    }
  }, 180_000);
});
