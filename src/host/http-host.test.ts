import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { tempDir } from '../test-support/temp-dir';
import { startHeadlessHost, type HeadlessHost } from './http-host';

let dir: string;
let cleanup: () => void;
let engine: Engine;
let host: HeadlessHost;
const CLIENT = 'client-aaaaaaaaaaaaaaaa';

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Jium</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for the web');
  engine = new Engine({ caseFilePath: join(dir, 'c.jium'), host: 'headless', version: 't' });
  host = await startHeadlessHost({ engine, rendererDir });
});
afterEach(async () => {
  await host.close();
  engine.close();
  cleanup();
});

function call(method: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.origin}/api/call/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Jium-Client': CLIENT,
      Authorization: `Bearer ${host.token}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** fetch() cannot set Host; node:http can, as a DNS-rebinding page would. */
function rawGet(path: string, hostHeader: string): Promise<number> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Host: hostHeader } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('headless host', () => {
  it('binds to 127.0.0.1 only and prints a URL with a 256-bit token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers a call with the token', async () => {
    const res = await call('app.info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      value: { name: 'Jium', host: 'headless', needsSetup: true },
    });
  });

  it('refuses calls without the token, or with a wrong one', async () => {
    const none = await call('app.info', {}, { Authorization: '' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const wrong = await call('app.info', {}, { Authorization: `Bearer ${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
  });

  it('refuses calls from another origin even with the token', async () => {
    const res = await call('app.info', {}, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const same = await call('app.info', {}, { Origin: host.origin });
    expect(same.status).toBe(200);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { port } = new URL(host.origin);
    expect(await rawGet('/', `evil.example:${port}`)).toBe(421);
    expect(await rawGet('/', `localhost:${port}`)).toBe(200);
  });

  it('requires a client id, JSON, and a body under the limit', async () => {
    expect((await call('app.info', {}, { 'X-Jium-Client': 'short' })).status).toBe(400);
    expect((await call('app.info', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call('app.info', '{not json')).status).toBe(400);
  });

  it('answers a body over the limit with 413 and a clear message, not a reset (issue 18)', async () => {
    const huge = await call('auth.signIn', {
      username: 'x',
      password: 'y'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'The request is larger than 1 MiB, the most auth.signIn accepts.',
      },
    });
    // Sent in chunks without a length, the same answer, and nothing was called.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 3; i++) c.enqueue(new Uint8Array(512 * 1024).fill(0x20));
        c.close();
      },
    });
    const streamed = await fetch(`${host.origin}/api/call/auth.setup`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Jium-Client': CLIENT,
        Authorization: `Bearer ${host.token}`,
      },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(engine.needsSetup()).toBe(true);
  });

  it('never echoes a malformed body back (issue 18)', async () => {
    const res = await call('auth.signIn', '{"password": hunter2-secret}');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toEqual({
      ok: false,
      error: { code: 'validation', message: 'The body is not valid JSON.' },
    });
  });

  it('passes validation errors through as typed envelopes', async () => {
    const res = await call('auth.setup', { username: 'x' });
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('serves the renderer with a CSP and never files outside it', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain(
      'javascript',
    );
    expect((await fetch(`${host.origin}/cases/42`)).status).toBe(200); // client-side route → app shell
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${host.origin}${p}`);
      expect(res.status, p).not.toBe(200);
      expect(await res.text()).not.toContain('not for the web');
    }
  });

  it('streams events only to the client they are for', async () => {
    const other = 'client-bbbbbbbbbbbbbbbb';
    const open = async (client: string) => {
      const res = await fetch(`${host.origin}/api/events?client=${client}&token=${host.token}`);
      const reader = res.body!.getReader();
      let text = '';
      // Resolves once `needle` has arrived; a stream that closes first fails the test.
      const until = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the event stream closed before "${needle}" arrived`);
          text += new TextDecoder().decode(value);
        }
        return text;
      };
      return { until, text: () => text };
    };
    expect((await fetch(`${host.origin}/api/events?client=${CLIENT}&token=bad`)).status).toBe(401);
    const mine = await open(CLIENT);
    const theirs = await open(other);
    await mine.until(': connected');
    await theirs.until(': connected');
    await call('auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: 'a long passphrase',
    });
    expect(await mine.until('session.changed')).toContain('"username":"admin"');
    engine.emit('ui.language', { language: 'ko' });
    expect(await theirs.until('ui.language')).toContain('"language":"ko"');
    expect(theirs.text()).not.toContain('session.changed');
  });
});
