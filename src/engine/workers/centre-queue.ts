/**
 * The centre server's side of the crawl queue (issue 16 item 3, decision 0112). A run started in
 * centre mode is crawled by the same CrawlRunner as on one machine — it holds the run's lease,
 * walks the frontier in the case file, keeps the site's concurrency per host, decides and writes —
 * except that each page or image row is fetched by a crawl worker: the runner's `remote` hook
 * queues the row as a job and waits for a worker's proposal, which is then replayed to the
 * crawl's own page and image tasks (replay.ts) and written in the runner's transaction. One
 * proposal per job is used: a second one (a worker killed between proposing and completing, its
 * job taken up by another) finds nothing waiting and writes nothing. Videos stay with the server.
 * The case file is the truth, Redis a delivery (decision 0114): jobs Redis lost are queued again
 * from the rows still waiting, a stopped run's jobs leave the queue, and a worker hears `recorded`
 * only once the outcome is committed.
 */
import type { JobType } from 'bullmq';
import type { CrawlJob, ProposeResult, WorkerProposal } from '../../shared/worker-types';
import type { CrawlEnv } from '../crawl/crawl-env';
import type { RemoteTask, RunnerOptions } from '../crawl/runner';
import { crawlQueue, enqueue, jobId, redisConnection } from './crawl-queue';
import { RedisPace } from './redis-pace';
import { replayEnv } from './replay';

/** The states of a job no worker holds yet. */
const QUEUED: JobType[] = ['waiting', 'delayed', 'prioritized'];

export interface CentreQueueOptions {
  /** Adds jobs to the queue (BullMQ on Redis: crawl-queue.ts). */
  enqueue: (jobs: CrawlJob[]) => Promise<void>;
  /**
   * Takes a stopped run's jobs out of the queue: those of `ids` still waiting for a worker, and
   * when the run was cancelled, every job of it (queued before a restart too) and a mark that
   * makes workers send nothing more for the jobs they hold.
   */
  drop?: (runId: number, ids: string[], cancelled: boolean) => Promise<void>;
  /**
   * Which of these job ids the queue no longer has (Redis lost its data: restarted without
   * persistence, a machine lost). Those jobs are queued again, every `watchMs`.
   */
  missing?: (ids: string[]) => Promise<string[]>;
  /** How often the jobs waited for are looked for in the queue. Default 5 s. */
  watchMs?: number;
  /** Closes the queue's connection. */
  close?: () => Promise<void>;
  /**
   * How long a job may wait for a proposal before the row is tried again as a network failure
   * (BullMQ gave up on it, or Redis lost it). Default 5 minutes.
   */
  proposalTimeoutMs?: number;
}

interface Waiting {
  runId: number;
  /** When it was queued (ms). */
  since: number;
  job: CrawlJob;
  env: CrawlEnv;
  resolve: (task: RemoteTask) => void;
  timer: NodeJS.Timeout;
}

const settledNow = () => undefined;

export class CentreQueue {
  private readonly waiting = new Map<string, Waiting>();
  /** Drops in progress (close waits for them, a little). */
  private readonly dropping = new Set<Promise<unknown>>();
  private readonly watcher: NodeJS.Timeout | null = null;
  private watching = false;
  /** Jobs queued again because the queue had lost them (tests, the server's log). */
  requeued = 0;

  constructor(private readonly o: CentreQueueOptions) {
    if (o.missing) {
      this.watcher = setInterval(() => void this.requeueLost(), o.watchMs ?? 5000);
      this.watcher.unref();
    }
  }

  /** The runner's `remote` for a run: each page or image row becomes a job for the workers. */
  remote(runId: number, siteId: number): NonNullable<RunnerOptions['remote']> {
    return async (row, env) => {
      // Videos are downloaded and decoded by the server's own crawl (not by workers yet).
      if (row.kind === 'video') return { env, settled: settledNow };
      const job: CrawlJob = {
        runId,
        siteId,
        kind: row.kind,
        url: row.url,
        pageUrl: row.pageUrl ?? row.url,
        attempt: row.attempts + 1, // the claim counted this attempt
      };
      const id = jobId(job);
      const task = new Promise<RemoteTask>((resolve) => {
        const ms = this.o.proposalTimeoutMs ?? 300_000;
        const timer = setTimeout(() => this.unanswered(id, ms), ms);
        timer.unref();
        this.waiting.set(id, { runId, since: Date.now(), job, env, resolve, timer });
      });
      await this.o.enqueue([job]);
      return task;
    };
  }

