/**
 * The centre's crawl queue on Redis through BullMQ (issue 16 items 3–5, decisions 0111, 0112). A
 * job is one URL of a run (a page or an image, one attempt of it); a worker process takes jobs,
 * waits for the host's slot in Redis (redis-pace.ts: the pace holds across every worker), fetches
 * through the crawler's guarded Fetcher and follows redirects one hop at a time with the same
 * checks as the crawl (the site's hosts, robots.txt, addresses), fingerprints images, and hands
 * every request it made to `propose`: the centre server replays them to the crawl's own tasks,
 * which decide and write (centre-queue.ts). A job completes only after its proposal was
 * accepted: a worker killed before that leaves the job stalled, and BullMQ gives it to another
 * worker (stalled-job recovery); the server uses one proposal per job, so nothing is lost and
 * nothing counted twice. A run the server cancelled is marked in Redis: its jobs then send
 * nothing and propose nothing (decision 0114).
 */
import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type {
  CrawlJob,
  WorkerConfig,
  WorkerExchange,
  WorkerProposal,
} from '../../shared/worker-types';
import { Fetcher, FetchError, type FetcherOptions, type FetchResponse } from '../crawl/fetcher';
import { fetchFollowing, RefusedError, type HopCheck } from '../crawl/follow-redirects';
import {
  applyCrawlDelay,
  backoffMs,
  newHostState,
  retryAfterMs,
  type HostState,
} from '../crawl/politeness';
import { RobotsCache } from '../crawl/robots-cache';
import {
  DEFAULT_LIMITS,
  DEFAULT_RULE,
  fingerprint,
  hamming256,
  hexToBytes,
  type Fingerprint,
} from '../fingerprint';
import { withCandidateFeatures } from '../fingerprint/candidate-features';
import { loadVerifier } from '../fingerprint/verify';
import { encodeFingerprint } from './fingerprint-codec';
import { RedisPace } from './redis-pace';

export type { CrawlJob } from '../../shared/worker-types';

export const CRAWL_QUEUE = 'jium-crawl';

/**
 * A job's id: one per run, URL and attempt, so enqueuing a URL twice while it waits adds nothing,
 * and the server knows which attempt a proposal answers.
 */
export const jobId = (job: Pick<CrawlJob, 'runId' | 'kind' | 'url'> & { attempt?: number }) =>
  `${job.runId}-${job.kind}-${job.attempt ?? 1}-${createHash('sha256').update(job.url).digest('hex').slice(0, 32)}`;

/** BullMQ needs its connection not to give up on commands while Redis restarts. */
export function redisConnection(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true });
  // While Redis is away ioredis reports each failed reconnection here and keeps trying; BullMQ
  // resumes when it is back. Without a listener each one would be printed as unhandled.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * The queue the server adds jobs to. BullMQ does not close a connection it was given: pass your
 * own to close it after the queue (centreQueueOnRedis does).
 */
