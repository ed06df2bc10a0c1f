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

/** A pool of `size` worker threads running `script` (which calls serveIfPoolWorker). */
export class HashPool {
  private readonly workers: { w: Worker; waiting: Map<number, (r: Reply) => void> }[];
  private next = 0;

  constructor(script: string | URL, size = 1) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(script, { workerData: { hashPool: true } });
      const waiting = new Map<number, (r: Reply) => void>();
      w.on('message', (r: Reply) => {
        waiting.get(r.id)?.(r);
        waiting.delete(r.id);
      });
      w.on('error', (e) => {
        for (const done of waiting.values()) done({ id: -1, error: { message: e.message } });
        waiting.clear();
      });
      w.unref();
      return { w, waiting };
    });
  }

  /** Fingerprints `bytes` in the least busy worker (the caller keeps its own copy of the bytes). */
  readonly fingerprint = (bytes: Uint8Array, options: Options): Promise<Fingerprint> => {
    const least = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = ++this.next;
    const body = Uint8Array.from(bytes);
    return new Promise<Fingerprint>((resolve, reject) => {
      least.waiting.set(id, (r) => {
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

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((x) => x.w.terminate()));
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

/**
 * The crawl's pool unless it is turned off, when its worker entry is built: one thread per core but one (the main thread
 * keeps fetching, matching and writing; measured on 2 cores, i.e. one worker: decision 0057),
 * at most 4.
 */
export function openHashPool(): HashPool | null {
  const script = hashWorkerScript();
  return script ? new HashPool(script, Math.max(1, Math.min(4, availableParallelism() - 1))) : null;
}
