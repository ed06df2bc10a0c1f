/**
 * A crawl worker's link to its centre server (issue 16 item 3, decision 0111): every call goes
 * over a TLS connection whose certificate key is checked against the pin BEFORE a byte of the
 * request (code or credential) is written, exactly as desks pin (desk-link.ts). The worker's
 * credential is kept in a 0600 file after its one enrolment.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import type { MethodInput, MethodName, MethodResult } from '../../shared/contract';
import { ApiError, type Envelope } from '../../shared/errors';
import { formatFingerprint, parseFingerprint, spkiDigest } from './tls-identity';

/** What a worker keeps between runs. */
export interface WorkerCredentialFile {
  server: string;
  pin: string;
  workerId: number;
  label: string;
  credential: string;
}

/** Opens a TLS connection and resolves once the server's key matches the pin (else rejects). */
function pinnedSocket(origin: URL, pin: string, timeoutMs: number): Promise<TLSSocket> {
  const expected = parseFingerprint(pin);
  if (!expected) return Promise.reject(new Error(`Not a SHA-256 key fingerprint: ${pin}`));
  return new Promise((resolve, reject) => {
    const host = origin.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(origin.port || 443),
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      // Trust comes from the pin: the certificate is self-signed or the centre's own.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const seen = spkiDigest(socket.getPeerX509Certificate()!.raw);
      if (seen.equals(expected)) return resolve(socket.setTimeout(0));
      socket.destroy();
      reject(
        new Error(
          `The server at ${origin.host} has another certificate key (${formatFingerprint(seen)}) than the pinned one: refused.`,
        ),
      );
    });
    socket.once('timeout', () => socket.destroy(new Error(`${origin.host} did not answer.`)));
    socket.once('error', reject);
  });
}

/** One contract call on the centre's worker route; throws ApiError on an error envelope. */
export async function workerCall<M extends MethodName>(
  server: string,
  pin: string,
  credential: string | null,
  method: M,
  input: MethodInput<M>,
  timeoutMs = 30_000,
): Promise<MethodResult<M>> {
  const origin = new URL(server);
  const socket = await pinnedSocket(origin, pin, timeoutMs);
  const body = JSON.stringify(input);
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: origin.host,
        path: `/api/worker/call/${method}`,
        method: 'POST',
        createConnection: () => socket,
        headers: {
          Host: origin.host,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...(credential ? { Authorization: `Bearer ${credential}` } : {}),
        },
      },
      (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (out += d));
        res.on('end', () => resolve(out));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  const envelope = JSON.parse(text) as Envelope<MethodResult<M>>;
  if (!envelope.ok) {
    const e = envelope.error;
    throw new ApiError(e.code, e.message, e.issues, e.reason);
  }
  return envelope.value;
}

/** Enrols with a one-time code and keeps the credential in `file` (0600). */
export async function enrolWorker(
  file: string,
  server: string,
  pin: string,
  code: string,
): Promise<WorkerCredentialFile> {
  const origin = new URL(server).origin;
  const enrolment = await workerCall(origin, pin, null, 'workers.enrol', { code });
  const saved: WorkerCredentialFile = {
    server: origin,
    pin,
    workerId: enrolment.workerId,
    label: enrolment.label,
    credential: enrolment.credential,
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600); // whatever the umask did
  renameSync(`${file}.tmp`, file);
  return saved;
}

/** The kept credential, or null when the worker has not enrolled (or the file is damaged). */
export function loadWorkerCredential(file: string): WorkerCredentialFile | null {
  if (!existsSync(file)) return null;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<WorkerCredentialFile>;
    if (
      typeof v.server === 'string' &&
      typeof v.pin === 'string' &&
      typeof v.credential === 'string' &&
      typeof v.workerId === 'number'
    )
      return { label: '', ...v } as WorkerCredentialFile;
  } catch {
    // damaged: enrol again
  }
  return null;
}

/** A signed-in worker: calls the centre as its enrolment. */
export class WorkerLink {
  constructor(readonly saved: WorkerCredentialFile) {}

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    const { server, pin, credential } = this.saved;
    return workerCall(server, pin, credential, method, input);
  }

  /** Signs in (again after a server restart: sessions live in its memory). */
  async signIn(): Promise<void> {
    await this.call('workers.signIn', { credential: this.saved.credential });
  }
}
