/**
 * A run whose holder is gone is taken back (decision 0114): a process of this machine whose pid
 * no longer exists holds nothing, whatever its heartbeat says; a holder that cannot be proved
 * dead (another machine) keeps the run until its heartbeat is stale, and then a schedule check
 * runs the moment its lease expires, not at the next minute's check.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CrawlManager } from './crawl-manager';
import { LEASE_STALE_MS, liveHolder } from './run-lease';
import { getRun, insertRun, insertSite } from './sites';
import { createTestCaseFile, localSite } from './test-case-file';
import { startTestServer } from './test-server';

/** A case file with one site (crawled every 24 h) and one run left `running`. */
async function runLeftRunning(origin = 'http://127.0.0.1:9') {
  const cf = await createTestCaseFile([]);
  const db = cf.file.db;
  const config = localSite(origin, { maxDepth: 0 });
  const siteId = insertSite(db, config, new Date());
  db.prepare('UPDATE crawl_sites SET schedule_hours = 24 WHERE id = ?').run(siteId);
  const runId = insertRun(db, siteId, config, new Date());
  /** Writes the run's lease as another process holding it would. */
  const lease = (host: string, pid: number, heartbeatAt: number) =>
    db
      .prepare(
        `INSERT OR REPLACE INTO crawl_leases (run_id, owner, host, pid, acquired_at, heartbeat_at)
         VALUES (?, 'someone else', ?, ?, ?, ?)`,
      )
      .run(runId, host, pid, new Date().toISOString(), heartbeatAt);
  return { cf, db, runId, lease };
}

describe('a run whose holder is gone is taken back (decision 0114)', () => {
  it('a dead pid of this machine holds nothing; a live one, our own or another machine’s does until stale', async () => {
    const { cf, db, runId, lease } = await runLeftRunning();
    try {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      lease(hostname(), child.pid!, Date.now());
      expect(liveHolder(db, runId)).toMatchObject({ host: hostname(), pid: child.pid });
      child.kill('SIGKILL');
      await once(child, 'exit');
      expect(liveHolder(db, runId)).toBeNull(); // fresh heartbeat, but the process is gone
      // Another machine's pid proves nothing here: held until the heartbeat is stale.
      lease('another-machine', child.pid!, Date.now());
      expect(liveHolder(db, runId)).toMatchObject({ host: 'another-machine' });
      lease('another-machine', child.pid!, Date.now() - LEASE_STALE_MS);
      expect(liveHolder(db, runId)).toBeNull();
      // Our own pid: another thread of this process may hold it.
      lease(hostname(), process.pid, Date.now());
      expect(liveHolder(db, runId)).toMatchObject({ pid: process.pid });
    } finally {
      cf.cleanup();
    }
  });

  it('a run held by a silent process of another machine is continued when its lease expires', async () => {
    const site = await startTestServer({
      '/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'),
    });
    const { cf, db, runId, lease } = await runLeftRunning(site.origin);
    // Its heartbeat is 1.5 s from stale: the schedule leaves the run to its holder for now.
    const expiresAt = Date.now() + 1500;
    lease('another-machine', 4242, expiresAt - LEASE_STALE_MS);
    const manager = new CrawlManager(db, cf.path, () => undefined);
    try {
      expect(await manager.tick()).toEqual([]);
      expect(getRun(db, runId)?.state).toBe('running');
      // No minute's wait: the manager checks again as the lease expires, and continues the run.
      const deadline = expiresAt + 5000;
      while (getRun(db, runId)?.state !== 'finished' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(getRun(db, runId)).toMatchObject({ state: 'finished', pages: 1 });
      expect(site.hits).toContain('/');
      expect(db.prepare('SELECT COUNT(*) AS n FROM crawl_runs').get()).toEqual({ n: 1 });
    } finally {
      await manager.pauseAll();
      await site.close();
      cf.cleanup();
    }
  });
});
