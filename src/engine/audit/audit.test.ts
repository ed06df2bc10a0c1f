import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { canonicalJson, GENESIS_HASH, verifyAudit } from './chain';
import { createHash } from 'node:crypto';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['counsellor']);
});
afterEach(() => t.close());

/** A second connection that plays the attacker with write access to the raw file. */
function tamper(fn: (db: Database.Database) => void): void {
  const db = new Database(t.path);
  db.exec(
    'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;',
  );
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

  it('names a cut tail: the anchor records more entries than the log has', async () => {
    await t.ok('counsellor', 'auth.signOut', {});
    expect(verifyAudit(t.engine.db).anchor).toMatchObject({ finding: 'holds', count: 4 });
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq > 2').run());
    const v = verifyAudit(t.engine.db);
    expect(v).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: expect.stringMatching(/has 2 entries .* records 4/) },
      anchor: { finding: 'truncated', seq: 3, count: 4 },
    });
    expect((await t.ok('admin', 'audit.verify', {})).ok).toBe(false);
  });

  it('names an entry deleted and the chain recomputed, even with the plain anchor rewritten, by the sealed anchor', async () => {
    await t.engine.unlockKeys(); // from now on every append also seals the anchor
    await t.ok('counsellor', 'auth.signOut', {});
    expect(await t.ok('admin', 'audit.verify', {})).toMatchObject({
      ok: true,
      anchor: { finding: 'holds', sealed: 'checked', count: 4 },
    }); // and its own entry, 5, is sealed too
    // The attacker removes entry 2, renumbers and rehashes every later entry, and moves the plain
    // anchor to the new head: the chain alone verifies.
    tamper((db) => {
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<
        string,
        unknown
      >[];
      db.prepare('DELETE FROM audit_log').run();
      let prev = GENESIS_HASH;
      let seq = 0;
      for (const r of rows.filter((x) => x['seq'] !== 2)) {
        seq++;
        const body = canonicalJson({
          seq,
          at: r['at'],
          actorId: r['actor_id'],
          actor: r['actor'],
          action: r['action'],
          recordType: r['record_type'],
          recordId: r['record_id'],
          details: r['details'],
        });
        const hash = createHash('sha256').update(prev).update('\n').update(body).digest('hex');
        db.prepare(
          `INSERT INTO audit_log (seq, at, actor_id, actor, action, record_type, record_id,
             details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          seq,
          r['at'],
          r['actor_id'],
          r['actor'],
          r['action'],
          r['record_type'],
          r['record_id'],
          r['details'],
          prev,
          hash,
        );
        prev = hash;
      }
      db.prepare('UPDATE audit_anchor SET count = ?, head = ?').run(seq, prev);
    });
    // Without the key only the plain anchor can be compared, and it was rewritten along.
    expect(verifyAudit(t.engine.db).anchor).toMatchObject({ finding: 'holds', sealed: 'no-key' });
    const v = await t.ok('admin', 'audit.verify', {});
    expect(v).toMatchObject({
      ok: false,
      anchor: { finding: 'truncated', sealed: 'checked' },
      firstBroken: { reason: expect.stringMatching(/sealed anchor records/) },
    });
  });

  it('names a rewrite that keeps the count, and a replaced sealed anchor', async () => {
    await t.engine.unlockKeys();
    await t.ok('counsellor', 'auth.signOut', {});
    const n = verifyAudit(t.engine.db).entries;
    tamper((db) =>
      db.prepare('UPDATE audit_log SET hash = ? WHERE seq = ?').run('e'.repeat(64), n),
    );
    // The chain names the changed entry; the anchor agrees that entry n is not the anchored one.
    expect(verifyAudit(t.engine.db)).toMatchObject({
      ok: false,
      anchor: { finding: 'rewritten', seq: n },
    });
    tamper((db) => db.prepare('UPDATE audit_anchor SET sealed = ?').run(Buffer.alloc(60, 7)));
    const v = await t.ok('admin', 'audit.verify', {});
    expect(v.anchor).toMatchObject({ finding: 'forged', sealed: 'checked' });
  });
});
