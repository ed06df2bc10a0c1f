/**
 * The engine: one case file, the handlers of every domain, sessions and events. Hosts (Electron,
 * headless HTTP, CLI) create one and pass calls through `call`; nothing here imports Electron.
 */
import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { CaseFileInfo, HostKind } from '../../shared/types';
import { auditHandlers } from '../audit/handlers';
import { accountHandlers } from '../auth/accounts-handlers';
import { authHandlers } from '../auth/handlers';
import { engineFingerprinter, type Fingerprinter } from '../cases/fingerprinter';
import { caseHandlers } from '../cases/handlers';
import { imageHandlers } from '../cases/images';
import { videoUploads } from '../cases/video-uploads';
import { videoHandlers } from '../cases/videos';
import { KeyVault } from '../crypto/key-vault';
import { ChromiumPdfRenderer, type PdfRenderer } from '../documents/pdf';
import type { MasterKeyProvider } from '../crypto/master-key';
import { countUsers } from '../auth/users';
import { openCaseFile, type CaseFile } from '../db/case-file';
import {
  createSessionRegistry,
  DEFAULT_IDLE_LOCK_MS,
  type CallerKey,
  type HandlerMap,
} from './context';
import { combineHandlers, dispatch } from './dispatch';
import { operatorSession, osLogin, type OperatorRole } from './operator';
import { appHandlers } from './app-handlers';
import { crawlHandlers } from '../crawl/handlers';
import { noticeHandlers } from '../documents/handlers';
import { exchangeHandlers } from '../exchange/handlers';
import { reportHandlers } from '../reports/handlers';
import { reviewHandlers } from '../review/handlers';
import { videoReviewHandlers } from '../review/video-strip';
import { CrawlManager } from '../crawl/crawl-manager';
import { takedownHandlers } from '../takedowns/handlers';
import { TakedownScheduler } from '../takedowns/scheduler';
import { workerHandlers } from '../workers/handlers';
import { mayReceive } from './event-access';

export interface EngineOptions {
  caseFilePath: string;
  host: HostKind;
  version: string;
  now?: () => Date;
  /** Where unexpected errors go (never shown to the user). Defaults to stderr, without inputs. */
  logInternalError?: (method: string, error: unknown) => void;
  /**
   * Protects the case file's master key (safeStorage in Electron, a passphrase headless). Without
   * one, everything that needs case keys fails with a clear 'case-file' error.
   */
  masterKey?: MasterKeyProvider | null;
  /** Minutes without a signed-in call after which a session locks (default 15). */
  idleLockMinutes?: number;
  /** Fingerprints reference images (default: the fingerprint engine). */
  fingerprinter?: Fingerprinter;
  /** HTML → PDF for notices and reports (default: Debian Chromium via playwright-core). */
  pdf?: PdfRenderer;
  /** Create the case file when it does not exist (default true; the CLI's commands say false). */
  create?: boolean;
}

/** A pushed event with its optional single recipient. */
export interface EngineEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
  to?: CallerKey;
}

export class Engine {
  readonly host: HostKind;
  readonly version: string;
  private caseFile: CaseFile;
  private vault: KeyVault;
  private readonly handlers: HandlerMap;
  private readonly sessions: ReturnType<typeof createSessionRegistry>;
  private readonly masterKey: MasterKeyProvider | null;
  private readonly fingerprinter: Fingerprinter;
  private readonly pdf: PdfRenderer;
  private readonly emitter = new EventEmitter();
  private readonly now: () => Date;
  private readonly logInternalError: (method: string, error: unknown) => void;
  private schedules = false;
  private resumeInterrupted = false;
  /**
   * The open case file's crawl manager and re-check scheduler: made on first use (an engine whose
   * host never crawls has neither), replaced when the case file is, handed to handlers in their
   * context (`ctx.crawls()`, `ctx.rechecks()`).
   */
  private crawls: CrawlManager | null = null;
  private rechecks: TakedownScheduler | null = null;
  private readonly emitAll = <E extends EventName>(
    event: E,
    payload: EventPayload<E>,
    to?: CallerKey,
  ): void => this.emit(event, payload, to);

  constructor(options: EngineOptions) {
    this.host = options.host;
    this.version = options.version;
    this.now = options.now ?? (() => new Date());
    this.logInternalError =
      options.logInternalError ??
      ((method, error) =>
        console.error(
          `[jium] internal error in ${method}:`,
          error instanceof Error ? error.stack : error,
        ));
    this.handlers = combineHandlers(
      appHandlers,
      authHandlers,
      accountHandlers,
      auditHandlers,
      caseHandlers,
      imageHandlers,
      videoHandlers,
      crawlHandlers,
      exchangeHandlers,
      reportHandlers,
      reviewHandlers,
      videoReviewHandlers,
      takedownHandlers,
      noticeHandlers,
      workerHandlers,
    );
    this.sessions = createSessionRegistry(
      options.idleLockMinutes ? options.idleLockMinutes * 60_000 : DEFAULT_IDLE_LOCK_MS,
    );
    this.masterKey = options.masterKey ?? null;
    this.fingerprinter = options.fingerprinter ?? engineFingerprinter;
    this.pdf = options.pdf ?? new ChromiumPdfRenderer();
    this.caseFile = openCaseFile(options.caseFilePath, { create: options.create ?? true });
    this.vault = this.newVault();
  }

  /** The open case file's crawl manager (made on first use). */
  crawlManager(): CrawlManager {
    if (!this.crawls) {
      this.crawls = new CrawlManager(this.caseFile.db, this.caseFile.info.path, this.emitAll);
      this.crawls.bind(this.emitAll, this.vault);
    }
    return this.crawls;
  }

