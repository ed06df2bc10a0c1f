/**
 * Runs crawls off the UI's thread: one worker thread per running crawl (its own SQLite
 * connection), relaying progress and matches as contract events. Where the built worker is not
 * available (unit tests run the TypeScript sources) the same job runs in this thread instead.
 */
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CrawlProgress, CrawlRunState, SiteConfig } from '../../shared/crawl-types';
import { caseKey } from '../cases/sealing';
import type { CrawlControl, Emit, HandlerContext } from '../core/context';
import { sweepCrawlTemp } from './crawl-temp';
import { startRunJob, type RunJob } from './run-job';
import { siteConfigSchema } from '../../shared/crawl-types';
import { audit } from '../audit/record';
import { LEASE_STALE_MS, LeaseHeldError, liveHolder, releaseOwnLeases } from './run-lease';
import { getRun, insertRun, listRuns, markInterrupted, resumableRun, setRunState } from './sites';
import { sealLegacySecrets, secretsForRun } from './site-secrets';
import type { WorkerData, WorkerMessage } from './worker-protocol';
import type { CentreQueue } from '../workers/centre-queue';

/**
 * How soon a schedule check that found the case file busy is tried again: 2 s, doubling while it
 * stays busy, up to the minute's own check.
 */
const BUSY_RETRY_MS = [2_000, 60_000] as const;

/** SQLite's "database is locked" (SQLITE_BUSY and its extended codes, SQLITE_LOCKED). */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/** How a running crawl is driven. */
type Job =
  { kind: 'worker'; worker: Worker } | { kind: 'inline'; job: RunJob } | { kind: 'starting' };

/** Where the built worker lives: beside the bundle that imports this module (out/host/). */
export function workerScriptPath(): string {
  return (
    process.env['JIUM_CRAWL_WORKER'] ?? fileURLToPath(new URL('./crawl-worker.js', import.meta.url))
  );
}

/**
 * The crawls of one open case file. The engine makes one per case file on first use and hands it to
 * handlers as `ctx.crawls()` (core/engine.ts); nothing looks it up by database.
 */
export class CrawlManager implements CrawlControl {
  private readonly jobs = new Map<number, Job>();
  private vault: HandlerContext['vault'] | null = null;
  private readonly timer: NodeJS.Timeout;
  private ticking = false;
  private leaseTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number = BUSY_RETRY_MS[0];
  private closing = false;
  /** Centre mode (`jium serve --redis`, decision 0112): crawl workers fetch the runs' rows. */
  queue: CentreQueue | null = null;
  /**
   * A server (`jium serve`) continues every run cut short, started by hand or by a schedule, at
   * its schedule checks: a restart mid-crawl must not wait for a person (issue 16, decision
   * 0114). The desktop app continues only scheduled sites' runs; a person resumes the others.
   */
  resumeInterrupted = false;

  constructor(
    private readonly db: Database.Database,
    private readonly caseFilePath: string,
    private emit: Emit,
  ) {
    // Nothing runs yet in this process: a run still marked running was cut short (crash, kill),
    // unless another live process holds its lease (it is crawling it now).
    markInterrupted(db);
    // Video downloads of crawls killed with SIGKILL left their temp folders behind (issue 18).
    sweepCrawlTemp();
    // Scheduled sites are checked every minute while this case file is open.
    this.timer = setInterval(() => {
      if (!this.db.open) return clearInterval(this.timer);
      void this.tick();
    }, 60_000);
    this.timer.unref();
  }

  /**
   * One schedule check: opens the key vault first when it can (so scheduled runs seal evidence
   * like started ones), then starts what is due. Never throws; overlapping checks are skipped.
   */
  async tick(now: () => Date = () => new Date()): Promise<number[]> {
    if (this.ticking || this.closing || !this.db.open) return [];
    this.ticking = true;
    try {
      if (this.vault) await openVaultForCrawl(this.db, this.vault);
      const started = this.db.open ? this.runSchedules(now()) : [];
      this.retryMs = BUSY_RETRY_MS[0];
      return started;
    } catch (e) {
      const busy = isBusy(e) && !this.retryTimer && !this.closing;
      console.error(
        '[jium] scheduled crawls:',
        (e as Error).message + (busy ? `; checking again in ${this.retryMs / 1000} s` : ''),
      );
      // Another connection held the case file past its busy timeout: one busy moment must not
      // cost a due crawl the minute until the next check.
      if (busy) this.retrySoon();
      return [];
    } finally {
      this.ticking = false;
    }
  }

