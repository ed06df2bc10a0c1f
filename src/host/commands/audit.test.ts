import Database from 'better-sqlite3';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  PASSPHRASE,
  startTestEngine,
  withUsers,
  type TestEngine,
} from '../../engine/cases/test-support';
import { main } from '../cli';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['counsellor']);
});
afterEach(() => t.close());

async function run(args: string[], passphrase?: string): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (out += c.toString()));
  const env = passphrase ? { JIUM_PASSPHRASE: passphrase } : {};
  const code = await main(args, { stdout, stderr, stderrIsTTY: false, env, cwd: t.dir });
  return { code, out };
}

it('jium audit verify reports a holding chain, then the first broken entry', async () => {
  const good = await run(['audit', 'verify', '--case-file', t.path]);
  expect(good).toMatchObject({
    code: 0,
    out: expect.stringMatching(/^ok\t3 entries\thead [0-9a-f]{64}\tanchor holds \(not-sealed\)\n$/),
  });

  const db = new Database(t.path);
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 2").run();
  db.close();
  const bad = await run(['audit', 'verify', '--case-file', t.path, '--json']);
  expect(bad.code).toBe(3);
  expect(JSON.parse(bad.out)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  expect((await run(['audit'])).code).toBe(2);
});

it('names a cut tail (truncated) and, with the passphrase, checks the sealed anchor', async () => {
  await t.engine.unlockKeys(); // appends from now on also seal the anchor
  await t.ok('counsellor', 'auth.signOut', {});
  const plain = await run(['audit', 'verify', '--case-file', t.path]);
  expect(plain.out).toMatch(/^ok\t4 entries\thead [0-9a-f]{64}\tanchor holds \(no-key\)\n$/);
  const sealed = await run(['audit', 'verify', '--case-file', t.path], PASSPHRASE);
  expect(sealed.out).toMatch(/^ok\t5 entries\thead [0-9a-f]{64}\tanchor holds \(checked\)\n$/);
  // Verifying through the contract is audited, as the operator (not 'system').
  const last = new Database(t.path, { readonly: true })
    .prepare('SELECT actor, action FROM audit_log ORDER BY seq DESC LIMIT 1')
    .get();
  expect(last).toMatchObject({
    actor: expect.stringMatching(/^operator:/),
    action: 'audit.verify',
  });

  const db = new Database(t.path);
  db.exec('DROP TRIGGER audit_log_no_delete');
  db.prepare('DELETE FROM audit_log WHERE seq > 2').run();
  db.close();
  const cut = await run(['audit', 'verify', '--case-file', t.path], PASSPHRASE);
  expect(cut.code).toBe(3);
  expect(cut.out).toMatch(
    /^broken\tentry 3\t.*\t\(2 entries before it hold\)\tanchor truncated \(checked\)\n$/,
  );
});
