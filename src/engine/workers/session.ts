/**
 * A crawl worker's session. Workers have no account: the session names the enrolment, acts as
 * the 'worker' role, and is held to the methods that name that role (core/dispatch.ts). Like the
 * operator's, it does not lock when idle (a worker waits for jobs for hours); instead the
 * enrolment is checked on every call, so a revoked worker is refused at its next one.
 */
import { WORKER_ROLE } from '../../shared/roles';
import type { SessionInfo } from '../../shared/types';
import type { WorkerInfo } from '../../shared/worker-types';

/** A session acting for an enrolled worker. */
export interface WorkerSession extends Omit<SessionInfo, 'role'> {
  role: typeof WORKER_ROLE;
  workerId: number;
}

/** No account has id 0: audit entries of a worker name it `worker:<id>` with actor id 0. */
export const WORKER_USER_ID = 0;

export function isWorker(session: unknown): boolean {
  return (session as { role?: unknown } | null | undefined)?.role === WORKER_ROLE;
}

/** The enrolment a worker's session acts for, or null for anyone else's session. */
export function workerIdOf(session: unknown): number | null {
  return isWorker(session) ? (session as WorkerSession).workerId : null;
}

/**
 * The session of an enrolment. The registry holds the desks' SessionInfo type, whose role is an
 * account role; a worker's session passes through it unchanged, and dispatch recognises it by
 * its role before anything reads the role as an account's.
 */
export function workerSession(worker: WorkerInfo, now: Date): SessionInfo {
  const session: WorkerSession = {
    userId: WORKER_USER_ID,
    username: `worker:${worker.id}`,
    displayName: worker.label,
    role: WORKER_ROLE,
    since: now.toISOString(),
    workerId: worker.id,
  };
  return session as unknown as SessionInfo;
}
