import type Database from 'better-sqlite3';
import type {
  EventName,
  EventPayload,
  MethodName,
  MethodResult,
  ParsedInput,
} from '../../shared/contract';
import type { SiteConfig } from '../../shared/crawl-types';
import type { CaseFileInfo, HostKind, SessionInfo } from '../../shared/types';
import type { ProposeResult, WorkerProposal } from '../../shared/worker-types';
import type { Fingerprinter } from '../cases/fingerprinter';
import type { KeyVault } from '../crypto/key-vault';
import type { PdfRenderer } from '../documents/pdf';

/**
 * Identifies one connected client: a host-chosen key (`wc:<webContents id>` in Electron,
 * `http:<client id>` in the headless host). Sessions are bound to it.
 */
export type CallerKey = string;

/** Sends an event to every client, or only to one caller. */
export type Emit = <E extends EventName>(
  event: E,
  payload: EventPayload<E>,
  to?: CallerKey,
) => void;

/** What every handler receives besides its validated input. */
export interface HandlerContext {
  db: Database.Database;
  caseFile: CaseFileInfo;
  caller: CallerKey;
  /** The caller's session; non-null for every method whose access is not 'public'. */
  session: SessionInfo | null;
  sessions: SessionRegistry;
  host: HostKind;
  version: string;
  emit: Emit;
  now: () => Date;
  /** The case file's key vault (master key from the host's provider). */
  vault: KeyVault;
  /** Fingerprints reference images on this workstation. */
  fingerprint: Fingerprinter;
  /** HTML → PDF for notices and reports (Chromium by default, printToPDF in Electron). */
  pdf: PdfRenderer;
  /** The open case file's crawl manager (made by the engine on first use; see CrawlControl). */
  crawls: () => CrawlControl;
  /** The open case file's takedown re-check scheduler (started by the engine on first use). */
  rechecks: () => RecheckControl;
}

/*
 * The case file's long-lived services are made by the engine (core/engine.ts), one of each per open
 * case file, and handed to handlers in their context — not looked up in module-level maps keyed by
 * the database (issue 14). The interfaces say what handlers use of them; crawl/crawl-manager.ts and
 * takedowns/scheduler.ts implement them (named here so that this module imports neither).
 */

/** What handlers drive of the open case file's crawls (crawl/crawl-manager.ts). */
export interface CrawlControl {
  /** Starts a site's crawl, taking up its paused or interrupted run; audited. Returns the run. */
  startSite(
    siteId: number,
    config: SiteConfig,
    by: Pick<HandlerContext, 'db' | 'session' | 'now' | 'vault'>,
    how: 'caller' | 'scheduled',
  ): number;
  /** Starts (or continues) a run. */
  start(runId: number, siteId: number, ctx: Pick<HandlerContext, 'db' | 'vault'>): void;
  isRunning(runId: number): boolean;
  /** Asks a running crawl to stop: false when it was not running here. */
  stop(runId: number, how: 'pause' | 'cancel'): boolean;
  /** Waits for a run to end. */
  settled(runId: number): Promise<void>;
  /** Centre mode: the queue crawl workers propose to (workers/centre-queue.ts), else null. */
  readonly queue: {
    propose(p: WorkerProposal): Promise<ProposeResult['outcome']> | null;
  } | null;
}

/** The takedown re-check scheduler (takedowns/scheduler.ts). */
export interface RecheckControl {
  /** Re-checks what is due now; returns the request ids checked. */
  tick(now?: () => Date): Promise<number[]>;
}

/**
 * Handler of one contract method. A plain handler is synchronous and runs inside one transaction,
 * so a call that throws writes nothing. A handler that must await (hashing a password, decoding an
 * image) is wrapped with `asyncHandler` and does its writes in its own `ctx.db.transaction`s.
 */
export type Handler<M extends MethodName> =
  ((input: ParsedInput<M>, ctx: HandlerContext) => MethodResult<M>) | AsyncHandler<M>;

export type AsyncHandler<M extends MethodName> = ((
  input: ParsedInput<M>,
  ctx: HandlerContext,
) => Promise<MethodResult<M>>) & { readonly isAsync: true };

/** Marks a handler as asynchronous (see `Handler`). */
export function asyncHandler<M extends MethodName>(
  fn: (input: ParsedInput<M>, ctx: HandlerContext) => Promise<MethodResult<M>>,
): AsyncHandler<M> {
  return Object.assign(fn, { isAsync: true as const });
}

export function isAsyncHandler(h: unknown): h is AsyncHandler<MethodName> {
  return typeof h === 'function' && (h as { isAsync?: unknown }).isAsync === true;
}

export type HandlerMap<M extends MethodName = MethodName> = { [K in M]: Handler<K> };

/**
 * Signed-in sessions per caller, kept in memory: a restart signs everybody out. A session idle for
 * longer than the lock time is locked (not ended): only its own password unlocks it.
 */
export interface SessionRegistry {
  get(caller: CallerKey): SessionInfo | null;
  /** Starts (or replaces) a session, active now. */
  set(caller: CallerKey, session: SessionInfo, nowMs?: number): void;
  delete(caller: CallerKey): void;
  clear(): void;
  /**
   * Records activity for a non-public call: locks the session first if it was idle too long.
   * Returns the session afterwards (with `locked: true` when locked), or null.
   */
  touch(caller: CallerKey, nowMs: number): SessionInfo | null;
  /**
   * The session as of now without recording activity (pushed events are not activity): locked
   * first if it was idle too long, so a desk that stopped calling stops hearing at the lock time.
   */
  peek(caller: CallerKey, nowMs: number): SessionInfo | null;
  /** Locks or unlocks a session (unlocking counts as activity). */
  setLocked(caller: CallerKey, locked: boolean, nowMs: number): void;
  /** Ends every session of a user (disabled, role changed); returns their callers. */
  endUser(userId: number): CallerKey[];
  /** Idle time after which sessions lock, in milliseconds. */
  readonly idleMs: number;
}

/** Sessions lock after 15 minutes without a signed-in call, unless the host says otherwise. */
export const DEFAULT_IDLE_LOCK_MS = 15 * 60_000;

export function createSessionRegistry(idleMs = DEFAULT_IDLE_LOCK_MS): SessionRegistry {
  const map = new Map<CallerKey, { session: SessionInfo; lastActive: number }>();
  const lockIfIdle = (caller: CallerKey, nowMs: number) => {
    const entry = map.get(caller);
    if (entry && !entry.session.locked && nowMs - entry.lastActive > idleMs)
      entry.session = { ...entry.session, locked: true };
    return entry;
  };
  return {
    idleMs,
    get: (caller) => map.get(caller)?.session ?? null,
    set: (caller, session, nowMs = Date.now()) =>
      void map.set(caller, { session, lastActive: nowMs }),
    delete: (caller) => void map.delete(caller),
    clear: () => map.clear(),
    touch(caller, nowMs) {
      const entry = lockIfIdle(caller, nowMs);
      if (!entry) return null;
      if (!entry.session.locked) entry.lastActive = nowMs;
      return entry.session;
    },
    peek: (caller, nowMs) => lockIfIdle(caller, nowMs)?.session ?? null,
    setLocked(caller, locked, nowMs) {
      const entry = map.get(caller);
      if (!entry) return;
      const { locked: _old, ...rest } = entry.session;
      entry.session = locked ? { ...rest, locked: true } : rest;
      entry.lastActive = nowMs;
    },
    endUser(userId) {
      const callers = [...map].filter(([, e]) => e.session.userId === userId).map(([c]) => c);
      for (const c of callers) map.delete(c);
      return callers;
    },
  };
}
