/**
 * auth/ owns local accounts, password hashing and sessions: first-run admin set-up, sign-in and
 * sign-out. Role checks themselves happen in core/dispatch for every method.
 */
import { ApiError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/types';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password';
import { countUsers, findUserByUsername, insertUser, type DbUser } from './users';

function sessionOf(user: DbUser, now: Date): SessionInfo {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    since: now.toISOString(),
  };
}

function startSession(ctx: HandlerContext, user: DbUser): SessionInfo {
  const session = sessionOf(user, ctx.now());
  ctx.sessions.set(ctx.caller, session);
  ctx.emit('session.changed', session, ctx.caller);
  return session;
}

export const authHandlers: HandlerMap<
  'auth.setup' | 'auth.signIn' | 'auth.signOut' | 'auth.session'
> = {
  'auth.setup': asyncHandler<'auth.setup'>(async (input, ctx) => {
    if (countUsers(ctx.db) > 0)
      throw new ApiError('conflict', 'This case file already has an administrator.');
    const passwordHash = await hashPassword(input.password);
    // Re-check inside the write transaction: two set-ups racing must not both succeed.
    const user = ctx.db.transaction(() => {
      if (countUsers(ctx.db) > 0)
        throw new ApiError('conflict', 'This case file already has an administrator.');
      insertUser(ctx.db, {
        username: input.username,
        displayName: input.displayName,
        role: 'admin',
        passwordHash,
        createdAt: ctx.now().toISOString(),
      });
      return findUserByUsername(ctx.db, input.username)!;
    })();
    return startSession(ctx, user);
  }),
  'auth.signIn': asyncHandler<'auth.signIn'>(async (input, ctx) => {
    const user = findUserByUsername(ctx.db, input.username.toLowerCase());
    const ok = await verifyPassword(
      input.password,
      user?.password_hash ?? (await DUMMY_HASH_PROMISE),
    );
    if (!user || !ok || user.disabled) {
      // One message for all three: do not tell which usernames exist.
      throw new ApiError(
        'unauthenticated',
        'Wrong username or password, or the account is disabled.',
      );
    }
    return startSession(ctx, user);
  }),
  'auth.signOut': (_input, ctx) => {
    ctx.sessions.delete(ctx.caller);
    ctx.emit('session.changed', null, ctx.caller);
    return null;
  },
  'auth.session': (_input, ctx) => ctx.session,
};
