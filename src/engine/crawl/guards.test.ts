import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchError } from './fetcher';
import { Fetcher } from './fetcher';
import type { RefusedError } from './follow-redirects';
import { fetchFollowing } from './follow-redirects';
import { guardedLookup } from './guarded-lookup';
import { addressRefusal, classifyAddress } from './ip-guard';
import { startTestServer, type TestServer } from './test-server';

const LOCAL = { allowAddresses: ['127.0.0.1'] };
const NONE = { allowAddresses: [] };
const UA = 'JiumBot/0.1 (test)';

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.2.3.4', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.100.1.1', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd12:3456::1', 'ula'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['172.32.0.1', 'public'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it('allows only the exact addresses a site lists', () => {
    expect(addressRefusal('127.0.0.1', LOCAL)).toBeNull();
    expect(addressRefusal('127.0.0.2', LOCAL)).toMatch(/loopback/);
    expect(addressRefusal('10.0.0.1', LOCAL)).toMatch(/private/);
  });

  it('refuses a DNS answer in a denied range at lookup time', async () => {
    const lookup = guardedLookup(NONE);
    const err = await new Promise<NodeJS.ErrnoException | null>((r) =>
      lookup('localhost', { all: true }, (e) => r(e)),
    );
    expect(err?.code).toBe('EJIUMBLOCKED');
    expect(err?.message).toMatch(/localhost resolves to a loopback address 127\.0\.0\.1/);
  });
});

