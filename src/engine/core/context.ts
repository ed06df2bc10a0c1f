import type Database from 'better-sqlite3';
import type {
  EventName,
  EventPayload,
  MethodName,
  MethodResult,
  ParsedInput,
} from '../../shared/contract';
import type { CaseFileInfo, HostKind, SessionInfo } from '../../shared/types';

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

/** Signed-in sessions per caller, kept in memory: a restart signs everybody out. */
export interface SessionRegistry {
  get(caller: CallerKey): SessionInfo | null;
  set(caller: CallerKey, session: SessionInfo): void;
  delete(caller: CallerKey): void;
  clear(): void;
}

export function createSessionRegistry(): SessionRegistry {
  const map = new Map<CallerKey, SessionInfo>();
  return {
    get: (caller) => map.get(caller) ?? null,
    set: (caller, session) => void map.set(caller, session),
    delete: (caller) => void map.delete(caller),
    clear: () => map.clear(),
  };
}
