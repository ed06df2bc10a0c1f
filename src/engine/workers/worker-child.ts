/**
 * Test-only: a crawl worker process for the Redis tests (kill -9, restart, pace across workers).
 * It takes jobs from the queue at JIUM_REDIS and proposes each outcome by POSTing it as JSON to
 * JIUM_PROPOSE (the test's recorder, standing in for the centre server's workers.propose).
 * JIUM_WORKER_CONFIG is the WorkerConfig JSON. Production workers start from `jium worker`.
 */
import { request } from 'node:http';
import type { WorkerConfig } from '../../shared/worker-types';
import type { WorkerProposal } from '../../shared/worker-types';
import { startCrawlWorker } from './crawl-queue';

const env = process.env;
const proposeUrl = new URL(env['JIUM_PROPOSE']!);

function propose(proposal: WorkerProposal): Promise<void> {
  const body = JSON.stringify({ ...proposal, pid: process.pid });
  return new Promise((resolve, reject) => {
    const req = request(
      proposeUrl,
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error('refused'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const worker = startCrawlWorker({
  redisUrl: env['JIUM_REDIS']!,
  config: JSON.parse(env['JIUM_WORKER_CONFIG']!) as WorkerConfig,
  propose,
  concurrency: Number(env['JIUM_CONCURRENCY'] ?? 4),
  lockDurationMs: Number(env['JIUM_LOCK_MS'] ?? 30_000),
  stalledIntervalMs: Number(env['JIUM_STALLED_MS'] ?? 30_000),
});
worker.on('ready', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
