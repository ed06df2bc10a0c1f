import { countUsers } from '../auth/users';
import type { HandlerMap } from './context';

/** Methods about the running application itself. */
export const appHandlers: HandlerMap<'app.info'> = {
  'app.info': (_input, ctx) => ({
    name: 'Jium',
    version: ctx.version,
    host: ctx.host,
    caseFile: ctx.caseFile,
    needsSetup: countUsers(ctx.db) === 0,
    idleLockSeconds: Math.round(ctx.sessions.idleMs / 1000),
  }),
};
