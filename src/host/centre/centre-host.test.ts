import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine';
import { startHeadlessHost, type HeadlessHost } from '../http-host';
import type { TlsIdentity } from './tls-identity';
import { startTestCentre, type TestCentre } from './test-centre';

let engine: Engine;
let host: HeadlessHost;
let id: TlsIdentity;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const url = new URL(path, host.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
        ca: id.cert, // the self-signed certificate is its own authority: verified, not skipped
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/** Opens the app page as a new desk: its cookie and CSRF token. */
async function newDesk(): Promise<{ cookie: string; csrf: string }> {
  const page = await call('/');
  const setCookie = page.headers['set-cookie']![0]!;
  return {
    cookie: setCookie.split(';')[0]!,
    csrf: /<meta name="jium-csrf" content="([^"]+)">/.exec(page.body)![1]!,
  };
}

const api = (desk: { cookie: string; csrf?: string }, method: string, input: unknown) =>
  call(`/api/call/${method}`, {
    body: input,
    headers: { Cookie: desk.cookie, ...(desk.csrf ? { 'X-Jium-Csrf': desk.csrf } : {}) },
  });

let centre: TestCentre;
beforeEach(async () => {
  centre = await startTestCentre();
  ({ engine, host, id } = centre);
});
afterEach(() => centre.close());

describe('the centre server', () => {
  it('never listens beyond loopback without TLS', async () => {
    await expect(startHeadlessHost({ engine, listenHost: '0.0.0.0' })).rejects.toThrow(
      'never listens on 0.0.0.0 without TLS',
    );
    await expect(startHeadlessHost({ engine, listenHost: '192.168.0.10' })).rejects.toThrow(
      'without TLS',
    );
  });

  it('speaks only TLS, and its address carries no token', async () => {
    expect(host.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/`);
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest(host.origin.replace('https', 'http') + '/', (res) => {
        resolve(`answered ${res.statusCode}`);
      });
      req.on('error', (e) => resolve(`refused: ${e.message}`));
      req.end();
    });
    expect(plain).not.toMatch(/^answered 200/);
  });

  it('gives each desk a Secure, HttpOnly, SameSite=Strict cookie and a CSRF token in the page', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    const cookie = page.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^__Host-jium-desk=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Strict');
    expect(cookie).toContain('; Path=/');
    expect(page.body).toMatch(
      /<head>(<meta [^>]*>)*<meta name="jium-csrf" content="[A-Za-z0-9_-]{43}">/,
    );
    // The key fingerprint workers pin (Settings → Crawl workers shows it): public, the server's own.
    expect(page.body).toContain(`<meta name="jium-centre-key" content="${id.fingerprint}">`);
    // The same desk coming back keeps its cookie (no new one) and its token.
    const again = await call('/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toBe(page.body);
  });

  it('refuses API calls without the desk cookie, without its CSRF token, or from another origin', async () => {
    const desk = await newDesk();
    expect((await api({ cookie: '' }, 'app.info', {})).status).toBe(401);
    const forged = `__Host-jium-desk=${'A'.repeat(32)}.${'B'.repeat(43)}`;
    expect((await api({ cookie: forged, csrf: desk.csrf }, 'app.info', {})).status).toBe(401);
    expect((await api({ cookie: desk.cookie }, 'app.info', {})).status).toBe(403);
    expect((await api({ cookie: desk.cookie, csrf: 'x'.repeat(43) }, 'app.info', {})).status).toBe(
      403,
    );
    const other = await newDesk();
    // One desk's token does not serve another desk's cookie.
    expect((await api({ cookie: other.cookie, csrf: desk.csrf }, 'app.info', {})).status).toBe(403);
    const crossSite = await call('/api/call/app.info', {
      body: {},
      headers: { Cookie: desk.cookie, 'X-Jium-Csrf': desk.csrf, Origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const ok = await api(desk, 'app.info', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).ok).toBe(true);
  });

  it('binds sessions to the desk: signing in at one desk signs in nobody else', async () => {
    const a = await newDesk();
    const b = await newDesk();
    const setup = await api(a, 'auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: 'admin password 1',
    });
    expect(JSON.parse(setup.body).ok).toBe(true);
    expect(JSON.parse((await api(a, 'auth.session', {})).body).value.username).toBe('admin');
    expect(JSON.parse((await api(b, 'auth.session', {})).body).value).toBeNull();
  });

  it('limits password attempts per computer: the eleventh in a minute is refused', async () => {
    const desk = await newDesk();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await api(desk, 'auth.signIn', { username: 'nobody', password: `guess ${i} long` }))
          .status,
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200)); // answered: wrong password
    expect(statuses[10]).toBe(429);
    const last = await api(desk, 'auth.signIn', { username: 'nobody', password: 'guess x long' });
    expect(JSON.parse(last.body).error.reason).toBe('too-many-attempts');
    // Other calls are not limited.
    expect((await api(desk, 'app.info', {})).status).toBe(200);
  });

  it('streams events to the desk that holds the cookie only', async () => {
    const desk = await newDesk();
    expect((await call('/api/events')).status).toBe(401);
    let connected!: () => void;
    const isConnected = new Promise<void>((r) => (connected = r));
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        new URL('/api/events', host.origin),
        { headers: { Cookie: desk.cookie }, ca: id.cert },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes(': connected')) connected();
            if (text.includes('event: session.changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    await isConnected; // the stream is registered before the sign-in
    await api(desk, 'auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: 'admin password 1',
    });
    expect(await received).toContain('"username":"admin"');
  });
});
