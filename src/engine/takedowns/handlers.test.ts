import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/chain';
import { noiseJpeg, startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { insertSite } from '../crawl/sites';
import { siteConfigSchema } from '../../shared/crawl-types';
import { openTakedownForMatch } from './open-request';
import { TakedownScheduler } from './scheduler';
import { seedTakedownData, sha, type TakedownSeed } from './test-support';

/** A small real site on 127.0.0.1 whose page and images the test can change. */
let server: Server;
let origin: string;
const files = new Map<string, { status: number; type: string; body: Buffer | string }>();
beforeAll(async () => {
  server = createServer((req, res) => {
    const f = files.get(req.url ?? '/');
    if (!f) return res.writeHead(404).end('not found');
    res.writeHead(f.status, { 'content-type': f.type }).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

let imgA: Buffer;
let imgB: Buffer;
const page = (imgs: string[]) => ({
  status: 200,
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><body>${imgs.map((i) => `<img src="${i}">`).join('')}</body></html>`,
});

let t: TestEngine;
let ids: Awaited<ReturnType<typeof withUsers>>;
let seed: TakedownSeed;
let siteId: number;
beforeEach(async () => {
  t = await startTestEngine({ idleLockMinutes: 60 * 24 * 30 }); // the clock jumps days
  ids = await withUsers(t, ['counsellor', 'monitor', 'staff']);
  imgA ??= await noiseJpeg(1);
  imgB ??= await noiseJpeg(2);
  files.clear();
  files.set('/p', page(['/a.jpg', '/b.jpg']));
  files.set('/a.jpg', { status: 200, type: 'image/jpeg', body: imgA });
  files.set('/b.jpg', { status: 200, type: 'image/jpeg', body: imgB });
  files.set('/q', page(['/c.jpg']));
  files.set('/c.jpg', { status: 200, type: 'image/jpeg', body: imgA });
  seed = seedTakedownData(t.engine.db, ids.staff!, t.clock.now());
  siteId = insertSite(
    t.engine.db,
    siteConfigSchema.parse({
      name: 'Local',
      startUrls: [`${origin}/`],
      allowAddresses: ['127.0.0.1'],
    }),
    t.clock.now(),
  );
});
afterEach(() => t.close());

const H = 3_600_000;

/** Confirmed matches for /p (two images) opened as one draft, as review would. */
function openPageP(withSite = true): number {
  const db = t.engine.db;
  const opts = (s: Buffer) => ({ sha: sha(s), ...(withSite ? { siteId } : {}) });
  const m1 = seed.match(`${origin}/p`, `${origin}/a.jpg`, opts(imgA));
  const m2 = seed.match(`${origin}/p`, `${origin}/b.jpg`, opts(imgB));
  const now = t.clock.now();
  const [id] = db.transaction(() => openTakedownForMatch(db, m1, ids.staff!, now))().requestIds;
  db.transaction(() => openTakedownForMatch(db, m2, ids.staff!, now))();
  return id!;
}

describe('takedown contract methods', () => {
  it('lets staff and admins manage, monitors read, counsellors nothing', async () => {
    const id = openPageP();
    expect(await t.err('counsellor', 'takedowns.list', {})).toBe('forbidden');
    expect(await t.err('counsellor', 'platforms.list', {})).toBe('forbidden');
    expect((await t.ok('monitor', 'takedowns.list', {})).map((r) => r.id)).toEqual([id]);
    expect(await t.err('monitor', 'takedowns.transition', { id, to: 'sent' })).toBe('forbidden');
    expect(
      await t.err('monitor', 'platforms.create', {
        platform: { name: 'X', hosts: ['x.example'] },
      }),
    ).toBe('forbidden');
    expect(await t.err('monitor', 'takedowns.recheck', { id })).toBe('forbidden');
    await t.ok('admin', 'takedowns.update', { id, edit: { notes: 'checked' } });
  });

  it('answers bad input with a specific error and changes nothing', async () => {
    const id = openPageP();
    expect(await t.err('staff', 'takedowns.get', { id: 999 })).toBe('not-found');
    expect(await t.err('staff', 'takedowns.recheck', { id: 999 })).toBe('not-found');
    expect(await t.err('staff', 'takedowns.transition', { id, to: 'gone' })).toBe('validation');
    expect(
      await t.err('staff', 'takedowns.update', { id, edit: { language: 'Korean please' } }),
    ).toBe('validation');
    expect(await t.err('staff', 'takedowns.update', { id, edit: { state: 'removed' } })).toBe(
      'validation',
    );
    expect(
      await t.err('staff', 'platforms.create', {
        platform: { name: 'X', hosts: ['x.example'], abuseEmail: 'not an address' },
      }),
    ).toBe('validation');
    expect(await t.err('staff', 'platforms.delete', { id: 999 })).toBe('not-found');
    const r = await t.ok('staff', 'takedowns.get', { id });
    expect(r).toMatchObject({ state: 'draft', language: 'en' });
    expect(r.events.map((e) => e.kind)).toEqual(['created', 'extended']);
  });

  it('walks the lifecycle with deadlines, re-send reminders and who did what', async () => {
    const id = openPageP();
    const draft = await t.ok('staff', 'takedowns.get', { id });
    expect(draft).toMatchObject({ state: 'draft', images: 2, caseCodes: ['C-2026-0001'] });
    expect(await t.err('staff', 'takedowns.transition', { id, to: 'removed' })).toBe('conflict');
    expect(await t.err('staff', 'takedowns.resend', { id })).toBe('conflict');

    const sent = await t.ok('staff', 'takedowns.transition', {
      id,
      to: 'sent',
      referenceNumber: 'CASE-123',
    });
    expect(sent.state).toBe('sent');
    expect(sent.referenceNumber).toBe('CASE-123');
    expect(sent.firstSentAt).toBe(t.clock.now().toISOString());
    expect(Date.parse(sent.deadlineAt!) - Date.parse(sent.firstSentAt!)).toBe(48 * H);
    expect(sent.overdue).toBe(false);
    expect(sent.resendDue).toBe(false);

    t.clock.advance(25 * H);
    let r = await t.ok('staff', 'takedowns.get', { id });
    expect(r.resendDue).toBe(true);
    expect((await t.ok('staff', 'takedowns.list', { filter: 'resend-due' })).length).toBe(1);
    r = await t.ok('staff', 'takedowns.resend', { id, note: 'second e-mail' });
    expect(r.resendDue).toBe(false);
    expect(r.lastSentAt).toBe(t.clock.now().toISOString());

    t.clock.advance(24 * H); // 49 h after the first sending
    r = await t.ok('staff', 'takedowns.get', { id });
    expect(r.overdue).toBe(true);
    expect(await t.ok('staff', 'takedowns.counts', {})).toMatchObject({
      open: 1,
      overdue: 1,
      resendDue: 1,
    });
    await t.ok('staff', 'takedowns.transition', { id, to: 'acknowledged' });
    r = await t.ok('staff', 'takedowns.transition', { id, to: 'refused', note: 'declined' });
    expect(r.closedAt).not.toBeNull();
    expect(r.overdue).toBe(false);
    // Escalated to the regulator: sent again, with a fresh deadline.
    await t.ok('staff', 'takedowns.update', { id, edit: { channel: 'regulator' } });
    // Saving the same values again changes nothing and adds no history.
    await t.ok('staff', 'takedowns.update', { id, edit: { channel: 'regulator', notes: '' } });
    r = await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    expect(r.firstSentAt).toBe(sent.firstSentAt);
    expect(Date.parse(r.deadlineAt!)).toBe(t.clock.now().getTime() + 48 * H);

    const history = r.events.map((e) => [e.kind, e.fromState, e.toState, e.actor]);
    expect(history).toEqual([
      ['created', null, 'draft', 'staff one'],
      ['extended', null, null, 'staff one'],
      ['edited', null, null, 'staff one'],
      ['state', 'draft', 'sent', 'staff one'],
      ['resent', null, null, 'staff one'],
      ['state', 'sent', 'acknowledged', 'staff one'],
      ['state', 'acknowledged', 'refused', 'staff one'],
      ['edited', null, null, 'staff one'],
      ['state', 'refused', 'sent', 'staff one'],
    ]);
    const actions = listAudit(t.engine.db, { limit: 50 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['takedown.state', 'takedown.resend']));
  });

  it('marks several requests sent at once, or none when one cannot move', async () => {
    const a = openPageP();
    const m = seed.match(`${origin}/q`, `${origin}/c.jpg`, { sha: sha(imgA), siteId });
    const [b] = openTakedownForMatch(t.engine.db, m, ids.staff!, t.clock.now()).requestIds;
    expect(await t.err('monitor', 'takedowns.transitionMany', { ids: [a, b!], to: 'sent' })).toBe(
      'forbidden',
    );
    expect(await t.err('staff', 'takedowns.transitionMany', { ids: [a, a], to: 'sent' })).toBe(
      'validation',
    );
    await t.ok('staff', 'takedowns.transition', { id: a, to: 'sent' });
    // a is sent already: sent → sent is not a move, so b stays a draft too.
    expect(await t.err('staff', 'takedowns.transitionMany', { ids: [b!, a], to: 'sent' })).toBe(
      'conflict',
    );
    expect((await t.ok('staff', 'takedowns.get', { id: b! })).state).toBe('draft');
    expect(await t.ok('staff', 'takedowns.transitionMany', { ids: [b!], to: 'sent' })).toEqual({
      updated: 1,
    });
    expect((await t.ok('staff', 'takedowns.get', { id: b! })).state).toBe('sent');
  });

  it('uses a changed service level for requests sent afterwards', async () => {
    const id = openPageP();
    expect(
      await t.err('staff', 'takedowns.updateSettings', {
        serviceLevelHours: 0,
        resendHours: 24,
        recheckHours: 24,
      }),
    ).toBe('validation');
    await t.ok('staff', 'takedowns.updateSettings', {
      serviceLevelHours: 24,
      resendHours: 12,
      recheckHours: 6,
    });
    const r = await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    expect(Date.parse(r.deadlineAt!) - Date.parse(r.firstSentAt!)).toBe(24 * H);
    expect(Date.parse(r.resendAt!) - Date.parse(r.lastSentAt!)).toBe(12 * H);
  });

  it('pre-fills new requests from the registry and refuses a host claimed twice', async () => {
    await t.ok('staff', 'platforms.create', {
      platform: {
        name: 'Local gallery',
        hosts: ['127.0.0.1'],
        abuseEmail: 'abuse@gallery.example',
        preferredChannel: 'email',
        language: 'ko',
      },
    });
    expect(
      await t.err('staff', 'platforms.create', {
        platform: { name: 'Other', hosts: ['127.0.0.1'] },
      }),
    ).toBe('conflict');
    expect(
      await t.err('staff', 'platforms.create', {
        platform: { name: 'Bad', hosts: ['https://x.example/'] },
      }),
    ).toBe('validation');
    const id = openPageP();
    const r = await t.ok('staff', 'takedowns.get', { id });
    expect(r).toMatchObject({
      platformName: 'Local gallery',
      channel: 'email',
      contact: 'abuse@gallery.example',
      language: 'ko',
    });
    const [p] = await t.ok('staff', 'platforms.list', {});
    expect(p).toMatchObject({ hosts: ['127.0.0.1'], requests: 1 });
  });
});

describe('re-check', () => {
  it('records evidence per image and marks the request removed once every image is gone', async () => {
    const id = openPageP();
    await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    let check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check.outcome).toBe('present');
    expect(check.pageStatus).toBe(200);
    expect(check.images.map((i) => [i.status, i.sha256, i.onPage, i.gone])).toEqual([
      [200, sha(imgA), true, false],
      [200, sha(imgB), true, false],
    ]);

    files.delete('/a.jpg'); // the host deletes one image: 404
    check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check.outcome).toBe('present');
    expect(check.images).toHaveLength(2);
    expect(check.images[0]).toMatchObject({ status: 404, gone: true, reason: 'image-404' });
    let r = await t.ok('staff', 'takedowns.get', { id });
    expect(r).toMatchObject({ state: 'sent', imagesGone: 1 });

    t.clock.advance(3 * H);
    files.set('/b.jpg', { status: 200, type: 'image/png', body: 'removed placeholder' });
    check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check.outcome).toBe('removed');
    expect(check.images).toEqual([
      expect.objectContaining({ status: 200, gone: true, reason: 'hash-changed' }),
    ]);
    r = await t.ok('staff', 'takedowns.get', { id });
    expect(r.state).toBe('removed');
    expect(r.removedAt).toBe(t.clock.now().toISOString());
    expect(r.items.map((i) => i.goneReason)).toEqual(['image-404', 'hash-changed']);
    const last = r.events.at(-1)!;
    expect(last).toMatchObject({ kind: 'state', fromState: 'sent', toState: 'removed' });
    expect(last.actor).toBeNull(); // the system, on the evidence of the check
    expect(last.detail).toMatchObject({ evidence: 'recheck' });
    expect(r.checks).toHaveLength(3);
  });

  it('counts a page that answers 410 or an image taken off the page as removed', async () => {
    const id = openPageP();
    await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    files.set('/p', { status: 410, type: 'text/html', body: 'gone' });
    const check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check).toMatchObject({ outcome: 'removed', pageStatus: 410 });
    expect(check.images.every((i) => i.reason === 'page-410')).toBe(true);

    t.clock.advance(H); // found after the first request was opened
    const m = seed.match(`${origin}/q`, `${origin}/c.jpg`, {
      sha: sha(imgA),
      siteId,
      foundAt: t.clock.now(),
    });
    const db = t.engine.db;
    const [q] = openTakedownForMatch(db, m, ids.staff!, t.clock.now()).requestIds;
    // A re-upload of the same image: linked to the first request.
    expect((await t.ok('staff', 'takedowns.get', { id: q! })).reuploadOf).toBe(id);
    await t.ok('staff', 'takedowns.transition', { id: q!, to: 'sent' });
    files.set('/q', page([])); // image file still served, but no longer on the page
    const c2 = await t.ok('staff', 'takedowns.recheck', { id: q! });
    expect(c2.outcome).toBe('removed');
    expect(c2.images[0]).toMatchObject({ status: 200, onPage: false, reason: 'not-on-page' });
  });

  it('flags content still there after the deadline, and records errors without a change', async () => {
    const id = openPageP();
    await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    t.clock.advance(49 * H);
    const check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check.outcome).toBe('present');
    const r = await t.ok('staff', 'takedowns.get', { id });
    expect(r.flaggedAt).toBe(t.clock.now().toISOString());
    expect(r.events.at(-1)).toMatchObject({ kind: 'flagged' });
    expect((await t.ok('staff', 'takedowns.list', { filter: 'flagged' })).length).toBe(1);

    server.closeAllConnections();
    files.set('/p', { status: 503, type: 'text/html', body: 'busy' });
    files.set('/a.jpg', { status: 503, type: 'text/html', body: 'busy' });
    files.set('/b.jpg', { status: 503, type: 'text/html', body: 'busy' });
    const e = await t.ok('staff', 'takedowns.recheck', { id });
    expect(e.outcome).toBe('error');
    expect(e.error).toMatch(/503/);
    expect((await t.ok('staff', 'takedowns.get', { id })).state).toBe('sent');
  });

  it('re-checks sent requests on schedule once their interval has passed', async () => {
    const id = openPageP();
    const events: unknown[] = [];
    const scheduler = new TakedownScheduler(
      t.engine.db,
      (event, payload) => void events.push([event, payload]),
    );
    expect(await scheduler.tick(t.clock.now)).toEqual([]); // drafts wait for staff
    await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    expect(await scheduler.tick(t.clock.now)).toEqual([id]);
    expect(events).toEqual([['takedowns.changed', { ids: [id] }]]);
    t.clock.advance(23 * H);
    expect(await scheduler.tick(t.clock.now)).toEqual([]); // checked less than 24 h ago
    files.delete('/a.jpg');
    files.delete('/b.jpg');
    t.clock.advance(2 * H);
    expect(await scheduler.tick(t.clock.now)).toEqual([id]);
    const r = await t.ok('staff', 'takedowns.get', { id });
    expect(r.state).toBe('removed');
    expect(r.checks.map((c) => [c.actor, c.outcome])).toEqual([
      [null, 'removed'],
      [null, 'present'],
    ]);
  });

  it('reaches loopback only when the crawl site that found the content allowed it', async () => {
    const id = openPageP(false);
    await t.ok('staff', 'takedowns.transition', { id, to: 'sent' });
    const check = await t.ok('staff', 'takedowns.recheck', { id });
    expect(check.outcome).toBe('error');
    expect(check.error).toMatch(/blocked-address/);
    expect((await t.ok('staff', 'takedowns.get', { id })).state).toBe('sent');
  });
});
