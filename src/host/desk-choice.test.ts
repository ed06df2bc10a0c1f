import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { loadDeskChoice } from './centre/desk-link';
import { selfSignedIdentity, type TlsIdentity } from './centre/tls-identity';
import { answerDesk } from './desk-choice';

let dir: string;
let cleanup: () => void;
let id: TlsIdentity;
let other: TlsIdentity;
let address: string;
let close: () => void;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  id = selfSignedIdentity(join(dir, 'a'), ['127.0.0.1']);
  other = selfSignedIdentity(join(dir, 'b'), ['127.0.0.1']);
  const server = createTlsServer({ cert: id.cert, key: id.key }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  close = () => server.close();
});
afterEach(() => {
  close();
  cleanup();
});

describe("the desk-choice page's questions, answered below the window", () => {
  it('remembers a centre only after its server proved the pinned key, as the server gave it', async () => {
    const file = join(dir, 'desk.json');
    const typed = id.fingerprint.toLowerCase().replace(/:/g, '');
    expect(await answerDesk(file, { kind: 'probe', address, fingerprint: typed })).toEqual({
      ok: true,
      origin: `https://${address}`,
      fingerprint: id.fingerprint,
    });
    expect(existsSync(file)).toBe(false); // a probe remembers nothing
    expect(
      await answerDesk(file, { kind: 'choose-centre', address, fingerprint: typed }),
    ).toMatchObject({
      ok: true,
    });
    expect(loadDeskChoice(file)).toEqual({
      kind: 'centre',
      origin: `https://${address}`,
      fingerprint: id.fingerprint,
    });
  });

  it('refuses a server with another key, saying which key it showed, and remembers nothing', async () => {
    const file = join(dir, 'desk.json');
    expect(
      await answerDesk(file, { kind: 'choose-centre', address, fingerprint: other.fingerprint }),
    ).toEqual({ ok: false, problem: 'wrong-certificate', seen: id.fingerprint });
    expect(existsSync(file)).toBe(false);
  });

  it('names what is wrong with what was typed, before connecting anywhere', async () => {
    const file = join(dir, 'desk.json');
    const ask = (a: string, f = id.fingerprint) =>
      answerDesk(file, { kind: 'probe', address: a, fingerprint: f });
    expect(await ask('http://127.0.0.1:1')).toEqual({ ok: false, problem: 'not-https' });
    expect(await ask('')).toEqual({ ok: false, problem: 'empty' });
    expect(await ask(`${address}/cases`)).toEqual({ ok: false, problem: 'has-path' });
    expect(await ask(address, 'AB:CD')).toEqual({ ok: false, problem: 'bad-fingerprint' });
    expect(await answerDesk(file, { kind: 'probe', address })).toEqual({
      ok: false,
      problem: 'bad-request',
    });
    expect(await answerDesk(file, 'choose-local')).toEqual({ ok: false, problem: 'bad-request' });
  });

  it('says a server that does not answer is unreachable', async () => {
    // A port that accepts nothing: bound, then closed.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const answer = await answerDesk(join(dir, 'desk.json'), {
      kind: 'probe',
      address: `127.0.0.1:${port}`,
      fingerprint: id.fingerprint,
    });
    expect(answer).toMatchObject({ ok: false, problem: 'unreachable', detail: 'ECONNREFUSED' });
  });

  it('remembers "this computer" as the choice', async () => {
    const file = join(dir, 'desk.json');
    expect(await answerDesk(file, { kind: 'choose-local' })).toEqual({ ok: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ kind: 'local' });
  });
});
