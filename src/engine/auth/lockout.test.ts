import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['monitor']);
});
afterEach(() => t.close());

const signIn = (password: string, caller = 'desk-b') =>
  t.engine.call(caller, 'auth.signIn', { username: 'monitor', password });
const RIGHT = 'monitor password 1';

describe('account lock-out after repeated failed sign-ins', () => {
  it('pauses an account after five wrong passwords, even for the right one, and says why', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await signIn(`wrong guess ${i}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.reason).toBeUndefined(); // a plain wrong password until then
      t.clock.advance(60_000);
    }
    const refused = await signIn(RIGHT);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('unauthenticated');
      expect(refused.error.reason).toBe('locked-out');
    }
    const actions = listAudit(t.engine.db, { limit: 20 }).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.signIn.failed')).toHaveLength(5);
    expect(actions.filter((a) => a === 'auth.lockedOut')).toHaveLength(1);
    expect(actions.filter((a) => a === 'auth.signIn.refused')).toHaveLength(1);
  });

  it('opens again once the oldest of the five is fifteen minutes old', async () => {
    for (let i = 0; i < 5; i++) {
      await signIn(`wrong guess ${i}`);
      t.clock.advance(60_000);
    }
    t.clock.advance(9 * 60_000); // 14 minutes after the first failure
    expect((await signIn(RIGHT)).ok).toBe(false);
    t.clock.advance(60_000 + 1);
    expect((await signIn(RIGHT)).ok).toBe(true);
  });

  it('counts failures only since the last successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await signIn(`wrong guess ${i}`);
    expect((await signIn(RIGHT)).ok).toBe(true);
    for (let i = 0; i < 4; i++) await signIn(`wrong guess ${i}`);
    expect((await signIn(RIGHT)).ok).toBe(true);
  });

  it('does not lock other accounts, and unknown usernames lock nothing', async () => {
    for (let i = 0; i < 6; i++)
      await t.engine.call('x', 'auth.signIn', { username: 'nobody', password: `guess ${i}` });
    for (let i = 0; i < 5; i++) await signIn(`wrong guess ${i}`);
    expect(
      (
        await t.engine.call('admin2', 'auth.signIn', {
          username: 'admin',
          password: 'admin password 1',
        })
      ).ok,
    ).toBe(true);
  });
});
