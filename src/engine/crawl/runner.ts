/**
 * The crawl loop of one run: claims due frontier rows host by host (concurrency per host, the gap
 * between requests, Crawl-delay, back-off), runs page and image tasks, and writes each outcome with
 * its counters whole, batched with its neighbours' in one transaction (outcome-queue.ts). In-flight
 * rows are re-queued on start, so a run killed at any moment continues where it stopped: what it
 * loses is the outcomes not yet committed, fetched again. Progress is reported through a callback
 * (throttled). What a run is given: runner-options.ts; the env its tasks share (fetcher, robots,
 * the hop check, pace): run-env.ts.
 */
import type { CrawlProgress, CrawlRunState } from '../../shared/crawl-types';
import type { CrawlEnv } from './crawl-env';
import type { FrontierRow } from './frontier';
import { sharedHashPool } from './hash-pool';
import { visitImage } from './image-task';
import { OUTCOME_BATCH, OutcomeQueue } from './outcome-queue';
import { visitPage } from './page-task';
import { newHostState, type HostState } from './politeness';
import { recordOutcome } from './record-outcome';
import { createRunEnv } from './run-env';
import { RunLease } from './run-lease';
import { runFailure } from './run-failure';
import type { RemoteTask, RunnerOptions } from './runner-options';
import type { TaskOutcome } from './task-outcome';
import { normaliseUrl } from './url-rules';
import { visitVideo } from './video-task';

export type { RemoteTask, RunnerOptions } from './runner-options';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Video tasks at once per run: each decodes with FFmpeg, which wants a core of its own. */
const MAX_VIDEO_TASKS = 1;

/** Runs one crawl run until it finishes, is paused or is cancelled. */
export class CrawlRunner {
  private readonly env: CrawlEnv;
  private readonly outcomes: OutcomeQueue;
  private readonly hosts = new Map<string, HostState>();
  private readonly polite: boolean;
  private readonly maxConcurrency: number;
  /** Requests in flight: tasks that have not yet received their response (the concurrency). */
  private active = 0;
  /**
   * Tasks not yet ended: those in `active`, and images whose body arrived and that wait for their
   * hashing (they hold no request slot, decision 0054; at most maxConcurrency of them).
   */
  private tasks = 0;
  private activeVideos = 0;
  private stop: 'pause' | 'cancel' | null = null;
  private wake: () => void = () => {};
  private lastProgress = 0;
  /**
   * The earliest time a host that had a due row and room for another task may be asked again
   * (its gap not yet over): the loop wakes then, not only when a task ends.
   */
  private gapEndsAt = Infinity;

  constructor(private readonly o: RunnerOptions) {
    this.polite = o.polite ?? true;
    this.maxConcurrency = o.maxConcurrency ?? 16;
    this.outcomes = new OutcomeQueue(o.db, {
      ...OUTCOME_BATCH,
      // The case file refused the write (disk full, closed): the batch's rows stay in flight and
      // are re-queued when the run resumes. Stop rather than fail every following write too.
      onFailure: () => {
        this.stop ??= 'pause';
        this.wake();
      },
    });
    this.env = createRunEnv(o, this.polite, (host) => this.host(host));
    // What a rendered page loads obeys the same hop check as what the crawler fetches.
    this.env.renderer?.guard?.(this.env.check);
  }

  /** Asks the loop to stop after the requests in flight; the run becomes paused. */
  pause(): void {
    this.stop ??= 'pause';
    this.wake();
  }

  /** Asks the loop to stop; the run becomes cancelled. */
  cancel(): void {
    this.stop = 'cancel';
    this.wake();
  }

