import Database from 'better-sqlite3';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../../engine/cases/test-support';
import { main } from '../cli';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['counsellor']);
});
afterEach(() => t.close());

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await main(args, { stdout, stderr, stderrIsTTY: false, env: {}, cwd: t.dir });
  return { code, out };
}

it('jium audit verify reports a holding chain, then the first broken entry', async () => {
  const good = await run(['audit', 'verify', '--case-file', t.path]);
  expect(good).toMatchObject({
    code: 0,
    out: expect.stringMatching(/^ok\t3 entries\thead [0-9a-f]{64}\n$/),
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
