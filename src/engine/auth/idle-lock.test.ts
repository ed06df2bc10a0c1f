import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine({ idleLockMinutes: 10 });
  await withUsers(t, ['counsellor', 'monitor']);
});
afterEach(() => t.close());

describe('idle lock, as the client sees it', () => {
  it('tells the client the idle time, and keepAlive counts as activity', async () => {
    const info = await t.ok('counsellor', 'app.info', {});
    expect(info.idleLockSeconds).toBe(600);
    t.clock.advance(9 * 60_000);
    expect(await t.ok('counsellor', 'auth.keepAlive', {})).toBeNull();
    t.clock.advance(9 * 60_000); // 18 minutes since sign-in, 9 since keepAlive
    expect((await t.ok('counsellor', 'cases.list', {})).length).toBe(0);
    t.clock.advance(10 * 60_000 + 1);
    expect(await t.err('counsellor', 'auth.keepAlive', {})).toBe('unauthenticated');
    expect(await t.err('nobody', 'auth.keepAlive', {})).toBe('unauthenticated');
  });

  it('locks at once on request (the client’s countdown ran out), audited', async () => {
    const events: unknown[] = [];
    t.engine.onEvent((e) => e.event === 'session.changed' && events.push(e.payload));
    const s = await t.ok('counsellor', 'auth.lock', {});
    expect(s.locked).toBe(true);
    expect(events).toEqual([expect.objectContaining({ locked: true })]);
    expect(await t.err('counsellor', 'cases.list', {})).toBe('unauthenticated');
    expect((await t.ok('counsellor', 'auth.session', {}))?.locked).toBe(true);
    const r = await t.engine.call('counsellor', 'auth.lock', {});
    expect(r).toMatchObject({ ok: false, error: { reason: 'locked' } });
    const unlocked = await t.ok('counsellor', 'auth.unlock', { password: 'counsellor password 1' });
    expect(unlocked.locked).toBeUndefined();
    const actions = (
      t.engine.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]
    ).map((a) => a.action);
    expect(actions).toContain('auth.lock');
  });

  it('a desk idle past the lock time hears no more events, before it calls again', async () => {
    const changed = { event: 'review.changed' as const, payload: {} as never };
    expect(t.engine.mayReceive('monitor', changed)).toBe(true);
    t.clock.advance(9 * 60_000);
    expect(t.engine.mayReceive('monitor', changed)).toBe(true);
    t.clock.advance(60_000 + 1);
    // The desk has made no call since: its session is idle past ten minutes all the same.
    expect(t.engine.mayReceive('monitor', changed)).toBe(false);
    // Hearing events is not activity: it does not keep a session awake.
    expect(await t.err('monitor', 'review.counts', {})).toBe('unauthenticated');
    expect((await t.ok('monitor', 'auth.session', {}))?.locked).toBe(true);
  });
});