  /** Runs the loop. Resolves to the run's final state. */
  async run(): Promise<CrawlRunState> {
    // One process crawls a run at a time: throws LeaseHeldError, naming the live holder, before
    // anything is written. Taken over by another process, this one stops and writes no state.
    const lease = new RunLease(this.o.db, this.o.runId, {
      ...this.o.lease,
      onLost: () => {
        this.env.store.log('warn', 'lease-lost', null, 'another Jium process took this crawl over');
        this.pause();
      },
    });
    try {
      lease.acquire();
    } catch (e) {
      this.env.fetcher.close();
      throw e;
    }
    // Images are hashed in the process's worker-thread pool unless it is turned off (JIUM_HASH_POOL=0,
    // decision 0057), the caller brings its own fingerprint or a crawl worker fetches the rows.
    // The pool outlives the run: the next run in this thread does not start it again (0054).
    const pool = this.o.fingerprint || this.o.remote ? null : sharedHashPool();
    if (pool) this.env.fingerprint = pool.fingerprint;
    try {
      return await this.runHeld(lease);
    } finally {
      lease.release();
    }
  }

  private async runHeld(lease: RunLease): Promise<CrawlRunState> {
    const { frontier, store, config } = this.env;
    store.tx(() => {
      const reset = frontier.resetInFlight();
      if (reset) store.log('info', 'resumed', null, `${reset} requests in flight were re-queued`);
      for (const raw of config.startUrls) {
        const u = normaliseUrl(raw);
        if (u) frontier.add('page', u, 0, null);
      }
      store.setState('running', null);
    });
    this.report(true);
    try {
      while (!this.stop) {
        const launched = this.launchDue();
        if (this.tasks === 0 && launched === 0) {
          const next = frontier.nextDueAt();
          if (next === null) break; // nothing queued, nothing in flight: finished
          await this.sleepUntil(next);
          continue;
        }
        await this.sleepUntil(this.nextHostTime());
        this.report(false);
      }
      while (this.tasks > 0) await new Promise<void>((r) => (this.wake = r));
    } finally {
      this.outcomes.flush(); // before the run's record changes
      this.env.fetcher.close();
    }
    const ended: CrawlRunState =
      this.stop === 'cancel' ? 'cancelled' : this.stop === 'pause' ? 'paused' : 'finished';
    // A run that could fetch nothing is no all-clear: it fails, with the reason (run-failure.ts).
    const failure = ended === 'finished' ? runFailure(this.o.db, this.o.runId) : null;
    const state: CrawlRunState = failure ? 'failed' : ended;
    if (lease.lost) return 'interrupted'; // the run is the other process's now
    store.tx(() => {
      store.setState(state, state === 'paused' ? null : new Date().toISOString());
      if (failure) store.log('error', failure.code, null, failure.message);
      else store.log('info', state, null, `crawl ${state}`);
    });
    this.report(true);
    return state;
  }

  private host(host: string): HostState {
    let h = this.hosts.get(host);
    if (!h) {
      h = newHostState(this.o.config.requestsPerSecond, this.polite);
      this.hosts.set(host, h);
    }
    return h;
  }

  /**
   * A request slot is free, and there is room for its body: at most maxConcurrency bodies wait
   * for their hashing beside the maxConcurrency requests in flight.
   */
  private hasRoom(): boolean {
    return this.active < this.maxConcurrency && this.tasks < 2 * this.maxConcurrency;
  }

  /**
   * Claims and starts every due row whose host has room now. Returns how many started. Reads a few
   * rows per free slot first (reading 256 at every task's end was the crawl's costliest SQL,
   * decision 0056), and 256 only when all it read were of busy hosts.
   */
  private launchDue(): number {
    if (!this.hasRoom()) return 0;
    const now = Date.now();
    this.gapEndsAt = Infinity;
    const few = (this.maxConcurrency - this.active) * 4 + 8;
    const rows = this.env.frontier.due(now, few);
    let started = this.launch(rows, now);
    if (rows.length === few && this.hasRoom()) {
      started += this.launch(this.env.frontier.due(now, 256), now);
    }
    return started;
  }

