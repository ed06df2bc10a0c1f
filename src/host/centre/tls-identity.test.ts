import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { createSelfSigned } from './self-signed';
import { parseFingerprint, selfSignedIdentity, spkiDigest } from './tls-identity';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('the self-signed centre certificate', () => {
  it('is a valid X.509 v3 server certificate for its names, signed by its own key', () => {
    const { certPem, keyPem } = createSelfSigned({
      names: ['jium.centre.lan', '127.0.0.1', '::1'],
      now: new Date('2026-12-07T00:00:00Z'),
    });
    const x = new X509Certificate(certPem);
    expect(x.subject).toBe('CN=jium.centre.lan');
    expect(x.subjectAltName).toBe(
      'DNS:jium.centre.lan, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(x.ca).toBe(false);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(new Date(x.validTo).toISOString()).toBe('2028-01-08T00:00:00.000Z');
    // OpenSSL's own reader agrees (the DER is hand-written: check it with a second parser).
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], {
      input: certPem,
    }).toString();
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toContain('CA:FALSE');
  });

  it('is read by X.509 parsers whatever its random serial number (DER integers kept minimal)', () => {
    // A serial whose first random byte was 0 was written with a redundant leading zero, which
    // OpenSSL refuses ("illegal padding") — about one certificate in 256 (a CI run hit it).
    for (let i = 0; i < 600; i++) {
      const { certPem } = createSelfSigned({ names: ['127.0.0.1'] });
      expect(() => new X509Certificate(certPem)).not.toThrow();
    }
  });

  it('serves a real TLS handshake that a client pinning its key accepts and a wrong pin refuses', async () => {
    const id = selfSignedIdentity(join(dir, 'tls'), ['127.0.0.1']);
    const server = createServer({ cert: id.cert, key: id.key }, (s) => s.end('hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const pinned = (pin: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const socket: TLSSocket = connect({
          host: '127.0.0.1',
          port,
          rejectUnauthorized: false, // self-signed: trust comes from the pin, checked below
        });
        socket.once('secureConnect', () => {
          const peer = socket.getPeerX509Certificate()!;
          if (!spkiDigest(peer.raw).equals(pin)) {
            socket.destroy();
            return reject(new Error('pin mismatch'));
          }
          let data = '';
          socket.on('data', (d: Buffer) => (data += d.toString()));
          socket.on('end', () => resolve(data));
        });
        socket.once('error', reject);
      });
    try {
      expect(await pinned(parseFingerprint(id.fingerprint)!)).toBe('hello');
      await expect(pinned(Buffer.alloc(32, 1))).rejects.toThrow('pin mismatch');
    } finally {
      server.close();
    }
  });

  it('is made once with an owner-only key, kept, and renewed with the same key near expiry', () => {
    const tls = join(dir, 'tls');
    const made = selfSignedIdentity(tls, ['127.0.0.1'], new Date('2026-01-01T00:00:00Z'));
    expect(made.source).toBe('created');
    expect(statSync(join(tls, 'server-key.pem')).mode & 0o777).toBe(0o600);
    const kept = selfSignedIdentity(tls, ['127.0.0.1'], new Date('2026-06-01T00:00:00Z'));
    expect(kept.source).toBe('kept');
    expect(kept.cert).toBe(made.cert);
    const renewed = selfSignedIdentity(tls, ['127.0.0.1'], new Date('2027-01-10T00:00:00Z'));
    expect(renewed.source).toBe('renewed');
    expect(renewed.cert).not.toBe(made.cert);
    expect(renewed.fingerprint).toBe(made.fingerprint); // desks' pins still hold
    expect(readFileSync(join(tls, 'server-cert.pem'), 'utf8')).toBe(renewed.cert);
  });

  it('refuses a centre certificate whose key is another one', () => {
    const a = createSelfSigned({ names: ['a.lan'] });
    const b = createSelfSigned({ names: ['a.lan'] });
    const tls = join(dir, 'mixed');
    selfSignedIdentity(tls, ['a.lan']);
    writeFileSync(join(tls, 'server-cert.pem'), a.certPem);
    writeFileSync(join(tls, 'server-key.pem'), b.keyPem);
    expect(() => selfSignedIdentity(tls, ['a.lan'])).toThrow('do not belong together');
  });

  it('reads fingerprints as people paste them', () => {
    const hex = 'ab'.repeat(32);
    expect(parseFingerprint(hex)!.toString('hex')).toBe(hex);
    expect(parseFingerprint(hex.toUpperCase().match(/../g)!.join(':'))!.toString('hex')).toBe(hex);
    expect(parseFingerprint(Buffer.from(hex, 'hex').toString('base64'))!.toString('hex')).toBe(hex);
    expect(parseFingerprint('not a fingerprint')).toBeNull();
    expect(parseFingerprint('ab'.repeat(31))).toBeNull();
  });
});
