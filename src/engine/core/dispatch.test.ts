import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract';
import { ROLES } from '../../shared/roles';
import { tempDir } from '../../test-support/temp-dir';
import { hashPassword } from '../auth/password';
import { listAudit } from '../audit/chain';
import { insertUser } from '../auth/users';
import { Engine } from './engine';
import { allowed } from './dispatch';

let dir: string;
let cleanup: () => void;
let engine: Engine;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  engine = new Engine({
    caseFilePath: join(dir, 'c.jium'),
    host: 'headless',
    version: '0.0.0-test',
    logInternalError: () => {},
  });
});
afterEach(() => {
  engine.close();
  cleanup();
});

const admin = { username: 'admin', displayName: 'Admin', password: 'correct horse battery' };

describe('dispatch', () => {
  it('rejects an unknown method with a typed error', async () => {
    const r = await engine.call('t', 'cases.dropAll', {});
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown-method' }) });
  });

  it('validates input on the engine side and names the wrong fields', async () => {
    const r = await engine.call('t', 'auth.setup', {
      username: 'A B',
      displayName: '',
      password: 'short',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual([
      'displayName',
      'password',
      'username',
    ]);
    // Nothing was written: the case file still needs set-up.
    expect(engine.needsSetup()).toBe(true);
  });

  it('refuses unknown fields (strict schemas)', async () => {
    const r = await engine.call('t', 'app.info', { debug: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('requires a session for signed-in methods', async () => {
    const r = await engine.call('t', 'auth.signOut', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('sets up the first admin once, then refuses a second set-up', async () => {
    const first = await engine.call('a', 'auth.setup', admin);
    expect(first).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    const second = await engine.call('b', 'auth.setup', { ...admin, username: 'mallory' });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await engine.call('a', 'auth.session', {})).toMatchObject({
      ok: true,
      value: { username: 'admin' },
    });
    expect(await engine.call('b', 'auth.session', {})).toEqual({ ok: true, value: null });
  });

  it('signs in with the right password only, with one message for every failure', async () => {
    await engine.call('a', 'auth.setup', admin);
    const wrong = await engine.call('b', 'auth.signIn', { username: 'admin', password: 'nope' });
    const unknown = await engine.call('b', 'auth.signIn', { username: 'ghost', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(unknown.ok ? null : unknown.error.message).toBe(wrong.ok ? 'x' : wrong.error.message);
    const right = await engine.call('b', 'auth.signIn', {
      username: 'admin',
      password: admin.password,
    });
    expect(right).toMatchObject({ ok: true, value: { role: 'admin' } });
    expect(await engine.call('b', 'auth.signOut', {})).toEqual({ ok: true, value: null });
    expect(await engine.call('b', 'auth.session', {})).toEqual({ ok: true, value: null });
  });

  it('emits session changes only to the caller concerned', async () => {
    const seen: { event: string; to?: string }[] = [];
    engine.onEvent((e) => seen.push({ event: e.event, to: e.to }));
    await engine.call('a', 'auth.setup', admin);
    expect(seen).toEqual([{ event: 'session.changed', to: 'a' }]);
  });

  it('audits a refused role attempt with the method and role, never the input (issue 18)', async () => {
    await engine.call('admin', 'auth.setup', admin);
    insertUser(engine.db, {
      username: 'mona',
      displayName: 'Mona',
      role: 'monitor',
      passwordHash: await hashPassword('password-mona'),
      createdAt: new Date().toISOString(),
    });
    await engine.call('m', 'auth.signIn', { username: 'mona', password: 'password-mona' });
    const r = await engine.call('m', 'cases.create', {
      identity: { name: 'Victim Name', contact: 'victim@example.org', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const [entry] = listAudit(engine.db, { limit: 1 });
    expect(entry).toMatchObject({
      actor: 'mona',
      action: 'access.refused',
      details: { method: 'cases.create', role: 'monitor' },
    });
    const raw = JSON.stringify(engine.db.prepare('SELECT * FROM audit_log').all());
    expect(raw).not.toContain('Victim Name');
    expect(raw).not.toContain('victim@example.org');
    // A refusal does not run the method: nothing but the audit entry was written.
    expect(engine.db.prepare('SELECT COUNT(*) AS n FROM cases').get()).toEqual({ n: 0 });
    // Unknown methods and calls without a session are not role attempts: not audited.
    const before = listAudit(engine.db, { limit: 500 }).length;
    await engine.call('nobody', 'cases.list', {});
    await engine.call('m', 'cases.dropAll', {});
    expect(listAudit(engine.db, { limit: 500 })).toHaveLength(before);
  });

  it('checks every role against every method of the contract', async () => {
    await engine.call('setup', 'auth.setup', admin);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      insertUser(engine.db, {
        username: role,
        displayName: role,
        role,
        passwordHash: await hashPassword('password-' + role),
        createdAt: new Date().toISOString(),
      });
      const s = await engine.call(role, 'auth.signIn', {
        username: role,
        password: 'password-' + role,
      });
      expect(s.ok).toBe(true);
    }
    for (const method of METHOD_NAMES) {
      const access = contract[method].access;
      for (const role of ROLES) {
        const caller = role === 'admin' ? 'setup' : role;
        const session = { userId: 1, username: role, displayName: role, role, since: '' };
        const expected = allowed(access, session, method);
        // Call with an input that is invalid for every method, so nothing runs past the checks:
        // a permitted role gets 'validation', a refused one 'forbidden'.
        const r = await engine.call(caller, method, { __probe__: true });
        expect(r.ok, `${role} ${method}`).toBe(false);
        if (!r.ok)
          expect(r.error.code, `${role} ${method}`).toBe(
            expected === 'ok' ? 'validation' : 'forbidden',
          );
      }
    }
  });
});
