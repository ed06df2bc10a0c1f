/**
 * One owner per crawl run (issue 18 #3, decision 0044): the process that crawls a run holds its
 * lease in the case file (`crawl_leases`: a random owner token, host name, pid, since when) and
 * renews a heartbeat while it runs. Another process — a second `jium crawl`, a second app on the
 * same file — is told who holds the run and leaves it alone while the heartbeat is fresh; once the
 * heartbeat is stale (the holder was killed or hung) the lease is taken over.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ApiError } from '../../shared/errors';

/** How often the holder renews its heartbeat. */
export const LEASE_HEARTBEAT_MS = 5_000;
/** A heartbeat older than this is stale: six missed renewals. */
export const LEASE_STALE_MS = 30_000;

/** Who holds a run. */
export interface LeaseHolder {
  host: string;
  pid: number;
  /** When the holder took the run (ISO). */
  since: string;
  /** Milliseconds since its last heartbeat. */
  silentMs: number;
}

/** A run that another process is crawling. */
export class LeaseHeldError extends ApiError {
  constructor(
    readonly runId: number,
    readonly holder: LeaseHolder,
  ) {
    super('conflict', describeHolder(runId, holder));
    this.name = 'LeaseHeldError';
  }
}

/** The sentence a person reads when a run is held by another process. */
export function describeHolder(runId: number, h: LeaseHolder): string {
  return (
    `Crawl ${runId} is being crawled by another Jium process (${h.host}, pid ${h.pid}, since ` +
    `${h.since.slice(0, 19).replace('T', ' ')} UTC). Let it finish or pause it there; if that ` +
    `process was stopped, the crawl can be taken over ${Math.round(LEASE_STALE_MS / 1000)} s after its last sign of life.`
  );
}

interface DbLease {
  owner: string;
  host: string;
  pid: number;
  acquired_at: string;
  heartbeat_at: number;
}

/**
 * Whether a holder is surely dead: a process of this machine (same host name) whose pid is gone.
 * Our own pid proves nothing (another thread of this process, or a restarted container that got
 * the same pid), nor does another machine's: those wait for the heartbeat to go stale.
 */
function provedDead(host: string, pid: number): boolean {
  if (host !== hostname() || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'; // EPERM: it exists, someone else's
  }
}

/**
 * The live holder of a run other than `owner`, if any: its heartbeat is fresh and it is not a
 * process of this machine that is gone (a server killed with SIGKILL and started again takes
 * its runs back at once, decision 0114).
 */
export function liveHolder(
  db: Database.Database,
  runId: number,
  owner: string | null = null,
  now = Date.now(),
  staleMs = LEASE_STALE_MS,
): LeaseHolder | null {
  const r = db
    .prepare(
      'SELECT owner, host, pid, acquired_at, heartbeat_at FROM crawl_leases WHERE run_id = ?',
    )
    .get(runId) as DbLease | undefined;
  if (!r || r.owner === owner || now - r.heartbeat_at >= staleMs) return null;
  if (provedDead(r.host, r.pid)) return null;
  return { host: r.host, pid: r.pid, since: r.acquired_at, silentMs: now - r.heartbeat_at };
}

/** A run's lease held by this process; `renew` on a timer, `release` at the end. */
export class RunLease {
  readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  /** Set when another process took the run over (this one was silent for too long). */
  lost = false;

  constructor(
    private readonly db: Database.Database,
    readonly runId: number,
    private readonly o: { heartbeatMs?: number; staleMs?: number; onLost?: () => void } = {},
  ) {}

  /**
   * Takes the run, or throws LeaseHeldError naming the live holder. A stale lease (its holder
   * silent for `staleMs`) is taken over. Then renews the heartbeat every `heartbeatMs`.
   */
  acquire(): void {
    const now = Date.now();
    this.db
      .transaction(() => {
        const held = liveHolder(this.db, this.runId, this.owner, now, this.o.staleMs);
        if (held) throw new LeaseHeldError(this.runId, held);
        this.db
          .prepare(
            `INSERT INTO crawl_leases (run_id, owner, host, pid, acquired_at, heartbeat_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner,
             host = excluded.host, pid = excluded.pid, acquired_at = excluded.acquired_at,
             heartbeat_at = excluded.heartbeat_at`,
          )
          .run(this.runId, this.owner, hostname(), process.pid, new Date(now).toISOString(), now);
      })
      .immediate();
    this.timer = setInterval(() => this.renew(), this.o.heartbeatMs ?? LEASE_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Renews the heartbeat; false (and `lost`) when another process holds the run now. */
  renew(): boolean {
    if (this.lost || !this.db.open) return false;
    let changed: number;
    try {
      changed = this.db
        .prepare('UPDATE crawl_leases SET heartbeat_at = ? WHERE run_id = ? AND owner = ?')
        .run(Date.now(), this.runId, this.owner).changes;
    } catch {
      return true; // busy or closing: the next beat tries again, well before the lease is stale
    }
    if (changed === 0) {
      this.lost = true;
      this.stopTimer();
      this.o.onLost?.();
    }
    return !this.lost;
  }

  /** Gives the run up (only if this process still holds it). */
  release(): void {
    this.stopTimer();
    if (!this.db.open) return;
    this.db
      .prepare('DELETE FROM crawl_leases WHERE run_id = ? AND owner = ?')
      .run(this.runId, this.owner);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Drops the leases this process (host and pid) holds on these runs, whichever thread took them. */
export function releaseOwnLeases(db: Database.Database, runIds: readonly number[]): void {
  const drop = db.prepare('DELETE FROM crawl_leases WHERE run_id = ? AND host = ? AND pid = ?');
  for (const id of runIds) drop.run(id, hostname(), process.pid);
}
