/**
 * A desk of the centre server as the benches drive it (decision 0110): its own keep-alive TLS
 * connections trusting the server only by its pinned key, the desk cookie the app page issues and
 * the CSRF token that page carries, and contract calls on /api/call/. centre-desks and
 * centre-workers use it.
 */
import { readFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { Engine } from '../src/engine/core/engine';
import { passphraseProvider } from '../src/engine/crypto/master-key';
import { formatFingerprint, spkiDigest } from '../src/host/centre/tls-identity';

export class DeskClient {
  private readonly agent: Agent;
  private cookie = '';
  private csrf = '';

  /** `certificate`: the server's PEM (see {@link centreCertificate}). */
  constructor(
    private readonly origin: string,
    private readonly pin: string,
    certificate: string,
  ) {
    this.agent = new Agent({
      keepAlive: true,
      // Trusted because its key is the pinned one, checked on every new connection (decision 0110).
      ca: certificate,
      checkServerIdentity: (_host: string, cert: PeerCertificate) =>
        formatFingerprint(spkiDigest(cert.raw)) === this.pin
          ? undefined
          : new Error('The server does not hold the pinned key.'),
    });
  }

  protected options(path: string, method: string): RequestOptions {
    const u = new URL(path, this.origin);
    return {
      hostname: u.hostname,
      port: u.port,
      path: u.pathname,
      method,
      agent: this.agent,
      headers: { Cookie: this.cookie, 'X-Jium-Csrf': this.csrf },
    };
  }

  /** Opens the app page: the server issues the desk cookie and the page carries its CSRF token. */
  async open(): Promise<void> {
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: string }>(
      (resolve, reject) => {
        const req = request(this.options('/', 'GET'), (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ headers: res.headers, body: text }));
        });
        req.on('error', reject);
        req.end();
      },
    );
    this.cookie = String((headers['set-cookie'] as string[])[0]!.split(';')[0]);
    this.csrf = /<meta name="jium-csrf" content="([^"]+)">/.exec(body)![1]!;
  }

  call<T>(method: string, input: unknown): Promise<T> {
    const data = JSON.stringify(input);
    return new Promise<T>((resolve, reject) => {
      const opts = this.options(`/api/call/${method}`, 'POST');
      opts.headers = {
        ...opts.headers,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(data),
      };
      const req = request(opts, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const body = JSON.parse(text) as { ok: boolean; value?: T; error?: unknown };
          if (body.ok) resolve(body.value as T);
          else reject(new Error(`${method}: ${JSON.stringify(body.error)}`));
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** The self-signed certificate `jium serve --listen` made for `caseFile` (CASE-FILE.tls/). */
export function centreCertificate(caseFile: string): string {
  return readFileSync(join(`${caseFile}.tls`, 'server-cert.pem'), 'utf8');
}

/** A case file made through the contract, still open for the bench to add to. */
export interface CentreCaseFile {
  engine: Engine;
  /** Calls the contract as `caller` (signed in by then) and returns the value, or throws. */
  ok<T>(caller: string, method: string, input: unknown): Promise<T>;
  caseId: number;
  referenceImageId: number;
}

/**
 * A new case file as a centre starts one, through the contract: the admin's account, a counsellor
 * (signed in) and her case, consented to web searches, with `reference` registered as its image.
 * Every account's password is `password`; the master key is `passphrase`'s.
 */
export async function newCentreCaseFile(
  caseFile: string,
  o: { passphrase: string; password: string; reference: Buffer },
): Promise<CentreCaseFile> {
  const engine = new Engine({
    caseFilePath: caseFile,
    host: 'headless',
    version: 'bench',
    masterKey: passphraseProvider(o.passphrase),
  });
  await engine.unlockKeys();
  const ok = async <T>(caller: string, method: string, input: unknown): Promise<T> => {
    const r = (await engine.call(caller, method, input)) as { ok: boolean; value?: T };
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r)}`);
    return r.value as T;
  };
  const password = o.password;
  await ok('admin', 'auth.setup', { username: 'admin', displayName: 'Admin', password });
  await ok('admin', 'accounts.create', {
    username: 'counsellor',
    displayName: 'counsellor',
    role: 'counsellor',
    password,
  });
  await ok('counsellor', 'auth.signIn', { username: 'counsellor', password });
  const c = await ok<{ id: number }>('counsellor', 'cases.create', {
    identity: { name: 'Bench', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  const added = await ok<{ image: { id: number } }>('counsellor', 'images.add', {
    caseId: c.id,
    fileName: 'ref.png',
    data: o.reference.toString('base64'),
  });
  return { engine, ok, caseId: c.id, referenceImageId: added.image.id };
}