  private retrySoon(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.tick();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, BUSY_RETRY_MS[1]);
  }

  /** Updates the event sink and key vault (each call brings the engine's current ones). */
  bind(emit: Emit, vault?: HandlerContext['vault']): void {
    this.emit = emit;
    if (vault) this.vault = vault;
  }

  /**
   * Starts the crawls that are due: enabled sites with a schedule whose last run started at least
   * that many hours ago (or never ran, or was cut short by a crash or by the host stopping), on a
   * server also every enabled site whose last run was cut short, and that are not running now.
   * Returns the started run ids.
   */
  runSchedules(now: Date): number[] {
    // A run left running by a process that is gone (killed on this machine, or silent past its
    // lease: decision 0044) is interrupted now, so it is due; one whose holder is silent but not
    // yet stale is looked at again the moment its lease expires (decision 0114).
    markInterrupted(this.db, [...this.jobs.keys()]);
    this.tickWhenLeasesExpire();
    const sites = this.db
      .prepare(
        `SELECT s.id, s.config, s.schedule_hours AS hours,
           (SELECT MAX(r.started_at) FROM crawl_runs r WHERE r.site_id = s.id) AS last,
           (SELECT r.state FROM crawl_runs r WHERE r.site_id = s.id ORDER BY r.id DESC LIMIT 1)
             AS lastState
         FROM crawl_sites s WHERE s.enabled = 1 AND (s.schedule_hours IS NOT NULL OR ?)`,
      )
      .all(this.resumeInterrupted ? 1 : 0) as {
      id: number;
      config: string;
      hours: number | null;
      last: string | null;
      lastState: string | null;
    }[];
    const due = sites.filter(
      (s) =>
        s.lastState === 'interrupted' ||
        (s.hours !== null &&
          (s.last === null || now.getTime() - Date.parse(s.last) >= s.hours * 3_600_000)),
    );
    const started: number[] = [];
    for (const site of due) {
      if (listRuns(this.db, site.id, 1).some((r) => this.jobs.has(r.id))) continue;
      const config = siteConfigSchema.parse(JSON.parse(site.config));
      const by = { db: this.db, session: null, now: () => now, vault: this.vault ?? LOCKED_VAULT };
      try {
        started.push(this.startSite(site.id, config, by, 'scheduled'));
      } catch (e) {
        if (!(e instanceof LeaseHeldError)) throw e; // another process crawls it: not due here
      }
    }
    return started;
  }

  private tickWhenLeasesExpire(): void {
    const { t } = this.db
      .prepare(
        `SELECT MIN(l.heartbeat_at) AS t FROM crawl_leases l JOIN crawl_runs r ON r.id = l.run_id
         WHERE r.state = 'running' AND NOT (l.host = ? AND l.pid = ?)`,
      )
      .get(hostname(), process.pid) as { t: number | null };
    if (t === null || this.leaseTimer) return;
    const ms = Math.max(0, t + LEASE_STALE_MS - Date.now()) + 500;
    this.leaseTimer = setTimeout(() => {
      this.leaseTimer = null;
      void this.tick();
    }, ms);
    this.leaseTimer.unref();
  }

  /**
   * Starts a crawl of a site: the one way every path does it (the Crawls page and `jium crawl`
   * through `crawls.start`, and the schedule). In one transaction the site's paused or
   * interrupted run is taken up, or a new run created, and audited — `crawl.resume` or
   * `crawl.start` for the caller, `crawl.scheduled` for the schedule — then its job starts. Open
   * the vault first (`openVaultForCrawl`) so evidence is sealed when it can be. Returns the run.
   */
  startSite(
    siteId: number,
    config: SiteConfig,
    by: Pick<HandlerContext, 'db' | 'session' | 'now' | 'vault'>,
    how: 'caller' | 'scheduled',
  ): number {
    // A run that another process crawls is not taken up, nor audited as started here.
    const pending = resumableRun(this.db, siteId);
    if (pending !== undefined && !this.jobs.has(pending)) refuseIfHeld(this.db, pending);
    const runId = this.db.transaction(() => {
      const resumable = resumableRun(this.db, siteId);
      const id = resumable ?? insertRun(this.db, siteId, config, by.now());
      const action =
        how === 'scheduled' ? 'crawl.scheduled' : resumable ? 'crawl.resume' : 'crawl.start';
      audit(by, action, { type: 'crawl-run', id }, { siteId });
      return id;
    })();
    this.start(runId, siteId, by);
    return runId;
  }

  isRunning(runId: number): boolean {
    return this.jobs.has(runId);
  }

  /** Starts (or continues) a run in a worker thread. */
  start(runId: number, siteId: number, ctx: Pick<HandlerContext, 'db' | 'vault'>): void {
    if (this.jobs.has(runId)) return;
    refuseIfHeld(this.db, runId); // before its state is touched: the holder owns it
    setRunState(this.db, runId, 'running');
    const caseKeys = evidenceKeys(ctx);
    const secrets = secretsForRun(this.db, ctx.vault, runId, siteId);
    const script = workerScriptPath();
    const onProgress = (progress: CrawlProgress) => this.emit('crawl.progress', progress);
    const onMatch = (matchId: number) => this.emit('crawl.match', { runId, siteId, matchId });
    const finish = (state: CrawlRunState | Error) => {
      this.jobs.delete(runId);
      if (!this.db.open) return; // the case file was closed under the run; it resumes next time
      if (
        state instanceof LeaseHeldError ||
        (state instanceof Error && state.name === 'lease-held')
      ) {
        // Another process took the run between the check and the runner's start: it is theirs.
        this.db
          .prepare(
            "INSERT INTO crawl_log (run_id, at, level, code, url, message) VALUES (?, ?, 'warn', 'lease-held', NULL, ?)",
          )
          .run(runId, new Date().toISOString(), state.message.slice(0, 500));
      } else if (state instanceof Error) {
        setRunState(this.db, runId, 'failed');
        this.db
          .prepare(
            "INSERT INTO crawl_log (run_id, at, level, code, url, message) VALUES (?, ?, 'error', 'crawl-failed', NULL, ?)",
          )
          .run(runId, new Date().toISOString(), state.message.slice(0, 500));
      }
      const run = getRun(this.db, runId);
      if (run) onProgress({ ...run, runId, siteId });
    };
    if (existsSync(script) && !this.queue) {
      const data: WorkerData = {
        caseFilePath: this.caseFilePath,
        runId,
        siteId,
        caseKeys: [...caseKeys].map(([id, key]) => [id, new Uint8Array(key)]),
        polite: true,
        secrets,
      };
      const worker = new Worker(script, { workerData: data });
      this.jobs.set(runId, { kind: 'worker', worker });
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress(m.progress);
        else if (m.type === 'match') onMatch(m.matchId);
        else if (m.type === 'done') finish(m.state);
        else finish(Object.assign(new Error(m.message), m.code ? { name: m.code } : {}));
      });
      worker.on('error', (e) => finish(e));
      worker.on('exit', () => this.jobs.delete(runId));
      return;
    }
    this.jobs.set(runId, { kind: 'starting' }); // counts as running from now on
    const remote = this.queue ? { remote: this.queue.remote(runId, siteId) } : {};
    void startRunJob({
      db: this.db,
      runId,
      siteId,
      caseKeys,
      secrets,
      onProgress,
      onMatch,
      ...remote,
    }).then(
      (job) => {
        this.jobs.set(runId, { kind: 'inline', job });
        job.done.then(finish, (e: Error) => finish(e));
      },
      (e: Error) => finish(e),
    );
  }

  /** Asks a running crawl to stop after its requests in flight: paused or cancelled. */
  stop(runId: number, how: 'pause' | 'cancel'): boolean {
    const job = this.jobs.get(runId);
    if (!job || job.kind === 'starting') return false;
    this.queue?.release(runId, how); // rows waiting for a worker stay in flight
    if (job.kind === 'worker') job.worker.postMessage({ type: how });
    else if (how === 'pause') job.job.runner.pause();
    else job.job.runner.cancel();
    return true;
  }

  /**
   * The case file is closing: no more schedule checks; every running crawl is paused (requests in
   * flight finish, the run is saved as paused) and awaited for at most `ms`. Worker threads still
   * busy after that are stopped; their runs are then marked interrupted next time and resume.
   */
  async pauseAll(ms = 10_000): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const ids = [...this.jobs.keys()];
    for (const id of ids) this.stop(id, 'pause');
    const deadline = Date.now() + ms;
    while (this.jobs.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const job of this.jobs.values()) if (job.kind === 'worker') await job.worker.terminate();
    // Nobody chose to pause these: they were cut short, so a schedule continues them at the next
    // start (and anyone may resume them by hand).
    if (!this.db.open) return;
    const mark = this.db.prepare(
      "UPDATE crawl_runs SET state = 'interrupted' WHERE id = ? AND state IN ('paused', 'running')",
    );
    for (const id of ids) mark.run(id);
    // A worker stopped by force could not release its run's lease: this process gives it up, so
    // the run is not refused as 'held by another process' for 30 s when the file is opened again.
    releaseOwnLeases(this.db, ids);
  }

  /** Waits for a run to end (tests, CLI). */
  async settled(runId: number): Promise<void> {
    while (this.jobs.has(runId)) await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Keys of the cases a crawl may match (consented to web searches, not closed), so that evidence
 * is sealed for them. A locked vault yields none: matches then keep hashes and URLs only.
 */
export function evidenceKeys(ctx: Pick<HandlerContext, 'db' | 'vault'>): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  if (!ctx.vault.unlocked) return keys;
  const ids = ctx.db
    .prepare("SELECT id FROM cases WHERE consent_search = 1 AND status <> 'closed'")
    .all() as { id: number }[];
  for (const { id } of ids) keys.set(id, caseKey(ctx, id));
  return keys;
}

/**
 * Opens the case file's key vault for a crawl when its master key is available (evidence is then
 * sealed with the cases' keys, and site secrets kept in clear by older versions are sealed); a
 * crawl without it keeps hashes, URLs and headers only.
 */
export async function openVaultForCrawl(
  db: Database.Database,
  vault: HandlerContext['vault'],
): Promise<void> {
  await vault.unlock().catch(() => undefined);
  if (vault.unlocked && db.open) sealLegacySecrets(db, vault);
}

/** Throws LeaseHeldError when another live process holds the run (decision 0044). */
function refuseIfHeld(db: Database.Database, runId: number): void {
  const holder = liveHolder(db, runId);
  if (holder) throw new LeaseHeldError(runId, holder);
}

/** A vault stand-in for scheduled runs before anyone unlocked the real one: no evidence keys. */
const LOCKED_VAULT = { unlocked: false } as HandlerContext['vault'];