export function crawlQueue(redis: string | Redis): Queue<CrawlJob> {
  return new Queue<CrawlJob>(CRAWL_QUEUE, {
    connection: typeof redis === 'string' ? redisConnection(redis) : redis,
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
  /** Reads the settings again (a site added since the worker started). */
  reloadConfig?: () => Promise<WorkerConfig>;
  propose: (proposal: WorkerProposal) => Promise<void>;
  concurrency?: number;
  userAgent?: string;
  /** How soon a silent worker's jobs go to another (BullMQ's lock; tests shorten it). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Attempts BullMQ makes of a job the host refused with 429/503 (crawlQueue's default). */
const JOB_ATTEMPTS = 3;
/** Redirects followed per request, as the crawl on one machine (runner.ts). */
const MAX_REDIRECTS = 5;
/** Decoding limits of crawled images, as the crawl on one machine. */
const DECODE_LIMITS = { ...DEFAULT_LIMITS, maxPixels: 50_000_000 };

/** One site as a worker fetches it: its guarded fetcher, robots.txt, hosts and pace per host. */
interface WorkerSite {
  fetcher: PacedFetcher;
  robots: RobotsCache;
  hosts: ReadonlySet<string>;
  config: WorkerConfig['sites'][number]['config'];
  /** Per host: the gap from the site's rate and its robots.txt Crawl-delay. */
  hostPace: (url: URL) => HostState;
}

/**
 * The site's guarded fetcher, each request waiting for its host's slot in Redis first: robots.txt
 * too, so every request a host sees from any worker is within its pace.
 */
class PacedFetcher extends Fetcher {
  /** Per host, the request holding its slot (not yet on the wire); one at a time. */
  private readonly holding = new Map<string, symbol>();

  constructor(
    options: FetcherOptions,
    private readonly pace: { take: (url: URL) => Promise<void>; sent: (url: URL) => Promise<void> },
  ) {
    // Written: the request holding the host's slot is this one (no other can take it before).
    super({ ...options, onSent: (url) => void this.release(url, this.holding.get(url.host)) });
  }

  /** The request that held the host's slot is written, or will not be: the next slot may go. */
  private async release(url: URL, hold: symbol | undefined): Promise<void> {
    if (!hold || this.holding.get(url.host) !== hold) return; // released already
    this.holding.delete(url.host);
    await this.pace.sent(url).catch(() => undefined);
  }

  override fetch(url: URL, headers?: Record<string, string>): Promise<FetchResponse> {
    return this.fetchWhen(url, headers, async () => undefined);
  }

  /** Fetches once the host's slot is taken and `ready` resolves (it throws: nothing is sent). */
  async fetchWhen(
    url: URL,
    headers: Record<string, string> | undefined,
    ready: () => Promise<void>,
  ): Promise<FetchResponse> {
    await this.pace.take(url);
    const hold = Symbol(url.host);
    this.holding.set(url.host, hold);
    try {
      await ready();
      return await super.fetch(url, headers);
    } finally {
      await this.release(url, hold); // if nothing was written (refused, no connection, cancelled)
    }
  }
}

/** The job's run was cancelled: the worker sends nothing more for it and proposes nothing. */
class RunCancelled extends Error {}

function workerSite(
  config: WorkerSite['config'],
  userAgent: string | undefined,
  pace: HostPace,
): WorkerSite {
  const perHost = new Map<string, HostState>();
  const hostPace = (url: URL) => {
    let h = perHost.get(url.host);
    if (!h) perHost.set(url.host, (h = newHostState(config.requestsPerSecond, true)));
    return h;
  };
  const rate = (url: URL) => 1000 / hostPace(url).intervalMs;
  const paced = {
    take: (url: URL) => pace.take(url, rate(url)),
    sent: async (url: URL) => pace.sent?.(url, rate(url)),
  };
  const fetcher = new PacedFetcher(
    {
      policy: { allowAddresses: config.allowAddresses },
      userAgent: userAgent ?? config.userAgent,
      headers: config.headers,
      limits: {
        maxBytes: Math.round(config.maxResponseMiB * 1024 * 1024),
        headerTimeoutMs: Math.min(10_000, config.timeoutSeconds * 1000),
        bodyTimeoutMs: config.timeoutSeconds * 1000,
      },
      maxSocketsPerHost: config.concurrencyPerHost,
    },
    paced,
  );
  const named = config.allowedHosts.length
    ? config.allowedHosts
    : config.startUrls.map((u) => new URL(u).hostname);
  return {
    fetcher,
    robots: new RobotsCache(fetcher, config.userAgent),
    hosts: new Set(named.map((h) => h.toLowerCase())),
    config,
    hostPace,
  };
}

const recorded = (r: FetchResponse): WorkerExchange => ({
  url: r.url,
  status: r.status,
  headers: r.headers,
  remoteAddress: r.remoteAddress,
  ...(r.body.length ? { body: r.body.toString('base64') } : {}),
});

/**
 * The host's pace across workers (RedisPace), or none (tests of the server's side); `cancelled`
 * says whether the server cancelled a run (its jobs are then dropped, decision 0112).
 */
export type HostPace = Pick<RedisPace, 'take' | 'hold'> &
  Partial<Pick<RedisPace, 'cancelled' | 'sent'>>;

/** What a worker does with one job: fetch, fingerprint, propose. */
export interface JobProcessor {
  process(job: Pick<Job<CrawlJob>, 'data' | 'attemptsMade' | 'opts'>): Promise<number>;
  close(): void;
}

/** The job processing of a worker, apart from BullMQ (startCrawlWorker runs it on the queue). */
export function jobProcessor(
  o: Omit<CrawlWorkerOptions, 'redisUrl' | 'concurrency' | 'lockDurationMs' | 'stalledIntervalMs'>,
  pace: HostPace,
): JobProcessor {
  const sites = new Map<number, WorkerSite>();
  let config = o.config;
  const prefilter = () =>
    config.references.flatMap((r) =>
      r.hashes.filter((h) => h.algo === 'pdq').map((h) => hexToBytes(h.hex)),
    );
  let refs = prefilter();
  const siteFor = async (siteId: number): Promise<WorkerSite> => {
    let site = sites.get(siteId);
    if (site) return site;
    let settings = config.sites.find((s) => s.id === siteId);
    if (!settings && o.reloadConfig) {
      config = await o.reloadConfig();
      refs = prefilter();
      settings = config.sites.find((s) => s.id === siteId);
    }
    if (!settings) throw new Error(`site ${siteId} is not in this worker's settings`);
    site = workerSite(settings.config, o.userAgent, pace);
    sites.set(siteId, site);
    return site;
  };
  /** Near a reference's PDQ by the decision rule's distance: the server may record a match. */
  const mayMatch = (fp: Fingerprint) =>
    fp.variants.some(
      (v) => v.algo === 'pdq' && refs.some((r) => hamming256(r, v.hash) <= DEFAULT_RULE.both!.pdq),
    );

  const process: JobProcessor['process'] = async (job) => {
    try {
      return await processJob(job);
    } catch (e) {
      if (e instanceof RunCancelled) return 0; // completed: nothing to fetch or propose
      throw e;
    }
  };

  const processJob: JobProcessor['process'] = async (job) => {
    // A run cancelled on the server: its jobs still held or already taken fetch nothing (checked
    // again after each wait for the host's slot, below).
    const stillWanted = async () => {
      if (await pace.cancelled?.(job.data.runId)) throw new RunCancelled();
    };
    await stillWanted();
    const site = await siteFor(job.data.siteId);
    const exchanges: WorkerExchange[] = [];
    // The crawl's checks before every hop: the site's hosts, then robots.txt (whose Crawl-delay
    // slows the host's pace for every worker that reads it).
    const check: HopCheck = async (url) => {
      let refusal: { code: string; reason: string } | null = null;
      if (!site.hosts.has(url.hostname))
        refusal = { code: 'host-not-allowed', reason: `${url.hostname} is not a configured host` };
      else if (site.config.respectRobots) {
        const policy = await site.robots.policyFor(url);
        const failure = site.robots.failureFor(url);
        applyCrawlDelay(site.hostPace(url), policy.crawlDelay, true);
        const path = url.pathname + url.search;
        if (failure?.code === 'blocked-address')
          refusal = { code: 'blocked-address', reason: failure.message };
        else if (!policy.isAllowed(path))
          refusal = { code: 'robots-disallow', reason: `robots.txt: ${policy.explain(path)}` };
      }
      if (refusal) {
        const message = `${refusal.reason}: ${url.href}`;
        exchanges.push({ url: url.href, error: { kind: 'refused', code: refusal.code, message } });
      }
      return refusal;
    };
    const send = async (url: URL, headers: Record<string, string>) => {
      try {
        const res = await site.fetcher.fetchWhen(url, headers, stillWanted);
        exchanges.push(recorded(res));
        return res;
      } catch (e) {
        if (e instanceof RunCancelled) throw e;
        const code = e instanceof FetchError ? e.code : 'network';
        const message = (e as Error).message.split('\n')[0] ?? '';
        exchanges.push({ url: url.href, error: { kind: 'fetch', code, message } });
        throw e;
      }
    };
    /** Fetches a URL and its redirects as the crawl does; null when it ended without a response. */
    const follow = (url: URL) =>
      fetchFollowing(site.fetcher, url, { check, maxRedirects: MAX_REDIRECTS, send }).then(
        (r) => r.response,
        (e: unknown) => {
          if (!(e instanceof RefusedError) && !(e instanceof FetchError)) throw e;
          return null;
        },
      );

    const url = new URL(job.data.url);
    const res = await follow(url);
    if (res && (res.status === 429 || res.status === 503)) {
      // The host asks every worker to slow down. BullMQ tries the job again after its back-off;
      // the last attempt is proposed, and the server's crawl decides (retry later, or give up).
      const asked = retryAfterMs(res.headers['retry-after'], Date.now());
      await pace.hold(url, asked ?? backoffMs(job.attemptsMade + 1));
      if (job.attemptsMade + 1 < (job.opts.attempts ?? JOB_ATTEMPTS))
        throw new Error(`http-${res.status}`);
    }
    const proposal: WorkerProposal = { job: job.data, exchanges };
    if (job.data.kind === 'image' && res && res.status >= 200 && res.status < 300) {
      const fp = await fingerprint(res.body, { role: 'candidate', limits: DECODE_LIMITS }).catch(
        () => null, // not an image, or one the decoder refuses: the server finds out the same
      );
      if (fp) {
        // With the candidate's ORB features, so the server need not compute them (decision 0113).
        proposal.fingerprint = encodeFingerprint(await withCandidateFeatures(fp));
        // The page again, for the match's snapshot, as the crawl on one machine takes it.
        if (mayMatch(fp) && job.data.pageUrl !== job.data.url)
          await follow(new URL(job.data.pageUrl));
      }
    }
    await o.propose(proposal);
    return res?.status ?? 0; // what BullMQ keeps of a completed job: no body
  };

  return { process, close: () => sites.forEach((site) => site.fetcher.close()) };
}

/** Starts taking jobs; close() stops after the jobs in hand. */
export function startCrawlWorker(o: CrawlWorkerOptions): Worker<CrawlJob> {
  // OpenCV, for the candidates' features (decision 0113): ~2 s and ~130 MB once, at start rather
  // than in the first image's job.
  void loadVerifier();
  const paceConnection = redisConnection(o.redisUrl);
  const processor = jobProcessor(o, new RedisPace(paceConnection));
  const connection = redisConnection(o.redisUrl);
  const worker = new Worker<CrawlJob, number>(CRAWL_QUEUE, (job) => processor.process(job), {
    connection,
    concurrency: o.concurrency ?? 4,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: o.stalledIntervalMs ?? 30_000,
    maxStalledCount: 3,
  });
  // BullMQ leaves the connections it was given open: without this a stopped worker never exits.
  worker.on('closed', () => {
    void paceConnection.quit().catch(() => undefined);
    void connection.quit().catch(() => undefined);
    processor.close();
  });
  return worker;
}
