/**
 * The crawl workers' door to the centre server (issue 16 item 3, decision 0111). A worker is a
 * program, not a browser: it has no desk cookie and needs no CSRF token (no browser holds its
 * credential). It sends its credential as `Authorization: Bearer` on every call, over the pinned
 * TLS connection, and may call only `workers.*` methods here; the engine decides what its role
 * allows and checks the enrolment on every call. Its engine session is bound to the credential's
 * digest (`http:worker-<first 32 hex>`), so a stolen session key is worth nothing without it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** `/api/worker/call/<workers.method>`: the only methods served here. */
const WORKER_ROUTE = /^\/api\/worker\/call\/(workers\.[A-Za-z]+)$/;
/** Methods a worker calls before it has a session (code or credential in the body). */
export const WORKER_SIGN_IN_METHODS = new Set(['workers.enrol', 'workers.signIn']);

export type WorkerRoute =
  { ok: true; method: string; caller: string } | { ok: false; status: number; message: string };

/** Reads a worker request: which method, and the engine caller its credential stands for. */
export function workerRoute(req: IncomingMessage, pathname: string): WorkerRoute {
  const match = WORKER_ROUTE.exec(pathname);
  if (!match || req.method !== 'POST')
    return { ok: false, status: 404, message: 'No such worker route.' };
  const method = match[1]!;
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return { ok: false, status: 415, message: 'The body must be JSON.' };
  const bearer = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(req.headers.authorization ?? '')?.[1];
  if (method === 'workers.enrol')
    // Enrolling has no credential yet: each attempt is its own caller, with no session left.
    return { ok: true, method, caller: 'http:worker-enrol' };
  if (!bearer) return { ok: false, status: 401, message: 'A worker credential is required.' };
  const id = createHash('sha256').update(bearer).digest('hex').slice(0, 32);
  return { ok: true, method, caller: `http:worker-${id}` };
}
