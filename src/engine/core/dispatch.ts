import type { z } from 'zod';
import { contract, isMethodName, type MethodName, type MethodSpec } from '../../shared/contract';
import { ApiError, type Envelope } from '../../shared/errors';
import type { SessionInfo } from '../../shared/types';
import type { Access } from '../../shared/roles';
import { audit } from '../audit/record';
import { isAsyncHandler, type Handler, type HandlerContext, type HandlerMap } from './context';
import { issuesOf } from './issue-codes';
import { isOperator, OPERATOR_METHODS } from './operator';
import { enrolmentActive } from '../workers/enrolment';
import { isWorker, workerIdOf } from '../workers/session';

/**
 * Combines the domains' handler maps into one, rejecting a method registered twice, and checks that
 * every contract method has exactly one handler (a missing one is a build error caught by tests).
 */
export function combineHandlers(...maps: Partial<HandlerMap>[]): HandlerMap {
  const all: Partial<Record<MethodName, Handler<MethodName>>> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map) as [MethodName, Handler<MethodName>][]) {
      if (all[name]) throw new Error(`method ${name} is registered twice`);
      if (!isMethodName(name)) throw new Error(`handler ${name} is not in the contract`);
      all[name] = handler;
    }
  }
  const missing = Object.keys(contract).filter((m) => !all[m as MethodName]);
  if (missing.length) throw new Error(`no handler for ${missing.join(', ')}`);
  return all as HandlerMap;
}

/**
 * Whether a session may call a method with this access rule. With the method's name, an operator
 * session (the command line, core/operator.ts) is held to its own list, and a method only the
 * command line may call is refused to everyone else.
 */
export function allowed(
  access: Access,
  session: SessionInfo | null,
  method?: MethodName,
): 'ok' | 'unauthenticated' | 'forbidden' {
  if (method && isOperator(session) && !OPERATOR_METHODS.has(method)) return 'forbidden';
  if (access === 'public') return 'ok';
  if (!session) return 'unauthenticated';
  // A crawl worker may call only what names it: 'signed-in' means a person (decision 0111).
  if (isWorker(session))
    return access !== 'signed-in' && access.includes('worker') ? 'ok' : 'forbidden';
  if (method && (contract[method] as MethodSpec).operatorOnly && !isOperator(session))
    return 'forbidden';
  if (access === 'signed-in') return 'ok';
  return access.includes(session.role) ? 'ok' : 'forbidden';
}

/**
 * Runs one call from outside: checks the method exists, the caller's role (a refusal is audited,
 * without the input), the input against its schema — all before any handler code runs — then runs the handler's synchronous part in one
 * transaction, so a failing call writes nothing. Every failure becomes a typed error envelope;
 * unexpected errors are reported without their internals.
 */
export async function dispatch(
  handlers: HandlerMap,
  ctx: Omit<HandlerContext, 'session'>,
  method: unknown,
  rawInput: unknown,
  onInternalError: (method: string, error: unknown) => void,
): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(method))
      throw new ApiError('unknown-method', `There is no method ${String(method)}.`);
    const spec = contract[method];
    let session = ctx.sessions.get(ctx.caller);
    // An operator session lasts one command, however long it runs: it does not lock when idle.
    // A worker's enrolment is checked on every call instead: a revoked one is refused at once.
    const workerId = workerIdOf(session);
    if (workerId !== null && !enrolmentActive(ctx.db, workerId)) {
      ctx.sessions.delete(ctx.caller);
      throw new ApiError('unauthenticated', 'This worker’s enrolment was revoked.');
    }
    if (session && spec.access !== 'public' && !isOperator(session) && workerId === null) {
      const wasLocked = session.locked === true;
      session = ctx.sessions.touch(ctx.caller, ctx.now().getTime());
      if (session?.locked) {
        if (!wasLocked) ctx.emit('session.changed', session, ctx.caller);
        throw new ApiError(
          'unauthenticated',
          'The session is locked after idle time: enter your password to unlock it.',
          undefined,
          'locked',
        );
      }
    }
    const verdict = allowed(spec.access, session, method);
    if (verdict === 'unauthenticated')
      throw new ApiError('unauthenticated', 'Please sign in first.');
    if (verdict === 'forbidden') {
      // Who tried what is recorded; the refused input is not (it may hold identity).
      ctx.db.transaction(() =>
        audit({ ...ctx, session }, 'access.refused', null, { method, role: session!.role }),
      )();
      throw new ApiError(
        'forbidden',
        isOperator(session) || (spec as MethodSpec).operatorOnly
          ? `${isOperator(session) ? 'The command line' : 'Only the command line'} may not ${spec.summary.toLowerCase()}.`
          : `The ${session?.role} role may not ${spec.summary.toLowerCase()}.`,
      );
    }
    const parsed = (spec.input as z.ZodType).safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error, rawInput ?? {});
      throw new ApiError(
        'validation',
        `Invalid input for ${method}: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}`,
        issues,
      );
    }
    const handler = handlers[method] as Handler<MethodName>;
    const full: HandlerContext = { ...ctx, session };
    const input = parsed.data as never;
    const value = isAsyncHandler(handler)
      ? await handler(input, full)
      : ctx.db.transaction(() => handler(input, full))();
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ApiError) return { ok: false, error: e.toData() };
    onInternalError(String(method), e);
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Jium. Nothing was saved.' },
    };
  }
}
