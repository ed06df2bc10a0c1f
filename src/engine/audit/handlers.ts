import { asyncHandler, type HandlerMap } from '../core/context';
import { listAudit, verifyAudit } from './chain';
import { audit } from './record';

/**
 * The admin's audit methods. Verifying is itself recorded, with its outcome; it checks the chain
 * and its anchor (the sealed copy when the master key opens).
 */
export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify'> = {
  'audit.list': (input, ctx) => listAudit(ctx.db, input),
  'audit.verify': asyncHandler<'audit.verify'>(async (_input, ctx) => {
    // The sealed anchor is checked when the master key can be opened; otherwise the plain one.
    await ctx.vault.unlock().catch(() => undefined);
    const result = verifyAudit(ctx.db, ctx.vault);
    // Appending to a broken chain would only hide the break behind a valid-looking tail.
    if (result.ok) audit(ctx, 'audit.verify', null, { entries: result.entries, ok: true });
    return result;
  }),
};
