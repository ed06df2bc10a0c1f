/**
 * auth/ owns local accounts, password hashing and sessions: first-run admin set-up, sign-in and
 * sign-out. Role checks themselves happen in core/dispatch for every method.
 */
import { ApiError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { LOCKOUT_FAILURES, lockedUntil } from './lockout';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password';
import {
  countUsers,
  findUserById,
  findUserByUsername,
  insertUser,
  setPasswordHash,
  type DbUser,
} from './users';

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
  ctx.sessions.set(ctx.caller, session, ctx.now().getTime());
  ctx.emit('session.changed', session, ctx.caller);
  return session;
}

const BAD_SIGN_IN = 'Wrong username or password, or the account is disabled.';

export const authHandlers: HandlerMap<
  | 'auth.setup'
  | 'auth.signIn'
  | 'auth.signOut'
  | 'auth.session'
  | 'auth.unlock'
  | 'auth.changePassword'
  | 'auth.keepAlive'
  | 'auth.lock'
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
      const created = findUserByUsername(ctx.db, input.username)!;
      audit(
        ctx,
        'auth.setup',
        { type: 'user', id: created.id },
        { role: 'admin' },
        {
          id: created.id,
          username: created.username,
        },
      );
      return created;
    })();
    return startSession(ctx, user);
  }),
  'auth.signIn': asyncHandler<'auth.signIn'>(async (input, ctx) => {
    const user = findUserByUsername(ctx.db, input.username.toLowerCase());
    const until = user ? lockedUntil(ctx.db, user.id, ctx.now()) : null;
    if (user && until) {
      // Refused without checking the password: a guess made now tells nothing.
      ctx.db.transaction(() =>
        audit(
          ctx,
          'auth.signIn.refused',
          { type: 'user', id: user.id },
          { until: until.toISOString() },
        ),
      )();
      throw new ApiError(
        'unauthenticated',
        `Too many failed sign-ins: this account is locked until ${until.toISOString()}.`,
        undefined,
        'locked-out',
      );
    }
    const ok = await verifyPassword(
      input.password,
      user?.password_hash ?? (await DUMMY_HASH_PROMISE),
    );
    if (!user || !ok || user.disabled) {
      // Failed attempts on real accounts are audited (guessing shows); unknown names are not
      // recorded, since people sometimes type a password into the username field.
      if (user)
        ctx.db.transaction(() => {
          audit(
            ctx,
            'auth.signIn.failed',
            { type: 'user', id: user.id },
            {
              disabled: user.disabled === 1,
            },
          );
          // The failure that locks the account is recorded as such, once.
          const lockedNow = lockedUntil(ctx.db, user.id, ctx.now());
          if (lockedNow)
            audit(
              ctx,
              'auth.lockedOut',
              { type: 'user', id: user.id },
              {
                failures: LOCKOUT_FAILURES,
                until: lockedNow.toISOString(),
              },
            );
        })();
      // One message for all three: do not tell which usernames exist.
      throw new ApiError('unauthenticated', BAD_SIGN_IN);
    }
    ctx.db.transaction(() =>
      audit(ctx, 'auth.signIn', { type: 'user', id: user.id }, undefined, {
        id: user.id,
        username: user.username,
      }),
    )();
    return startSession(ctx, user);
  }),
  'auth.signOut': (_input, ctx) => {
    audit(ctx, 'auth.signOut', { type: 'user', id: ctx.session!.userId });
    ctx.sessions.delete(ctx.caller);
    ctx.emit('session.changed', null, ctx.caller);
    return null;
  },
  'auth.session': (_input, ctx) => ctx.session,
  'auth.unlock': asyncHandler<'auth.unlock'>(async (input, ctx) => {
    const session = ctx.session;
    if (!session?.locked)
      throw new ApiError('conflict', 'There is no locked session to unlock here.');
    const user = findUserById(ctx.db, session.userId);
    const ok = await verifyPassword(
      input.password,
      user?.password_hash ?? (await DUMMY_HASH_PROMISE),
    );
    if (!user || !ok || user.disabled) {
      ctx.db.transaction(() =>
        audit(ctx, 'auth.unlock.failed', { type: 'user', id: session.userId }),
      )();
      throw new ApiError('unauthenticated', 'Wrong password.', undefined, 'locked');
    }
    ctx.db.transaction(() => audit(ctx, 'auth.unlock', { type: 'user', id: user.id }))();
    ctx.sessions.setLocked(ctx.caller, false, ctx.now().getTime());
    const unlocked = ctx.sessions.get(ctx.caller)!;
    ctx.emit('session.changed', unlocked, ctx.caller);
    return unlocked;
  }),
  // The dispatch has already counted the call as activity.
  'auth.keepAlive': () => null,
  'auth.lock': (_input, ctx) => {
    audit(ctx, 'auth.lock', { type: 'user', id: ctx.session!.userId });
    ctx.sessions.setLocked(ctx.caller, true, ctx.now().getTime());
    const locked = ctx.sessions.get(ctx.caller)!;
    ctx.emit('session.changed', locked, ctx.caller);
    return locked;
  },
  'auth.changePassword': asyncHandler<'auth.changePassword'>(async (input, ctx) => {
    const userId = ctx.session!.userId;
    const user = findUserById(ctx.db, userId);
    if (!user || !(await verifyPassword(input.currentPassword, user.password_hash)))
      throw new ApiError('validation', 'The current password is wrong.', [
        { path: 'currentPassword', message: 'wrong password', code: 'wrong-password' },
      ]);
    const hash = await hashPassword(input.newPassword);
    ctx.db.transaction(() => {
      setPasswordHash(ctx.db, userId, hash, ctx.now().toISOString());
      audit(ctx, 'auth.changePassword', { type: 'user', id: userId });
    })();
    return null;
  }),
};
