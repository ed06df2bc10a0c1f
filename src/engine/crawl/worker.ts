/**
 * The crawl worker thread: its own SQLite connection (WAL lets it write while the UI's connection
 * reads), one run, progress and matches posted to the engine, pause and cancel received from it.
 * Built as out/host/crawl-worker.js (scripts/build-host.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openCaseFile } from '../db/case-file';
import { openBrowserRenderer } from './browser';
import { LeaseHeldError } from './run-lease';
import { startRunJob } from './run-job';
import type { WorkerData, WorkerMessage } from './worker-protocol';

const data = workerData as WorkerData;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const file = openCaseFile(data.caseFilePath, { create: false });
try {
  const job = await startRunJob({
    db: file.db,
    runId: data.runId,
    siteId: data.siteId,
    caseKeys: new Map(data.caseKeys.map(([id, key]) => [id, Buffer.from(key)])),
    polite: data.polite,
    secrets: data.secrets,
    onProgress: (progress) => post({ type: 'progress', progress }),
    onMatch: (matchId) => post({ type: 'match', matchId }),
    openRenderer: (allow, hosts) =>
      openBrowserRenderer({ allowAddresses: allow, allowedHosts: hosts }),
  });
  parentPort!.on('message', (m: { type: 'pause' | 'cancel' }) => {
    if (m.type === 'pause') job.runner.pause();
    else job.runner.cancel();
  });
  post({ type: 'done', state: await job.done });
} catch (e) {
  post({
    type: 'error',
    message: (e as Error).message,
    ...(e instanceof LeaseHeldError ? { code: 'lease-held' as const } : {}),
  });
} finally {
  file.close();
  parentPort!.close();
}