  /**
   * A worker's proposal: hands it to the waiting row and resolves once its outcome is committed
   * (`recorded`), or could not be (`stale`: the case file refused the write, the run stopped and
   * the row, still in flight, is fetched again when it continues). Null when no row waits for
   * this job (proposed before, or its run stopped meanwhile).
   */
  propose(proposal: WorkerProposal): Promise<ProposeResult['outcome']> | null {
    const w = this.take(jobId(proposal.job));
    if (!w) return null;
    return new Promise((resolve) =>
      w.resolve({
        env: replayEnv(w.env, proposal),
        settled: (ok) => resolve(ok ? 'recorded' : 'stale'),
      }),
    );
  }

  /**
   * The run stopped (paused, cancelled, the server closing): its rows stay in flight (a paused
   * run queues them again, as new attempts, when it continues), and its jobs leave the queue, so
   * no worker fetches what nobody waits for.
   */
  release(runId: number, how: 'pause' | 'cancel' = 'pause'): void {
    const ids: string[] = [];
    for (const [id, w] of this.waiting)
      if (w.runId === runId) {
        ids.push(id);
        this.take(id)!.resolve({ env: null, settled: settledNow });
      }
    const dropped = this.o.drop?.(runId, ids, how === 'cancel').catch(() => undefined);
    if (dropped) this.dropping.add(dropped.finally(() => this.dropping.delete(dropped)));
  }

  /** Jobs waiting for a proposal (tests, progress). */
  get pending(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    if (this.watcher) clearInterval(this.watcher);
    for (const w of [...this.waiting.values()]) this.release(w.runId);
    // Redis may be away: what it has not dropped by then is answered `stale` later.
    const ms = (t: number) => new Promise((r) => setTimeout(r, t).unref());
    await Promise.race([Promise.all(this.dropping), ms(2000)]);
    await this.o.close?.();
  }

  private take(id: string): Waiting | undefined {
    const w = this.waiting.get(id);
    if (!w) return undefined;
    this.waiting.delete(id);
    clearTimeout(w.timer);
    return w;
  }

  /**
   * The case file is the truth: every row in flight waits here for its job, so a job the queue
   * lost is queued again (same id: a job still there is not added twice). Jobs queued in the
   * last second are left alone (their adding may not have reached Redis yet).
   */
  private async requeueLost(): Promise<void> {
    if (this.watching) return; // Redis away: the last look is still waiting for it
    this.watching = true;
    try {
      const settled = Date.now() - 1000;
      const ids = [...this.waiting].filter(([, w]) => w.since < settled).map(([id]) => id);
      if (!ids.length) return;
      const jobs = (await this.o.missing!(ids))
        .map((id) => this.waiting.get(id)?.job)
        .filter((j) => j !== undefined);
      if (!jobs.length) return;
      this.requeued += jobs.length;
      await this.o.enqueue(jobs);
    } catch {
      // Redis refused the look (restarting): the next one tries again.
    } finally {
      this.watching = false;
    }
  }

  /** No worker answered in time: the row is retried (a network failure, with back-off). */
  private unanswered(id: string, ms: number): void {
    const w = this.take(id);
    if (!w) return;
    const message = `no crawl worker proposed this job within ${Math.round(ms / 1000)} s`;
    const exchanges = [
      { url: w.job.url, error: { kind: 'fetch' as const, code: 'network', message } },
    ];
    w.resolve({ env: replayEnv(w.env, { job: w.job, exchanges }), settled: settledNow });
  }
}

/** The centre's queue on Redis (`jium serve --redis`): jobs go to BullMQ for the workers. */
export function centreQueueOnRedis(redisUrl: string, proposalTimeoutMs?: number): CentreQueue {
  const connection = redisConnection(redisUrl);
  const queue = crawlQueue(connection);
  const pace = new RedisPace(connection);
  return new CentreQueue({
    enqueue: (jobs) => enqueue(queue, jobs),
    drop: async (runId, ids, cancelled) => {
      if (cancelled) await pace.cancel(runId);
      const all = cancelled ? await queue.getJobs(QUEUED) : [];
      const ofRun = all.filter((j) => j.data.runId === runId).map((j) => j.id!);
      // A job a worker holds is locked and stays (0): the worker's own check skips it.
      for (const id of new Set([...ids, ...ofRun])) await queue.remove(id);
    },
    missing: async (ids) => {
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      return ids.filter((_, i) => states[i] === 'unknown');
    },
    close: async () => {
      await queue.close();
      await connection.quit().catch(() => undefined); // BullMQ leaves a given connection open
    },
    ...(proposalTimeoutMs ? { proposalTimeoutMs } : {}),
  });
}
