/**
 * A desk's link to its centre server, below the window: reading the address a person types,
 * checking the server's certificate against the fingerprint the centre printed (pinning: a server
 * with another key is refused, whatever any authority says), and remembering both for the next
 * start. The desktop app asks on first start whether to open a case file on this computer or to
 * connect to the centre, and then loads the centre's address with this pin enforced; a browser on
 * the centre's network does the same with the fingerprint compared by the person.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { dirname } from 'node:path';
import { formatFingerprint, parseFingerprint, spkiDigest } from './tls-identity';

/** Where this desk works: a case file here, or a centre server (its origin and pinned key). */
export type DeskChoice =
  { kind: 'local' } | { kind: 'centre'; origin: string; fingerprint: string };

export type AddressProblem = 'empty' | 'not-https' | 'has-path' | 'bad-address';

/**
 * The centre's origin from what a person typed: "jium.centre.lan:8443", "192.168.0.10:8443" or
 * "https://jium.centre.lan:8443/". Never plain HTTP, and no path, query or credentials.
 */
export function parseCentreAddress(text: string): { origin: string } | { problem: AddressProblem } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'empty' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !/^https:\/\//i.test(trimmed))
    return { problem: 'not-https' };
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { problem: 'bad-address' };
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== '/' && url.pathname !== '')
  )
    return { problem: 'has-path' };
  return { origin: url.origin };
}

export type ProbeResult =
  | { ok: true; fingerprint: string }
  | { ok: false; problem: 'wrong-certificate'; seen: string }
  | { ok: false; problem: 'unreachable'; detail: string };

/**
 * Connects to the centre and compares its certificate's key with the pin. The certificate is
 * self-signed or the centre's own: trust comes from the pin, so chain validation is not asked.
 */
export function probeCentre(origin: string, pin: string, timeoutMs = 10_000): Promise<ProbeResult> {
  const expected = parseFingerprint(pin);
  const url = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (r: ProbeResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.once('secureConnect', () => {
      const seen = spkiDigest(socket.getPeerX509Certificate()!.raw);
      done(
        expected && seen.equals(expected)
          ? { ok: true, fingerprint: formatFingerprint(seen) }
          : { ok: false, problem: 'wrong-certificate', seen: formatFingerprint(seen) },
      );
    });
    socket.once('timeout', () => done({ ok: false, problem: 'unreachable', detail: 'timed out' }));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ ok: false, problem: 'unreachable', detail: e.code ?? e.message }),
    );
  });
}

/** True when a certificate (DER) presented by the centre carries the pinned key. */
export function matchesPin(certificateDer: Buffer, pin: string): boolean {
  const expected = parseFingerprint(pin);
  return expected !== null && spkiDigest(certificateDer).equals(expected);
}

/** The remembered choice (a JSON file in the desk's settings folder), or null on first start. */
export function loadDeskChoice(file: string): DeskChoice | null {
  if (!existsSync(file)) return null;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<DeskChoice> &
      Record<string, unknown>;
    if (v.kind === 'local') return { kind: 'local' };
    if (v.kind === 'centre' && typeof v.origin === 'string' && typeof v.fingerprint === 'string') {
      const address = parseCentreAddress(v.origin);
      if ('origin' in address && parseFingerprint(v.fingerprint))
        return { kind: 'centre', origin: address.origin, fingerprint: v.fingerprint };
    }
  } catch {
    // A damaged file is asked again, as on first start.
  }
  return null;
}

/** Remembers the choice; written whole to a temporary file and renamed, so it is never half there. */
export function saveDeskChoice(file: string, choice: DeskChoice): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(choice, null, 2) + '\n', { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
