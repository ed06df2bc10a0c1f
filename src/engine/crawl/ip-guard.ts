/**
 * Address guard: decides whether the crawler may connect to an IP address. Crawled pages are
 * hostile input, so a link or redirect to a private, loopback, link-local, CGNAT or ULA address
 * (SSRF against the counsellor's own network) is refused unless the site explicitly allows it.
 * The check runs at connect time on every resolved address, so DNS answers and literal IPs are
 * treated alike (see guarded-lookup.ts).
 */
import { isIP } from 'node:net';

/** Why an address is not public. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'ula'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

/** IPv4 ranges that are never public internet hosts: [first octets as number, prefix, class]. */
const V4_RANGES: ReadonlyArray<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}

function classifyV4(ip: string): AddressClass {
  const n = v4ToInt(ip);
  for (const [base, prefix, cls] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if ((n & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0) return cls;
  }
  return 'public';
}

/** Expands an IPv6 address to eight 16-bit groups (handles `::` and a dotted IPv4 tail). */
export function expandV6(ip: string): number[] {
  let s = ip.split('%')[0]!.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    const n = v4ToInt(tail[1]!);
    s = s.slice(0, -tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const a = head ? head.split(':') : [];
  const b = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest === undefined ? [] : new Array<string>(8 - a.length - b.length).fill('0');
  return [...a, ...fill, ...b].map((g) => parseInt(g, 16));
}

function classifyV6(ip: string): AddressClass {
  const g = expandV6(ip);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms reach IPv4 hosts: judge the IPv4 part.
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    return classifyV4(v4(g[6]!, g[7]!));
  }
  // NAT64 (64:ff9b::/96) also embeds an IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyV4(v4(g[6]!, g[7]!));
  }
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'ula';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  return 'public';
}

/** Classifies an IP address literal; throws when `ip` is not one. */
export function classifyAddress(ip: string): AddressClass {
  const family = isIP(ip.split('%')[0]!);
  if (family === 4) return classifyV4(ip);
  if (family === 6) return classifyV6(ip);
  throw new Error(`not an IP address: ${ip}`);
}

/**
 * What a site lets the crawler reach beyond the public internet: exact addresses (tests and the
 * demo allow `127.0.0.1`). Nothing else is ever allowed.
 */
export interface AddressPolicy {
  allowAddresses: readonly string[];
}

/** Null when the crawler may connect to `ip`, else the reason it may not. */
export function addressRefusal(ip: string, policy: AddressPolicy): string | null {
  const bare = ip.split('%')[0]!;
  if (policy.allowAddresses.includes(bare)) return null;
  const cls = classifyAddress(bare);
  return cls === 'public' ? null : `${cls} address ${bare} is not allowed`;
}
