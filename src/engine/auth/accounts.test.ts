import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

let t: TestEngine;
let ids: Awaited<ReturnType<typeof withUsers>>;
beforeEach(async () => {
  t = await startTestEngine({ idleLockMinutes: 15 });
  ids = await withUsers(t, ['counsellor', 'monitor']);
});
afterEach(() => t.close());

describe('accounts', () => {
  it('lets the admin list accounts without password hashes', async () => {
    const list = await t.ok('admin', 'accounts.list', {});
    expect(list.map((a) => [a.username, a.role])).toEqual([
      ['admin', 'admin'],
      ['counsellor', 'counsellor'],
      ['monitor', 'monitor'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
    expect(await t.err('counsellor', 'accounts.list', {})).toBe('forbidden');
    expect(
      await t.err('monitor', 'accounts.create', {
        username: 'x1x',
        displayName: 'x',
        role: 'admin',
        password: 'long enough pw',
      }),
    ).toBe('forbidden');
  });

  it('refuses a taken username and keeps the last admin', async () => {
    expect(
      await t.err('admin', 'accounts.create', {
        username: 'monitor',
        displayName: 'Other',
        role: 'staff',
        password: 'long enough pw',
      }),
    ).toBe('conflict');
    const admin = (await t.ok('admin', 'accounts.list', {})).find((a) => a.role === 'admin')!;
    expect(await t.err('admin', 'accounts.update', { userId: admin.id, role: 'staff' })).toBe(
      'conflict',
    );
  });

  it('ends the sessions of a disabled account and refuses its sign-in', async () => {
    await t.ok('admin', 'accounts.update', { userId: ids.monitor!, disabled: true });
    expect(await t.ok('monitor', 'auth.session', {})).toBeNull();
    expect(
      await t.err('monitor', 'auth.signIn', {
        username: 'monitor',
        password: 'monitor password 1',
      }),
    ).toBe('unauthenticated');
  });

  it('changes a role and ends the old powers at once', async () => {
    await t.ok('admin', 'accounts.update', { userId: ids.monitor!, role: 'staff' });
    expect(await t.err('monitor', 'cases.list', {})).toBe('unauthenticated');
    const s = await t.ok('monitor', 'auth.signIn', {
      username: 'monitor',
      password: 'monitor password 1',
    });
    expect(s.role).toBe('staff');
  });

  it('changes a password only with the current one', async () => {
    expect(
      await t.err('counsellor', 'auth.changePassword', {
        currentPassword: 'not it at all',
        newPassword: 'a brand new password',
      }),
    ).toBe('validation');
    await t.ok('counsellor', 'auth.changePassword', {
      currentPassword: 'counsellor password 1',
      newPassword: 'a brand new password',
    });
    expect(
      await t.err('x', 'auth.signIn', {
        username: 'counsellor',
        password: 'counsellor password 1',
      }),
    ).toBe('unauthenticated');
    await t.ok('x', 'auth.signIn', { username: 'counsellor', password: 'a brand new password' });
  });

  it('lets the admin reset a password', async () => {
    await t.ok('admin', 'accounts.resetPassword', {
      userId: ids.counsellor!,
      password: 'reset by admin 1',
    });
    expect(await t.ok('counsellor', 'auth.session', {})).toBeNull();
    await t.ok('x', 'auth.signIn', { username: 'counsellor', password: 'reset by admin 1' });
  });
});

describe('lock after idle', () => {
  it('locks a session idle for longer than the limit; only its password unlocks it', async () => {
    t.clock.advance(14 * 60_000);
    await t.ok('counsellor', 'cases.list', {}); // activity resets the idle timer
    t.clock.advance(15 * 60_000 + 1);
    const r = await t.engine.call('counsellor', 'cases.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthenticated', reason: 'locked' } });
    expect(await t.ok('counsellor', 'auth.session', {})).toMatchObject({
      username: 'counsellor',
      locked: true,
    });
    expect(await t.err('counsellor', 'auth.unlock', { password: 'monitor password 1' })).toBe(
      'unauthenticated',
    );
    expect(await t.err('monitor', 'auth.unlock', { password: 'monitor password 1' })).toBe(
      'conflict',
    );
    const s = await t.ok('counsellor', 'auth.unlock', { password: 'counsellor password 1' });
    expect(s.locked).toBeUndefined();
    await t.ok('counsellor', 'cases.list', {});
    // (The admin's own session is idle-locked by now too: read the log directly.)
    const actions = listAudit(t.engine.db, { limit: 5 }).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['auth.unlock', 'auth.unlock.failed']);
  });
});
