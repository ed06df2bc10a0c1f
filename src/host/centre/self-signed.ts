/**
 * A self-signed TLS certificate for the centre server's first start: an ECDSA P-256 key from
 * node:crypto and an X.509 v3 certificate written in DER by hand. Node can make keys and sign but
 * not build certificates, and one fixed certificate shape does not justify a dependency tree
 * (decision 0110); tests check the result with OpenSSL's parser (X509Certificate) and a real TLS
 * handshake.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { isIP } from 'node:net';

const tag =
  (t: number) =>
  (...parts: Buffer[]): Buffer => {
    const body = Buffer.concat(parts);
    return Buffer.concat([Buffer.from([t]), length(body.length), body]);
  };

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const seq = tag(0x30);
const set = tag(0x31);
const octets = tag(0x04);
const explicit = (n: number) => tag(0xa0 + n);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return tag(0x06)(Buffer.from(out));
}

function integer(bytes: Buffer): Buffer {
  // DER: minimal, positive. Redundant leading zeros go (a random serial may start with 0x00,
  // which OpenSSL refuses as "illegal padding"); a leading 0x00 stays when the top bit is set.
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && !(bytes[start + 1]! & 0x80)) start++;
  const v = bytes.subarray(start);
  return tag(0x02)(v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function bitString(bytes: Buffer): Buffer {
  return tag(0x03)(Buffer.from([0]), bytes);
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050
    ? tag(0x17)(Buffer.from(iso.slice(2), 'ascii'))
    : tag(0x18)(Buffer.from(iso, 'ascii'));
}

function name(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tag(0x0c)(Buffer.from(commonName, 'utf8')))));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write eight 16-bit groups.
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tag(0x01)(Buffer.from([0xff]))] : []), octets(value));
}

export interface SelfSignedOptions {
  /** Host names and IP addresses the desks will use to reach the server. */
  names: string[];
  /** Validity in days (default 397: within what browsers accept for a server certificate). */
  days?: number;
  /** Reuse a key (a renewal keeps the key, so desks that pinned it keep connecting). */
  key?: KeyObject;
  now?: Date;
}

export interface SelfSigned {
  certPem: string;
  keyPem: string;
}

/** Makes a self-signed server certificate for `names` (the first is the common name). */
export function createSelfSigned(options: SelfSignedOptions): SelfSigned {
  if (options.names.length === 0) throw new Error('A certificate needs at least one name.');
  const privateKey =
    options.key ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  if (privateKey.asymmetricKeyType !== 'ec')
    throw new Error('The centre certificate key must be an EC P-256 key.');
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // an hour of clock skew
  const notAfter = new Date(now.getTime() + (options.days ?? 397) * 86_400_000);
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const altNames = seq(
    ...options.names.map((n) =>
      isIP(n) ? tag(0x87)(ipBytes(n)) : tag(0x82)(Buffer.from(n.toLowerCase(), 'ascii')),
    ),
  );
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0)(integer(Buffer.from([2]))),
    integer(serial),
    ecdsaSha256,
    name(options.names[0]!),
    seq(time(notBefore), time(notAfter)),
    name(options.names[0]!),
    spki,
    explicit(3)(
      seq(
        extension('2.5.29.19', true, seq()), // basicConstraints: not a CA
        extension('2.5.29.15', true, bitString(Buffer.from([0x80]))), // keyUsage: digitalSignature
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.17', false, altNames),
      ),
    ),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, ecdsaSha256, bitString(signature));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${b64.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
