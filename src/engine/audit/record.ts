/**
 * audit/ owns the append-only, hash-chained audit log: writing entries from handlers, verifying the
 * chain, and the admin's audit methods.
 */
import type { HandlerContext } from '../core/context';
import { appendAudit, type AuditRecord } from './chain';

/**
 * Records what the signed-in caller did. Call inside the transaction of the change, so both
 * commit together. Given the context's vault, the chain's anchor is sealed with the master key. `details` hold codes, ids, counts and states, never identity or image content.
 */
export function audit(
  ctx: Pick<HandlerContext, 'db' | 'session' | 'now'> & Partial<Pick<HandlerContext, 'vault'>>,
  action: string,
  record?: { type: string; id: string | number } | null,
  details?: AuditRecord['details'],
  actor?: { id: number; username: string },
): number {
  const who =
    actor ?? (ctx.session ? { id: ctx.session.userId, username: ctx.session.username } : null);
  return appendAudit(
    ctx.db,
    {
      actorId: who?.id ?? null,
      actor: who?.username ?? 'system',
      action,
      recordType: record?.type ?? null,
      recordId: record?.id ?? null,
      details,
    },
    ctx.now(),
    ctx.vault, // seals the chain's anchor when the master key is open (decision 0043)
  );
}
