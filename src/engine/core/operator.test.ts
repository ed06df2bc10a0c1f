import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t, ['staff', 'monitor']);
});
afterEach(() => t.close());

describe('operator session (the command line)', () => {
  it('calls through the contract in its role, audited as the operator, never idle-locked', async () => {
    const op = t.engine.signInOperator('staff', 'kim');
    const file = join(t.dir, 'list.txt');
    writeFileSync(file, `${A}\nnot a hash\n`);
    const r = await t.ok(op, 'exchange.importFile', { name: 'Partner', path: file });
    expect(r.list).toMatchObject({ entries: 1, rejected: 1, importedBy: null });
    expect(r.errors[0]).toMatchObject({ line: 2 });
    const [entry] = listAudit(t.engine.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: 'operator:kim', action: 'exchange.list.import' });
    // Hours later (a long crawl) the session still answers: an operator session does not lock.
    t.clock.advance(5 * 3_600_000);
    expect(await t.ok(op, 'exchange.lists', {})).toHaveLength(1);
    // The role still applies: staff may not run crawls.
    expect(await t.err(op, 'sites.list', {})).toBe('forbidden');
  });

  it('is held to the command line’s methods, and audited when refused', async () => {
    const op = t.engine.signInOperator('monitor', 'kim');
    // crawls.log is a monitor's method, but not one the command line uses.
    expect(await t.err(op, 'crawls.log', { runId: 1 })).toBe('forbidden');
    expect(listAudit(t.engine.db, { limit: 1 })[0]).toMatchObject({
      actor: 'operator:kim',
      action: 'access.refused',
      details: { method: 'crawls.log', role: 'monitor' },
    });
    expect(() => t.engine.signInOperator('counsellor' as 'admin')).toThrow(/never a counsellor/);
  });

  it('keeps methods that read a file by path to the command line', async () => {
    const file = join(t.dir, 'list.txt');
    writeFileSync(file, `${A}\n`);
    // Staff signed in to the app (Electron or HTTP) may import text, never a path on the host.
    expect(await t.err('staff', 'exchange.importFile', { name: 'X', path: file })).toBe(
      'forbidden',
    );
    const op = t.engine.signInOperator('staff', 'kim');
    for (const path of ['list.txt', '/dev/zero', t.dir, join(t.dir, 'missing.txt')]) {
      expect(await t.err(op, 'exchange.importFile', { name: 'X', path }), path).toBe('validation');
    }
    expect(await t.ok(op, 'exchange.lists', {})).toEqual([]);
  });
});
