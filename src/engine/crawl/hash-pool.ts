/**
 * Fingerprinting in worker threads (decision 0057): the crawl's image tasks send each body to a
 * worker that runs the very `fingerprint` the main thread would, so that the JavaScript hashing
 * (PDQ, blockhash, the trimmed and embedded regions) overlaps the main thread's fetches, matching
 * and SQLite writes instead of queueing behind them. One code path: the worker calls
 * `fingerprint` and nothing else; errors come back as the same FingerprintError codes.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, type MessagePort } from 'node:worker_threads';
import { fingerprint, FingerprintError, type FingerprintErrorCode } from '../fingerprint';

type Fingerprint = Awaited<ReturnType<typeof fingerprint>>;
type Options = Parameters<typeof fingerprint>[1];

interface Request {
  id: number;
  body: Uint8Array;
  options: Options;
}
type Reply =
  | { id: number; fp: Fingerprint }
  | { id: number; error: { code?: FingerprintErrorCode; message: string } };

/** What a worker thread runs: answers every request with `fingerprint`'s result or error. */
export function serveFingerprints(port: MessagePort): void {
  port.on('message', (m: Request) => {
    fingerprint(m.body, m.options).then(
      (fp) =>
        port.postMessage(
          { id: m.id, fp } satisfies Reply,
          fp.work ? [fp.work.grey.buffer as ArrayBuffer] : [],
        ),
      (e: unknown) =>
        port.postMessage({
          id: m.id,
          error: {
            ...(e instanceof FingerprintError ? { code: e.code } : {}),
            message: e instanceof Error ? e.message : String(e),
          },
        } satisfies Reply),
    );
  });
}

/** Runs `serveFingerprints` when this module is loaded as a pool's worker (workerData marks it). */
export function serveIfPoolWorker(data: unknown): boolean {
  if (isMainThread || !parentPort || (data as { hashPool?: boolean } | null)?.hashPool !== true)
    return false;
  serveFingerprints(parentPort);
  return true;
}

/** How busy a pool was: wall time with a request outstanding, and the queue's depth over time. */
export interface PoolUsage {
  requests: number;
  /** Milliseconds with at least one request sent and not yet answered. */
  busyMs: number;
  /** Sum over time of the requests outstanding, in request-milliseconds (÷ busyMs: mean depth). */
  depthMs: number;
  /** The workers' event loops: milliseconds running JavaScript (hashing) summed over workers. */
  activeMs: number;
}

interface PoolWorker {
  w: Worker;
  waiting: Map<number, (r: Reply) => void>;
  /** Exited (a crash, or closed): replaced at the next request. */
  gone: boolean;
}

/** A pool of `size` worker threads running `script` (which calls serveIfPoolWorker). */
export class HashPool {
  private readonly workers: PoolWorker[];
  private next = 0;
  private outstanding = 0;
  private since = performance.now();
  private used = { requests: 0, busyMs: 0, depthMs: 0 };

  constructor(
    private readonly script: string | URL,
    size = 1,
  ) {
    this.workers = Array.from({ length: size }, () => this.spawn());
  }

  private spawn(): PoolWorker {
    const w = new Worker(this.script, { workerData: { hashPool: true } });
    const x: PoolWorker = { w, waiting: new Map(), gone: false };
    w.on('message', (r: Reply) => {
      x.waiting.get(r.id)?.(r);
      x.waiting.delete(r.id);
    });
    const fail = (message: string) => {
      for (const done of x.waiting.values()) done({ id: -1, error: { message } });
      x.waiting.clear();
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => {
      x.gone = true;
      fail(`hash worker exited (${code})`);
    });
    w.unref();
    return x;
  }

  /** Moves the usage clock to now (before the number of outstanding requests changes). */
  private tick(by: number): void {
    const now = performance.now();
    if (this.outstanding > 0) this.used.busyMs += now - this.since;
    this.used.depthMs += this.outstanding * (now - this.since);
    this.since = now;
    this.outstanding += by;
  }

  /** Usage since the pool started (subtract two readings for a span). */
  usage(): PoolUsage {
    this.tick(0);
    const activeMs = this.workers.reduce(
      (a, x) => a + (x.gone ? 0 : x.w.performance.eventLoopUtilization().active),
      0,
    );
    return { ...this.used, activeMs };
  }

  /** Fingerprints `bytes` in the least busy worker (the caller keeps its own copy of the bytes). */
  readonly fingerprint = (bytes: Uint8Array, options: Options): Promise<Fingerprint> => {
    for (const [i, x] of this.workers.entries()) if (x.gone) this.workers[i] = this.spawn();
    const least = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = ++this.next;
    const body = Uint8Array.from(bytes);
    this.used.requests++;
    this.tick(1);
    return new Promise<Fingerprint>((resolve, reject) => {
      least.waiting.set(id, (r) => {
        this.tick(-1);
        if ('fp' in r) resolve(r.fp);
        else
          reject(
            r.error.code
              ? new FingerprintError(r.error.code, r.error.message)
              : new Error(r.error.message),
          );
      });
      least.w.postMessage({ id, body, options } satisfies Request, [body.buffer as ArrayBuffer]);
    });
  };

  /** Stops the workers (a later request starts new ones). */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (x) => {
        x.gone = true;
        await x.w.terminate();
      }),
    );
  }
}

/**
 * The built worker entry beside this bundle (out/host/hash-worker.js, out/main/hash-worker.js;
 * JIUM_HASH_WORKER overrides the path), or null. On by default since the quiet re-runs (the
 * pooled crawl ×1.18–1.19 of the plain one in two runs of three, equal in the third: decision
 * 0057); JIUM_HASH_POOL=0 turns it off. Off, or run from source (unit tests), the crawl hashes on
 * its own thread.
 */
export function hashWorkerScript(): string | null {
  if (process.env['JIUM_HASH_POOL'] === '0') return null;
  const set = process.env['JIUM_HASH_WORKER'];
  const script = set ?? fileURLToPath(new URL('./hash-worker.js', import.meta.url));
  return existsSync(script) ? script : null;
}

/** Worker threads of the crawl's pool: one per core but one, at most 4 (decision 0057). */
export function hashPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

let shared: { script: string; pool: HashPool } | null = null;

/**
 * The process's pool unless it is turned off, when its worker entry is built: started by the
 * first run that wants it and kept for the next ones, so that a short run (a re-check, a retro
 * verification) does not pay a pool's start-up (decision 0054). Its workers are unref'd: an idle
 * pool never keeps the process (or the crawl worker thread that owns it) alive, and a worker that
 * exited is replaced at the next request.
 */
export function sharedHashPool(): HashPool | null {
  const script = hashWorkerScript();
  if (!script) return null;
  if (shared?.script !== script) {
    void shared?.pool.close();
    shared = { script, pool: new HashPool(script, hashPoolSize()) };
  }
  return shared.pool;
}
