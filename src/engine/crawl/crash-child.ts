/**
 * Test support for the kill -9 tests: runs one crawl run of a case file in this process, printing a
 * JSON line per progress report, until the test kills it — or until it kills itself with SIGKILL
 * at a named commit point of an image task (JIUM_CRASH_AT, one of IMAGE_TASK_POINTS) of the first
 * image whose URL ends with JIUM_CRASH_URL (and, with JIUM_CRASH_PENDING=n, that has at least n
 * other outcomes queued and not yet committed: a batch, outcome-queue.ts). With JIUM_CRASH_AT set
 * the crawl is not polite (no gap between requests), so that each point's test stays short. JIUM_LEASE_HEARTBEAT_MS shortens the
 * run lease's heartbeat (lease.test.ts). Bundled by resume.test.ts and lease.test.ts with esbuild.
 * Usage: node crash-child.mjs <case file> <run id> <site id>
 */
import { openCaseFile } from '../db/case-file';
import { loadReferences } from './reference-index';
import { CrawlRunner } from './runner';
import { runConfig } from './sites';
import type { TaskPointHook } from './task-points';
import { TEST_FETCH_LIMITS } from './test-case-file';

const [path, runId, siteId] = process.argv.slice(2);
const crashAt = process.env['JIUM_CRASH_AT'];
const crashUrl = process.env['JIUM_CRASH_URL'] ?? '';
const crashPending = Number(process.env['JIUM_CRASH_PENDING'] ?? 0);
const atPoint: TaskPointHook | undefined = crashAt
  ? (point, row, pending = 0) => {
      if (point === crashAt && row.url.endsWith(crashUrl) && pending >= crashPending) {
        process.kill(process.pid, 'SIGKILL');
      }
    }
  : undefined;
const file = openCaseFile(path!, { create: false });
const runner = new CrawlRunner({
  db: file.db,
  runId: Number(runId),
  siteId: Number(siteId),
  config: runConfig(file.db, Number(runId)),
  references: loadReferences(file.db),
  fetchLimits: TEST_FETCH_LIMITS,
  progressEveryMs: 20,
  onProgress: (p) => process.stdout.write(JSON.stringify(p) + '\n'),
  ...(atPoint ? { atPoint, polite: false } : {}),
  ...(process.env['JIUM_LEASE_HEARTBEAT_MS']
    ? { lease: { heartbeatMs: Number(process.env['JIUM_LEASE_HEARTBEAT_MS']) } }
    : {}),
});
await runner.run();
file.close();
