import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { verifyAudit } from './chain';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['counsellor']);
});
afterEach(() => t.close());

/** A second connection that plays the attacker with write access to the raw file. */
function tamper(fn: (db: Database.Database) => void): void {
  const db = new Database(t.path);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  fn(db);
  db.close();
}

describe('audit log', () => {
  it('chains every entry and verifies', async () => {
    const entries = await t.ok('admin', 'audit.list', { limit: 100 });
    const actions = entries.map((e) => e.action).reverse();
    expect(actions).toEqual(['auth.setup', 'accounts.create', 'auth.signIn']);
    expect(entries[0]).toMatchObject({ actor: 'counsellor', recordType: 'user' });
    const v = await t.ok('admin', 'audit.verify', {});
    expect(v).toMatchObject({ ok: true, entries: 3, firstBroken: null });
  });

  it('refuses UPDATE and DELETE of entries through the triggers', () => {
    expect(() =>
      t.engine.db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run(),
    ).toThrow(/append-only/);
    expect(() => t.engine.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(
      /append-only/,
    );
  });

  it('points at the first changed entry', async () => {
    await t.ok('counsellor', 'auth.signOut', {});
    tamper((db) => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run());
    expect(verifyAudit(t.engine.db)).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, reason: expect.stringMatching(/changed/) },
    });
    const v = await t.ok('admin', 'audit.verify', {});
    expect(v.ok).toBe(false);
  });

  it('points at a removed entry and at a rewritten link', () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = 2').run());
    expect(verifyAudit(t.engine.db)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: expect.stringMatching(/entry 2 is missing/) },
    });
  });

  it('detects a forged entry whose own hash was recomputed without the chain', () => {
    tamper((db) =>
      db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 3').run('f'.repeat(64)),
    );
    expect(verifyAudit(t.engine.db)).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });
});