  /** The open case file's crawl manager if one was made (tests: schedules start only on request). */
  get existingCrawlManager(): CrawlManager | undefined {
    return this.crawls ?? undefined;
  }

  /** The open case file's takedown re-check scheduler (started on first use). */
  takedownScheduler(): TakedownScheduler {
    this.rechecks ??= new TakedownScheduler(this.caseFile.db, this.emitAll);
    return this.rechecks;
  }

  private newVault(): KeyVault {
    return new KeyVault(this.caseFile.db, this.caseFile.info.fileId, this.masterKey, this.now);
  }

  /**
   * Opens the case file's master key now (creating it on first use), so a host can refuse a wrong
   * passphrase at start-up instead of at the first case. Throws ApiError('case-file').
   */
  async unlockKeys(): Promise<void> {
    await this.vault.unlock();
  }

  /**
   * Runs scheduled crawls of the open case file (and of every file switched to later): due sites
   * start now and are checked each minute after, whether or not anyone opens the Crawls page.
   * Hosts that stay up (Electron, `jium serve`) call this once their keys are unlocked; one-shot
   * CLI commands do not. A server (`jium serve`) also asks that runs cut short by a stop or a
   * crash continue whoever started them (`resumeInterrupted`). Resolves once the first check is
   * done.
   */
  async startCrawlSchedules(options: { resumeInterrupted?: boolean } = {}): Promise<number[]> {
    this.schedules = true;
    if (options.resumeInterrupted) this.resumeInterrupted = true;
    this.crawlManager().resumeInterrupted = this.resumeInterrupted;
    // Sent takedown requests are re-checked on their interval, from the same start.
    void this.takedownScheduler().tick(this.now);
    return this.crawlManager().tick(this.now);
  }

  /**
   * Pauses the open case file's running crawls and waits for them (at most a few seconds), so a
   * host that stops does not wait for a long crawl to end; the next start continues them.
   */
  async stopCrawls(): Promise<void> {
    await this.crawls?.pauseAll();
  }

  get caseFileInfo(): CaseFileInfo {
    return this.caseFile.info;
  }

  /** The open database, for host-level tools (CLI) and tests; services use their handler context. */
  get db() {
    return this.caseFile.db;
  }

  /** True until the first admin exists. */
  needsSetup(): boolean {
    return countUsers(this.caseFile.db) === 0;
  }

  /**
   * Starts a local operator's session for a command-line host (core/operator.ts): the person at
   * this computer who opened the case file, acting in one role (never counsellor) on the methods
   * the command line uses. Returns the caller key to pass to `call`. No contract method does this.
   */
  signInOperator(role: OperatorRole, login: string = osLogin()): CallerKey {
    if ((role as string) === 'counsellor') throw new Error('An operator is never a counsellor.');
    const caller = `operator:${role}`;
    const now = this.now();
    this.sessions.set(caller, operatorSession(role, login, now), now.getTime());
    return caller;
  }

  /** Resolves when a crawl run started in this process has ended (the CLI waits on it). */
  async crawlEnded(runId: number): Promise<void> {
    await this.crawls?.settled(runId);
  }

  /** Runs one contract call for a caller. Never throws. */
  call(caller: CallerKey, method: unknown, input: unknown): Promise<Envelope<unknown>> {
    return dispatch(
      this.handlers,
      {
        db: this.caseFile.db,
        caseFile: this.caseFile.info,
        caller,
        sessions: this.sessions,
        host: this.host,
        version: this.version,
        emit: this.emitAll,
        now: this.now,
        vault: this.vault,
        fingerprint: this.fingerprinter,
        pdf: this.pdf,
        crawls: () => this.crawlManager(),
        rechecks: () => this.takedownScheduler(),
      },
      method,
      input,
      this.logInternalError,
    );
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>, to?: CallerKey): void {
    this.emitter.emit('event', { event, payload, to } satisfies EngineEvent<E>);
  }

  /** Subscribes to every event; the host routes each to its clients. Returns the unsubscribe. */
  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Whether an event may go to this caller's window or stream (who may hear what: event-access.ts). */
  mayReceive(caller: CallerKey, e: EngineEvent): boolean {
    return mayReceive(this.sessions.peek(caller, this.now().getTime()), e.event, e.to, caller);
  }

  /** Forgets a caller's session (its window closed or its client went away). */
  disconnect(caller: CallerKey): void {
    this.sessions.delete(caller);
  }

  /**
   * Closes the current case file and opens another (New/Open case file). Everyone is signed out,
   * since accounts live in the case file. If the new file cannot be opened, the old one stays open.
   */
  switchCaseFile(path: string, options: { create?: boolean } = {}): CaseFileInfo {
    const next = openCaseFile(path, { create: options.create ?? true });
    const previous = this.caseFile;
    this.caseFile = next;
    this.vault.lock();
    this.vault = this.newVault();
    // The old file's manager and scheduler stop on their own once its database closes.
    this.crawls = null;
    this.rechecks = null;
    videoUploads(previous.db).dropAll();
    previous.close();
    this.sessions.clear();
    this.emit('caseFile.changed', next.info);
    this.emit('session.changed', null);
    if (this.schedules) void this.startCrawlSchedules();
    return next.info;
  }

  close(): void {
    videoUploads(this.caseFile.db).dropAll();
    this.vault.lock();
    void this.pdf.close();
    this.caseFile.close();
  }
}
