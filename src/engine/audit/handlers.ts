import type { HandlerMap } from '../core/context';
import { listAudit, verifyAudit } from './chain';
import { audit } from './record';

/** The admin's audit methods. Verifying is itself recorded, with its outcome. */
export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify'> = {
  'audit.list': (input, ctx) => listAudit(ctx.db, input),
  'audit.verify': (_input, ctx) => {
    const result = verifyAudit(ctx.db);
    // Appending to a broken chain would only hide the break behind a valid-looking tail.
    if (result.ok) audit(ctx, 'audit.verify', null, { entries: result.entries, ok: true });
    return result;
  },
};
