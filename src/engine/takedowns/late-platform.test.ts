/**
 * A platform registered after its requests were opened (issue 17 #1): the requests belong to it
 * from then on — in the request list and detail, the registry's count, the notice and the
 * exports — and drafts opened without a contact take the registry's contact, channel and
 * language; a request already sent keeps the contact it was sent to (decision 0082).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { parseCsv } from '../documents/csv';
import { EXPORT_COLUMNS } from '../documents/export-requests';
import { composeNotice } from '../documents/notice';
import { openTakedownForMatch } from './open-request';
import { seedTakedownData, type TakedownSeed } from './test-support';

let t: TestEngine;
let staff: number;
let seed: TakedownSeed;
beforeEach(async () => {
  t = await startTestEngine();
  staff = (await withUsers(t, ['staff'])).staff!;
  seed = seedTakedownData(t.engine.db, staff, t.clock.now());
});
afterEach(() => t.close());

function open(page: string): number {
  const db = t.engine.db;
  const m = seed.match(page, `${page}/i.jpg`);
  return db.transaction(() => openTakedownForMatch(db, m, staff, t.clock.now()))().requestIds[0]!;
}

const gallery = {
  name: 'Gallery Co',
  hosts: ['gallery.example'],
  abuseEmail: 'abuse@gallery.example',
  preferredChannel: 'email' as const,
  language: 'ko',
};

describe('a platform registered after the requests', () => {
  it('owns the requests of its hosts everywhere they are read', async () => {
    const draft = open('https://img.gallery.example/post/1');
    const sent = open('https://gallery.example/post/2');
    await t.ok('staff', 'takedowns.update', {
      id: sent,
      edit: { contact: 'desk@gallery.example' },
    });
    await t.ok('staff', 'takedowns.transition', { id: sent, to: 'sent' });
    const other = open('https://other.example/post/3');
    expect((await t.ok('staff', 'takedowns.get', { id: draft })).platformName).toBeNull();

    await t.ok('staff', 'platforms.create', { platform: gallery });

    const d = await t.ok('staff', 'takedowns.get', { id: draft });
    expect(d).toMatchObject({
      platformName: 'Gallery Co',
      contact: 'abuse@gallery.example',
      channel: 'email',
      language: 'ko',
    });
    expect(d.events.at(-1)).toMatchObject({ kind: 'edited' });
    // What was sent stays what was sent.
    const s = await t.ok('staff', 'takedowns.get', { id: sent });
    expect(s).toMatchObject({ platformName: 'Gallery Co', contact: 'desk@gallery.example' });
    expect((await t.ok('staff', 'takedowns.get', { id: other })).platformName).toBeNull();
    const list = await t.ok('staff', 'takedowns.list', {});
    expect(
      list
        .filter((r) => r.platformName === 'Gallery Co')
        .map((r) => r.id)
        .sort(),
    ).toEqual([draft, sent].sort());
    const [p] = await t.ok('staff', 'platforms.list', {});
    expect(p).toMatchObject({ name: 'Gallery Co', requests: 2 });

    const notice = composeNotice(
      t.engine.db,
      { requestIds: [draft], includeEvidence: false },
      t.clock.now(),
    );
    expect(JSON.stringify(notice.document.blocks)).toContain('Gallery Co');

    const csv = await t.ok('staff', 'notices.exportRequests', { format: 'csv' });
    const rows = parseCsv(Buffer.from(csv.data, 'base64').toString('utf8'));
    const col = EXPORT_COLUMNS.indexOf('platform');
    const id = EXPORT_COLUMNS.indexOf('id');
    const platformOf = (rid: number) => rows.find((r) => r[id] === String(rid))?.[col];
    expect(platformOf(draft)).toBe('Gallery Co');
    expect(platformOf(sent)).toBe('Gallery Co');
    expect(platformOf(other)).toBe('');
  });

  it('lets the requests go when the host leaves the registry, and follows a host that moves', async () => {
    const draft = open('https://gallery.example/post/1');
    const { id: pid } = await t.ok('staff', 'platforms.create', { platform: gallery });
    await t.ok('staff', 'platforms.update', {
      id: pid,
      platform: { ...gallery, hosts: ['elsewhere.example'] },
    });
    expect((await t.ok('staff', 'takedowns.get', { id: draft })).platformName).toBeNull();
    await t.ok('staff', 'platforms.create', {
      platform: { ...gallery, name: 'New owner', hosts: ['gallery.example'] },
    });
    expect((await t.ok('staff', 'takedowns.get', { id: draft })).platformName).toBe('New owner');
    const names = (await t.ok('staff', 'platforms.list', {})).map((p) => [p.name, p.requests]);
    expect(names).toEqual([
      ['Gallery Co', 0],
      ['New owner', 1],
    ]);
  });
});