  private launch(rows: FrontierRow[], now: number): number {
    let started = 0;
    for (const row of rows) {
      if (!this.hasRoom() || this.stop) break;
      const h = this.host(row.host);
      if (h.active >= this.o.config.concurrencyPerHost) continue;
      if (h.nextAt > now) {
        this.gapEndsAt = Math.min(this.gapEndsAt, h.nextAt);
        continue;
      }
      if (row.kind === 'video' && this.activeVideos >= MAX_VIDEO_TASKS) continue;
      if (!this.env.frontier.claim(row.id)) continue;
      if (row.kind === 'video') this.activeVideos++;
      if (row.kind === 'image') this.o.atPoint?.('claimed', row);
      h.active++;
      h.nextAt = now + h.intervalMs;
      this.active++;
      this.tasks++;
      started++;
      void this.runTask(row, h);
    }
    return started;
  }

  private async runTask(row: FrontierRow, h: HostState): Promise<void> {
    // Gives the request slot back once: when an image's body arrived (its hashing, in the pool,
    // then overlaps the next fetches), else when the task ends.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      h.active--;
      this.active--;
      this.wake();
    };
    let outcome: TaskOutcome;
    let remote: RemoteTask | undefined;
    let env: CrawlEnv | null = this.env;
    try {
      if (this.o.remote) ({ env } = remote = await this.o.remote(row, this.env));
      outcome = !env
        ? { state: 'retry', code: 'not-proposed' }
        : row.kind === 'page'
          ? await visitPage(env, row)
          : row.kind === 'video'
            ? await visitVideo(env, row)
            : await visitImage(env, row, release);
    } catch (e) {
      outcome = {
        state: 'failed',
        code: 'error',
        message: (e as Error).message,
        delta: { errors: 1 },
      };
    }
    if (this.stop === 'cancel' && outcome.state === 'retry')
      outcome = { ...outcome, state: 'failed' };
    const image = row.kind === 'image';
    if (image) this.o.atPoint?.('before-outcome', row, this.outcomes.size);
    let matchId: number | null = null;
    let committed = false;
    if (env)
      this.outcomes.push({
        write: () => recordOutcome(this.env, row, h, outcome, (id) => (matchId = id)),
        settled: (ok) => {
          committed = ok;
          if (!ok) return;
          if (image) this.o.atPoint?.('recorded', row);
          if (matchId !== null) this.o.onMatch?.(matchId);
        },
      });
    release();
    this.tasks--;
    if (row.kind === 'video') this.activeVideos--;
    // What does not wait for neighbours: a retry (its row is due again, its host may have asked
    // to slow down), a video's outcome (minutes of work), the last task in flight, and a crawl
    // worker's proposal (answered once its outcome is committed, decision 0112).
    if (outcome.state === 'retry' || row.kind === 'video' || this.tasks === 0 || remote) {
      this.outcomes.flush();
    }
    remote?.settled(committed);
    this.wake();
  }

  /**
   * When to look for due rows again: when a host with a due row and room for another task may be
   * asked again (so a host's concurrency is used, not one task per ended task), when an idle
   * host's gap ends, or in 250 ms at the latest.
   */
  private nextHostTime(): number {
    let t = Math.min(Date.now() + 250, this.gapEndsAt);
    for (const h of this.hosts.values()) if (h.active === 0 && h.nextAt < t) t = h.nextAt;
    return t;
  }

  private async sleepUntil(at: number): Promise<void> {
    const ms = Math.max(2, Math.min(250, at - Date.now()));
    await Promise.race([sleep(ms), new Promise<void>((r) => (this.wake = r))]);
  }

  /** Current counters (also what progress events carry). */
  progress(): CrawlProgress {
    const c = this.env.store.counters();
    const f = this.env.frontier.counts();
    return {
      runId: this.o.runId,
      siteId: this.o.siteId,
      state: c.state,
      pages: c.pages,
      images: c.images,
      hashed: c.hashed,
      matches: c.matches,
      errors: c.errors,
      skipped: c.skipped,
      bytes: c.bytes,
      queued: f.queued + f.inFlight,
    };
  }

  private report(force: boolean): void {
    const now = Date.now();
    if (
      !this.o.onProgress ||
      (!force && now - this.lastProgress < (this.o.progressEveryMs ?? 250))
    ) {
      return;
    }
    this.lastProgress = now;
    this.o.onProgress(this.progress());
  }
}
