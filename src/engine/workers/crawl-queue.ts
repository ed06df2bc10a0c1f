/**
 * The centre's crawl queue on Redis through BullMQ (issue 16 items 3–5, decision 0111). A job is
 * one URL of a site (a page or an image); a worker process takes jobs, waits for the host's slot
 * in Redis (redis-pace.ts: the pace holds across every worker), fetches through the crawler's
 * guarded Fetcher (the site's address policy, limits, no private addresses unless allowed),
 * fingerprints images and pre-filters them against the references' hashes, and hands the outcome
 * to `propose` (the centre server decides and writes). A job completes only after its proposal
 * was accepted: a worker killed before that leaves the job stalled, and BullMQ gives it to another
 * worker (stalled-job recovery); the server's writes are idempotent per job, so nothing is lost
 * and nothing counted twice.
 */
import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { WorkerConfig } from '../../shared/worker-types';
import { extractFromHtml } from '../crawl/extract-html';
import { Fetcher } from '../crawl/fetcher';
import { backoffMs, retryAfterMs } from '../crawl/politeness';
import {
  DEFAULT_RULE,
  fingerprint,
  FingerprintError,
  hamming256,
  hexToBytes,
  sha256Hex,
} from '../fingerprint';
import { RedisPace } from './redis-pace';

export const CRAWL_QUEUE = 'jium-crawl';

/** One URL to fetch for a run of a site. */
export interface CrawlJob {
  runId: number;
  siteId: number;
  kind: 'page' | 'image';
  url: string;
  /** The page an image was found on (the page itself for a page). */
  pageUrl: string;
}

/** What a worker proposes for a job; the server decides what it means. */
export interface JobOutcome {
  status: number;
  bytes: number;
  links?: string[];
  images?: string[];
  sha256?: string;
  pdq?: string;
  /** References whose PDQ is within the loose pre-filter distance: the server verifies. */
  candidates?: number[];
  error?: string;
}

/** A job's id: one per run and URL, so enqueuing a URL twice while it waits adds nothing. */
export const jobId = (job: Pick<CrawlJob, 'runId' | 'kind' | 'url'>) =>
  `${job.runId}-${job.kind}-${createHash('sha256').update(job.url).digest('hex').slice(0, 32)}`;

/** BullMQ needs its connection not to give up on commands while Redis restarts. */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true });
  // While Redis is away ioredis reports each failed reconnection here and keeps trying; BullMQ
  // resumes when it is back. Without a listener each one would be printed as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

/** The queue the server adds jobs to. */
export function crawlQueue(redisUrl: string): Queue<CrawlJob> {
  return new Queue<CrawlJob>(CRAWL_QUEUE, {
    connection: redisConnection(redisUrl),
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    },
  });
}

export async function enqueue(queue: Queue<CrawlJob>, jobs: CrawlJob[]): Promise<void> {
  await queue.addBulk(
    jobs.map((data) => ({ name: data.kind, data, opts: { jobId: jobId(data) } })),
  );
}

export interface CrawlWorkerOptions {
  redisUrl: string;
  config: WorkerConfig;
  propose: (job: CrawlJob, outcome: JobOutcome) => Promise<void>;
  concurrency?: number;
  userAgent?: string;
  /** How soon a silent worker's jobs go to another (BullMQ's lock; tests shorten it). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Starts taking jobs; close() stops after the jobs in hand. */
export function startCrawlWorker(o: CrawlWorkerOptions): Worker<CrawlJob> {
  const paceConnection = redisConnection(o.redisUrl);
  const pace = new RedisPace(paceConnection);
  const fetchers = new Map<number, Fetcher>();
  const refs = o.config.references.map((r) => ({
    id: r.id,
    pdq: r.hashes.filter((h) => h.algo === 'pdq').map((h) => hexToBytes(h.hex)),
  }));
  const fetcherFor = (siteId: number) => {
    const site = o.config.sites.find((s) => s.id === siteId);
    if (!site) throw new Error(`site ${siteId} is not in this worker's settings`);
    let f = fetchers.get(siteId);
    if (!f) {
      f = new Fetcher({
        policy: { allowAddresses: site.config.allowAddresses },
        userAgent: o.userAgent ?? 'JiumBot/0.1',
        maxSocketsPerHost: site.config.concurrencyPerHost,
      });
      fetchers.set(siteId, f);
    }
    return { fetcher: f, config: site.config };
  };

  const process = async (job: Job<CrawlJob>): Promise<JobOutcome> => {
    const { fetcher, config } = fetcherFor(job.data.siteId);
    const url = new URL(job.data.url);
    await pace.take(url, config.requestsPerSecond);
    let outcome: JobOutcome;
    try {
      const res = await fetcher.fetch(url);
      if (res.status === 429 || res.status === 503) {
        // The host asks every worker to slow down; the job is tried again after its back-off.
        const asked = retryAfterMs(res.headers['retry-after'], Date.now());
        await pace.hold(url, asked ?? backoffMs(job.attemptsMade + 1));
        throw new Error(`http-${res.status}`);
      }
      outcome = { status: res.status, bytes: res.body.length };
      if (res.status >= 200 && res.status < 300) {
        if (job.data.kind === 'page') {
          const found = extractFromHtml(res.body.toString('utf8'));
          outcome.links = found.links.map((l) => new URL(l, url).href);
          outcome.images = found.images.map((l) => new URL(l, url).href);
        } else {
          try {
            const fp = await fingerprint(res.body, { role: 'candidate' });
            outcome.sha256 = sha256Hex(res.body);
            outcome.pdq = fp.pdq.hex;
            const near = (h: Uint8Array) => hamming256(h, fp.pdq.hash) <= DEFAULT_RULE.both!.pdq;
            outcome.candidates = refs.filter((r) => r.pdq.some(near)).map((r) => r.id);
          } catch (e) {
            // Not an image, or one the decoder refuses: proposed as such, nothing to match.
            if (!(e instanceof FingerprintError)) throw e;
            outcome.error = e.code;
          }
        }
      }
    } catch (e) {
      if (/^http-(429|503)$/.test((e as Error).message)) throw e;
      outcome = { status: 0, bytes: 0, error: (e as Error).message.split('\n')[0] };
    }
    await o.propose(job.data, outcome);
    return outcome;
  };

  const worker = new Worker<CrawlJob, JobOutcome>(CRAWL_QUEUE, process, {
    connection: redisConnection(o.redisUrl),
    concurrency: o.concurrency ?? 4,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: 3,
  });
  worker.on('closed', () => void paceConnection.quit().catch(() => undefined));
  return worker;
}
