import { request } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import type { HeadlessHost } from '../http-host';
import type { TlsIdentity } from './tls-identity';
import { startTestCentre, type TestCentre } from './test-centre';

/**
 * Who hears what on the centre server: a desk's event stream carries data events only while a
 * person whose role may read what they point to is signed in at that desk (core/event-access.ts).
 * Real TLS server, real desk cookies and streams; the events are the engine's own.
 */
let engine: Engine;
let host: HeadlessHost;
let id: TlsIdentity;

interface Desk {
  cookie: string;
  csrf: string;
}

function https(path: string, desk: Desk | null, body?: unknown) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        new URL(path, host.origin),
        {
          method: body === undefined ? 'GET' : 'POST',
          ca: id.cert,
          headers: {
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(desk ? { Cookie: desk.cookie, 'X-Jium-Csrf': desk.csrf } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    },
  );
}

async function newDesk(): Promise<Desk> {
  const page = await https('/', null);
  return {
    cookie: (page.headers['set-cookie'] as string[])[0]!.split(';')[0]!,
    csrf: /<meta name="jium-csrf" content="([^"]+)">/.exec(page.body)![1]!,
  };
}

async function call(desk: Desk, method: string, input: unknown): Promise<unknown> {
  const reply = JSON.parse((await https(`/api/call/${method}`, desk, input)).body);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value;
}

/** Opens a desk's event stream; `until` resolves with the event names seen up to `last`. */
function listen(desk: Desk, last: string) {
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const until = new Promise<string[]>((resolve, reject) => {
    const req = request(
      new URL('/api/events', host.origin),
      { headers: { Cookie: desk.cookie }, ca: id.cert },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes(': connected')) connected();
          if (text.includes(`event: ${last}`)) {
            req.destroy();
            resolve([...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]!));
          }
        });
      },
    );
    req.on('error', (e) => (e.message === 'socket hang up' ? undefined : reject(e)));
    req.end();
  });
  return { ready, until };
}

let centre: TestCentre;
beforeEach(async () => {
  centre = await startTestCentre('<!doctype html><html><head></head></html>');
  ({ engine, host, id } = centre);
});
afterEach(() => centre.close());

describe("the centre server's event streams", () => {
  it('tell each desk only what its signed-in role may read, and nothing to a desk nobody signed in at', async () => {
    const admin = await newDesk();
    await call(admin, 'auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: 'admin password 1',
    });
    const desks: Record<string, Desk> = { admin };
    for (const role of ['monitor', 'staff', 'counsellor'] as const) {
      await call(admin, 'accounts.create', {
        username: role,
        displayName: role,
        role,
        password: `${role} password 1`,
      });
      desks[role] = await newDesk();
      await call(desks[role]!, 'auth.signIn', { username: role, password: `${role} password 1` });
    }
    desks.anonymous = await newDesk(); // opened the app page, signed in nobody
    desks.signedOut = await newDesk();
    await call(desks.signedOut, 'auth.signIn', {
      username: 'monitor',
      password: 'monitor password 1',
    });
    await call(desks.signedOut, 'auth.signOut', {});

    const streams = Object.fromEntries(
      Object.entries(desks).map(([name, desk]) => [name, listen(desk, 'ui.language')]),
    );
    await Promise.all(Object.values(streams).map((s) => s.ready));
    engine.emit('crawl.progress', { runId: 1 } as never);
    engine.emit('crawl.match', { runId: 1, siteId: 1, matchId: 7 });
    engine.emit('review.changed', { itemIds: [7], reason: 'decided' });
    engine.emit('takedowns.changed', { ids: [3] });
    engine.emit('ui.language', { language: 'ko' }); // every window hears it: the end marker

    const seen = Object.fromEntries(
      await Promise.all(
        Object.entries(streams).map(async ([name, s]) => [name, (await s.until).sort()] as const),
      ),
    );
    const all = ['crawl.match', 'crawl.progress', 'review.changed', 'takedowns.changed'];
    expect(seen).toEqual({
      admin: [...all, 'ui.language'].sort(),
      monitor: [...all, 'ui.language'].sort(),
      staff: ['takedowns.changed', 'ui.language'],
      counsellor: ['ui.language'],
      anonymous: ['ui.language'],
      signedOut: ['ui.language'],
    });
  });

  it('send an event addressed to one desk to that desk alone, signed in or not', async () => {
    const a = await newDesk();
    const b = await newDesk();
    const sa = listen(a, 'ui.language');
    const sb = listen(b, 'ui.language');
    await Promise.all([sa.ready, sb.ready]);
    await call(a, 'auth.setup', {
      username: 'admin',
      displayName: 'A',
      password: 'admin password 1',
    });
    engine.emit('ui.language', { language: 'en' });
    expect(await sa.until).toEqual(['session.changed', 'ui.language']);
    expect(await sb.until).toEqual(['ui.language']);
  });
});
