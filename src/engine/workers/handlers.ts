/**
 * Contract handlers of crawl workers (decision 0111): an admin's one-time codes, the enrolment
 * list and revocation; a worker's enrolment, sign-in and what it may read. Every step is audited
 * (codes and credentials never: only ids and labels).
 */
import { ApiError } from '../../shared/errors';
import type { WorkerConfig, WorkerHash } from '../../shared/worker-types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { accountId } from '../core/operator';
import { Frontier } from '../crawl/frontier';
import { SEARCHABLE_REFERENCES } from '../crawl/reference-index';
import { listSites } from '../crawl/sites';
import {
  enrolmentByCredential,
  getEnrolment,
  insertCode,
  listEnrolments,
  markSeen,
  newCode,
  newCredential,
  redeemCode,
  revokeEnrolment,
} from './enrolment';
import { workerSession } from './session';

type WorkerMethods =
  | 'workers.createCode'
  | 'workers.list'
  | 'workers.revoke'
  | 'workers.enrol'
  | 'workers.signIn'
  | 'workers.config'
  | 'workers.propose';

const asWorker = (id: number) => ({ id: 0, username: `worker:${id}` });

export const workerHandlers: HandlerMap<WorkerMethods> = {
  'workers.createCode': ({ label }, ctx) => {
    const code = newCode();
    const expiresAt = insertCode(ctx.db, code, label, accountId(ctx.session), ctx.now());
    audit(ctx, 'workers.codeCreated', null, { label });
    return { code, label, expiresAt };
  },
  'workers.list': (_input, ctx) => listEnrolments(ctx.db),
  'workers.revoke': ({ id }, ctx) => {
    if (!getEnrolment(ctx.db, id)) throw new ApiError('not-found', `There is no worker ${id}.`);
    if (revokeEnrolment(ctx.db, id, ctx.now()))
      audit(ctx, 'workers.revoked', { type: 'worker', id });
    return getEnrolment(ctx.db, id)!;
  },
  // Asynchronous handlers so a refusal's audit entry is committed on its own: a synchronous
  // handler's writes roll back with the error it throws.
  'workers.enrol': asyncHandler<'workers.enrol'>(async ({ code }, ctx) => {
    const credential = newCredential();
    const worker = ctx.db.transaction(() => {
      const redeemed = redeemCode(ctx.db, code, credential, ctx.now());
      if (redeemed)
        audit(
          ctx,
          'workers.enrolled',
          { type: 'worker', id: redeemed.id },
          {},
          asWorker(redeemed.id),
        );
      else audit(ctx, 'workers.enrol.refused');
      return redeemed;
    })();
    if (!worker) throw new ApiError('unauthenticated', 'This code is unknown, used or expired.');
    return { workerId: worker.id, label: worker.label, credential };
  }),
  'workers.signIn': asyncHandler<'workers.signIn'>(async ({ credential }, ctx) => {
    const worker = enrolmentByCredential(ctx.db, credential);
    const now = ctx.now();
    ctx.db.transaction(() => {
      const record = worker ? { type: 'worker', id: worker.id } : null;
      if (!worker || worker.revokedAt) return audit(ctx, 'workers.signIn.refused', record);
      markSeen(ctx.db, worker.id, now);
      return audit(ctx, 'workers.signedIn', record, {}, asWorker(worker.id));
    })();
    if (!worker || worker.revokedAt)
      throw new ApiError(
        'unauthenticated',
        worker ? 'This worker’s enrolment was revoked.' : 'Unknown worker credential.',
      );
    ctx.sessions.set(ctx.caller, workerSession(worker, now), now.getTime());
    return { workerId: worker.id, label: worker.label };
  }),
  'workers.config': (_input, ctx) => workerConfig(ctx),
  // The run's crawl waits for this job's proposal, decides with the crawl's own tasks and writes
  // in its transaction under the run's lease; resolves once written (decision 0112).
  'workers.propose': asyncHandler<'workers.propose'>(async (proposal, ctx) => {
    const queue = ctx.crawls().queue;
    if (!queue)
      throw new ApiError('conflict', 'This server runs no crawl queue (jium serve --redis).');
    const recorded = queue.propose(proposal);
    if (recorded) return { outcome: await recorded };
    // Nothing waits for it: proposed before (counted once), or its run stopped meanwhile.
    const { runId, kind, url } = proposal.job;
    return { outcome: new Frontier(ctx.db, runId).has(kind, url) ? 'duplicate' : 'stale' };
  }),
};

/** Site settings without secret values, and the searchable references' perceptual hashes. */
function workerConfig(ctx: HandlerContext): WorkerConfig {
  const sites = listSites(ctx.db)
    .filter((s) => s.archivedAt === null)
    .map((s) => ({ id: s.id, config: s.config }));
  const ids = (ctx.db.prepare(SEARCHABLE_REFERENCES).all() as { id: number }[]).map((r) => r.id);
  const hashesOf = ctx.db.prepare(
    `SELECT algo, region, transform, hash FROM reference_hashes
     WHERE image_id = ? AND algo IN ('pdq', 'blockhash')`,
  );
  const references = ids
    .map((id) => ({
      id,
      hashes: (
        hashesOf.all(id) as {
          algo: WorkerHash['algo'];
          region: string;
          transform: string;
          hash: Buffer;
        }[]
      ).map((h) => ({
        algo: h.algo,
        region: h.region,
        transform: h.transform,
        hex: h.hash.toString('hex'),
      })),
    }))
    .filter((r) => r.hashes.length > 0);
  return { sites, references };
}
