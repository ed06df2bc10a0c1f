/**
 * The centre server's TLS identity: the centre's own certificate and key, or a self-signed one made
 * on first start and kept beside the case file (key readable by its owner only). Desks pin the
 * SHA-256 of the certificate's public key (SPKI), which a renewal keeps: the same key signs the
 * renewed certificate.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSelfSigned } from './self-signed';

export interface TlsIdentity {
  cert: string;
  key: string;
  /** SHA-256 of the public key (SubjectPublicKeyInfo), upper-case hex pairs joined by ':'. */
  fingerprint: string;
  /** The same digest in base64, the form Chromium's --ignore-certificate-errors-spki-list takes. */
  spkiBase64: string;
  /** SHA-256 of the whole certificate (what Firefox shows); changes with every renewal. */
  certificateFingerprint: string;
  /** Where it came from, for the start-up message. */
  source: 'centre' | 'created' | 'kept' | 'renewed';
  notAfter: Date;
}

/** Renew a self-signed certificate this long before it expires. */
const RENEW_BEFORE_MS = 30 * 86_400_000;

/** The pinned digest of a certificate (PEM or DER): SHA-256 over its SubjectPublicKeyInfo. */
export function spkiDigest(cert: string | Buffer): Buffer {
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest();
}

/** "AB:CD:…" for people to compare. */
export function formatFingerprint(digest: Buffer): string {
  return digest.toString('hex').toUpperCase().match(/../g)!.join(':');
}

/** Accepts "AB:CD:…", "abcd…" or base64; returns the 32 bytes, or null when it is none of these. */
export function parseFingerprint(text: string): Buffer | null {
  const hex = text.trim().replace(/[:\s]/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  const b64 = Buffer.from(text.trim(), 'base64');
  return b64.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(text.trim()) ? b64 : null;
}

function identity(cert: string, key: string, source: TlsIdentity['source']): TlsIdentity {
  const x509 = new X509Certificate(cert);
  if (!x509.checkPrivateKey(createPrivateKey(key)))
    throw new Error('The certificate and the key do not belong together.');
  const digest = spkiDigest(cert);
  return {
    cert,
    key,
    fingerprint: formatFingerprint(digest),
    spkiBase64: digest.toString('base64'),
    certificateFingerprint: x509.fingerprint256,
    source,
    notAfter: new Date(x509.validTo),
  };
}

/** The centre's own certificate chain and key (PEM files). */
export function loadCentreIdentity(certPath: string, keyPath: string): TlsIdentity {
  return identity(readFileSync(certPath, 'utf8'), readFileSync(keyPath, 'utf8'), 'centre');
}

/**
 * The self-signed identity kept in `dir` (made on first start; renewed with the same key when it
 * is within 30 days of expiry or does not name one of `names`).
 */
export function selfSignedIdentity(dir: string, names: string[], now = new Date()): TlsIdentity {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'server-cert.pem');
  const keyPath = join(dir, 'server-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    const x509 = new X509Certificate(cert);
    const fresh = new Date(x509.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
    const covers = names.every(
      (n) => x509.checkHost(n) !== undefined || x509.checkIP(n) !== undefined,
    );
    if (fresh && covers) return identity(cert, key, 'kept');
    const renewed = createSelfSigned({ names, key: createPrivateKey(key), now });
    writeFileSync(certPath, renewed.certPem);
    return identity(renewed.certPem, key, 'renewed');
  }
  const made = createSelfSigned({ names, now });
  writeFileSync(keyPath, made.keyPem, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, made.certPem);
  return identity(made.certPem, made.keyPem, 'created');
}
