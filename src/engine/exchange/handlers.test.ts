import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const B = '58d871ceecf4e84d82368232078f27f0b76e26f592621e9d33e6338d4e9c9b22';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

describe('exchange contract methods', () => {
  it('lets staff and admins import, enable, export and delete; monitors only read and review', async () => {
    const text = `pdq,pdq_quality\n${A},100\nbad,1\n${B},70\n${A},100\n`;
    expect(await t.err('monitor', 'exchange.import', { name: 'x', text })).toBe('forbidden');
    expect(await t.err('counsellor', 'exchange.lists', {})).toBe('forbidden');
    expect(await t.err('monitor', 'exchange.export', {})).toBe('forbidden');

    const r = await t.ok('staff', 'exchange.import', {
      name: 'Partner',
      source: 'KR hotline',
      text,
    });
    expect(r.list).toMatchObject({
      name: 'Partner',
      entries: 2,
      merged: 1,
      rejected: 1,
      enabled: true,
    });
    expect(r.errors).toEqual([
      { line: 3, code: 'bad-pdq', value: 'bad', message: expect.stringMatching(/PDQ hash/) },
    ]);
    expect(await t.err('staff', 'exchange.import', { name: 'Partner', text })).toBe('conflict');
    expect(await t.err('staff', 'exchange.import', { name: 'Empty', text: 'x\n' })).toBe(
      'validation',
    );
    expect((await t.ok('monitor', 'exchange.lists', {})).map((l) => l.name)).toEqual(['Partner']);

    const off = await t.ok('admin', 'exchange.setEnabled', { id: r.list.id, enabled: false });
    expect(off.enabled).toBe(false);
    const file = await t.ok('staff', 'exchange.export', { format: 'csv' });
    expect(file).toMatchObject({ count: 0, text: 'pdq,pdq_quality,blockhash,sha256\n' });
    expect(await t.err('staff', 'exchange.reviewMatch', { id: 99, state: 'confirmed' })).toBe(
      'not-found',
    );
    await t.ok('staff', 'exchange.delete', { id: r.list.id });
    expect(await t.ok('staff', 'exchange.lists', {})).toEqual([]);

    const actions = listAudit(t.engine.db, { limit: 50 }).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'exchange.list.import',
        'exchange.list.disable',
        'exchange.export',
        'exchange.list.delete',
      ]),
    );
    const imp = listAudit(t.engine.db, { limit: 50 }).find(
      (a) => a.action === 'exchange.list.import',
    );
    expect(JSON.stringify(imp)).not.toContain(A); // counts, never hashes
  });
});
