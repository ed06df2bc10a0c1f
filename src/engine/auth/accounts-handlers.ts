/**
 * The admin's account management: create, rename, change role, disable, reset password. Users are
 * never deleted (the audit log names them); disabling ends their sessions at once.
 */
import { ApiError } from '../../shared/errors';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { hashPassword } from './password';
import {
  accountOf,
  countOtherActiveAdmins,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  setPasswordHash,
  updateUser,
} from './users';

function endSessions(ctx: HandlerContext, userId: number): void {
  for (const caller of ctx.sessions.endUser(userId)) ctx.emit('session.changed', null, caller);
}

export const accountHandlers: HandlerMap<
  | 'accounts.list'
  | 'accounts.counsellors'
  | 'accounts.create'
  | 'accounts.update'
  | 'accounts.resetPassword'
> = {
  'accounts.list': (_input, ctx) => listUsers(ctx.db).map(accountOf),
  'accounts.counsellors': (_input, ctx) =>
    listUsers(ctx.db)
      .filter((u) => u.role === 'counsellor' && !u.disabled)
      .map((u) => ({ id: u.id, displayName: u.display_name })),
  'accounts.create': asyncHandler<'accounts.create'>(async (input, ctx) => {
    const passwordHash = await hashPassword(input.password);
    return ctx.db.transaction(() => {
      if (findUserByUsername(ctx.db, input.username))
        throw new ApiError(
          'conflict',
          `The username ${input.username} is taken.`,
          [
            {
              path: 'username',
              message: 'taken',
              code: 'taken',
              params: { value: input.username },
            },
          ],
          'username-taken',
        );
      const id = insertUser(ctx.db, {
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        createdAt: ctx.now().toISOString(),
      });
      audit(ctx, 'accounts.create', { type: 'user', id }, { role: input.role });
      return accountOf(findUserById(ctx.db, id)!);
    })();
  }),
  'accounts.update': (input, ctx) => {
    const user = findUserById(ctx.db, input.userId);
    if (!user) throw new ApiError('not-found', 'There is no such account.');
    const next = {
      displayName: input.displayName ?? user.display_name,
      role: input.role ?? user.role,
      disabled: input.disabled ?? user.disabled === 1,
    };
    const staysAdmin = next.role === 'admin' && !next.disabled;
    if (user.role === 'admin' && !staysAdmin && countOtherActiveAdmins(ctx.db, user.id) === 0)
      throw new ApiError(
        'conflict',
        'The last active administrator cannot be disabled or demoted.',
        undefined,
        'last-admin',
      );
    updateUser(ctx.db, user.id, next);
    audit(
      ctx,
      'accounts.update',
      { type: 'user', id: user.id },
      {
        role: next.role,
        disabled: next.disabled,
        renamed: next.displayName !== user.display_name,
      },
    );
    // A changed role or a disabled account must not keep the powers of its open sessions.
    if (next.disabled || next.role !== user.role) endSessions(ctx, user.id);
    return accountOf(findUserById(ctx.db, user.id)!);
  },
  'accounts.resetPassword': asyncHandler<'accounts.resetPassword'>(async (input, ctx) => {
    if (!findUserById(ctx.db, input.userId))
      throw new ApiError('not-found', 'There is no such account.');
    const hash = await hashPassword(input.password);
    ctx.db.transaction(() => {
      setPasswordHash(ctx.db, input.userId, hash, ctx.now().toISOString());
      audit(ctx, 'accounts.resetPassword', { type: 'user', id: input.userId });
    })();
    if (input.userId !== ctx.session!.userId) endSessions(ctx, input.userId);
    return null;
  }),
};