describe('fetcher guards against a real server on 127.0.0.1', () => {
  let srv: TestServer;
  /** What the server saw: how far each hostile response got before the client hung up. */
  const served = {
    endlessMiB: 0,
    endlessClosed: false,
    headerTicks: 0,
    headersClosed: false,
    dripBytes: 0,
    dripClosed: false,
  };
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB
  beforeAll(async () => {
    srv = await startTestServer({
      '/ok': (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'),
      '/gz': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end(gzipSync('<p>small page</p>')),
      '/bomb': (_q, r) =>
        r.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' }).end(bomb),
      '/big-declared': (_q, r) => {
        r.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 50_000_000 });
        r.write(Buffer.alloc(1000)); // never finishes: must be refused from the header alone
      },
      '/big-chunked': (_q, r) => {
        r.writeHead(200, { 'content-type': 'image/jpeg' });
        for (let i = 0; i < 40; i++) r.write(Buffer.alloc(64 * 1024));
        r.end();
      },
      '/endless-bomb': (_q, r) => {
        // gzip of zeros for as long as the client reads: only a limit counted after
        // decompression, and a connection the client closes, end it.
        r.writeHead(200, { 'content-type': 'image/png', 'content-encoding': 'gzip' });
        const gz = createGzip();
        gz.pipe(r);
        const zeros = Buffer.alloc(1024 * 1024);
        let open = true;
        r.on('close', () => {
          open = false;
          served.endlessClosed = true;
          gz.destroy();
        });
        const pump = () => {
          while (open) {
            served.endlessMiB++;
            if (!gz.write(zeros)) return void gz.once('drain', pump);
          }
        };
        pump();
      },
      '/slow-headers': (q) => {
        // Never answers; counts 50 ms ticks until the client gives up.
        const t = setInterval(() => served.headerTicks++, 50);
        q.socket.on('close', () => {
          clearInterval(t);
          served.headersClosed = true;
        });
      },
      '/slow-drip': (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        const t = setInterval(() => {
          r.write('.');
          served.dripBytes++;
        }, 50); // a byte every 50 ms, forever
        r.on('close', () => {
          clearInterval(t);
          served.dripClosed = true;
        });
      },
      '/to-private': (_q, r) => r.writeHead(302, { location: 'http://10.9.8.7/x' }).end(),
      '/to-localhost-name': (_q, r) =>
        r.writeHead(302, { location: `http://localhost:${srv.port}/ok` }).end(),
      '/to-other-host': (_q, r) =>
        r.writeHead(301, { location: 'https://elsewhere.example/' }).end(),
      '/loop': (_q, r) => r.writeHead(302, { location: '/loop2' }).end(),
      '/loop2': (_q, r) => r.writeHead(302, { location: '/loop' }).end(),
      '/hop1': (_q, r) => r.writeHead(301, { location: '/hop2' }).end(),
      '/hop2': (_q, r) => r.writeHead(308, { location: '/ok' }).end(),
    });
  });
  afterAll(() => srv.close());

  const fetcher = (policy = LOCAL, limits = {}) => new Fetcher({ policy, userAgent: UA, limits });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: FetchError | RefusedError) => e.code,
    );

  it('fetches an allowed page and reports the peer address', async () => {
    const res = await fetcher().fetch(new URL(`${srv.origin}/ok`));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<p>hi</p>');
    expect(res.remoteAddress).toBe('127.0.0.1');
  });

  it('decodes gzip bodies', async () => {
    const res = await fetcher().fetch(new URL(`${srv.origin}/gz`));
    expect(res.body.toString()).toBe('<p>small page</p>');
  });

  it('refuses 127.0.0.1 when the site does not allow it, before any request', async () => {
    const before = srv.hits.length;
    expect(await code(fetcher(NONE).fetch(new URL(`${srv.origin}/ok`)))).toBe('blocked-address');
    expect(srv.hits.length).toBe(before);
  });

  it('refuses a host name resolving to a loopback address at connect time', async () => {
    const before = srv.hits.length;
    const url = new URL(`http://localhost:${srv.port}/ok`);
    expect(await code(fetcher(NONE).fetch(url))).toBe('blocked-address');
    expect(srv.hits.length).toBe(before);
  });

  it('refuses a literal private address without connecting', async () => {
    expect(await code(fetcher().fetch(new URL('http://10.0.0.1/')))).toBe('blocked-address');
    expect(await code(fetcher().fetch(new URL('http://[fd00::1]/')))).toBe('blocked-address');
    expect(await code(fetcher().fetch(new URL('http://169.254.169.254/')))).toBe('blocked-address');
  });

  const anyHost = async () => null;
  it('refuses a redirect to a private address, and keeps the chain', async () => {
    const err = await fetchFollowing(fetcher(), new URL(`${srv.origin}/to-private`), {
      check: anyHost,
      maxRedirects: 5,
    }).catch((e: FetchError & { chain: unknown[] }) => e);
    expect((err as FetchError).code).toBe('blocked-address');
    expect((err as unknown as { chain: { status: number }[] }).chain[0]!.status).toBe(302);
  });

  it('checks every hop against the site scope', async () => {
    const onlyLocal = async (u: URL) =>
      u.hostname === '127.0.0.1' ? null : { code: 'host-not-allowed', reason: 'not configured' };
    expect(
      await code(
        fetchFollowing(fetcher(), new URL(`${srv.origin}/to-other-host`), {
          check: onlyLocal,
          maxRedirects: 5,
        }),
      ),
    ).toBe('host-not-allowed');
    expect(
      await code(
        fetchFollowing(fetcher(), new URL(`${srv.origin}/to-localhost-name`), {
          check: onlyLocal,
          maxRedirects: 5,
        }),
      ),
    ).toBe('host-not-allowed');
  });

  it('follows redirects hop by hop, at most a few', async () => {
    const ok = await fetchFollowing(fetcher(), new URL(`${srv.origin}/hop1`), {
      check: anyHost,
      maxRedirects: 5,
    });
    expect(ok.chain.map((h) => [new URL(h.url).pathname, h.status])).toEqual([
      ['/hop1', 301],
      ['/hop2', 308],
      ['/ok', 200],
    ]);
    expect(
      await code(
        fetchFollowing(fetcher(), new URL(`${srv.origin}/loop`), {
          check: anyHost,
          maxRedirects: 4,
        }),
      ),
    ).toBe('too-many-redirects');
  });

  it('refuses an oversized body, declared or not', async () => {
    const f = fetcher(LOCAL, { maxBytes: 1024 * 1024 });
    expect(await code(f.fetch(new URL(`${srv.origin}/big-declared`)))).toBe('too-large');
    expect(await code(f.fetch(new URL(`${srv.origin}/big-chunked`)))).toBe('too-large');
  });

  it('stops a gzip bomb at the limit, counted after decompression', async () => {
    expect(bomb.length).toBeLessThan(200 * 1024);
    const f = fetcher(LOCAL, { maxBytes: 2 * 1024 * 1024 });
    expect(await code(f.fetch(new URL(`${srv.origin}/bomb`)))).toBe('too-large');
    // A bomb without end: the fetcher must stop reading and close the connection itself (a client
    // that buffered the body, or counted only compressed bytes, would read forever).
    expect(await code(f.fetch(new URL(`${srv.origin}/endless-bomb`)))).toBe('too-large');
    await expect.poll(() => served.endlessClosed).toBe(true);
    expect(served.endlessMiB).toBeLessThan(64);
  });

  it('times out a server that never answers, and one that drips', async () => {
    // Event-based, not wall-clock: the server counts 50 ms ticks (or dripped bytes) until the
    // client hangs up. 300 and 500 ms deadlines end them near 6 and 10; the bound of 40 (2 s)
    // fails a fetcher that fell back to a default timeout, whatever the machine's load.
    const f = fetcher(LOCAL, { headerTimeoutMs: 300, bodyTimeoutMs: 500 });
    expect(await code(f.fetch(new URL(`${srv.origin}/slow-headers`)))).toBe('timeout-headers');
    await expect.poll(() => served.headersClosed).toBe(true);
    expect(served.headerTicks).toBeLessThan(40);
    expect(await code(f.fetch(new URL(`${srv.origin}/slow-drip`)))).toBe('timeout-body');
    await expect.poll(() => served.dripClosed).toBe(true);
    expect(served.dripBytes).toBeGreaterThan(0);
    expect(served.dripBytes).toBeLessThan(40);
  });
});

describe('TLS', () => {
  it('refuses a certificate it cannot verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jium-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const server = createServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_q, r) => r.end('secret'),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const f = new Fetcher({ policy: LOCAL, userAgent: UA });
      const err = await f.fetch(new URL(`https://127.0.0.1:${port}/`)).catch((e: FetchError) => e);
      expect((err as FetchError).code).toBe('tls');
      f.close();
      server.closeAllConnections();
      server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
