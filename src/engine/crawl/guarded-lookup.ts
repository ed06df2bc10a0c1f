/**
 * A DNS lookup for node:http(s) agents that refuses disallowed addresses at connect time. Every
 * address in the answer is checked (one private answer among public ones refuses the whole name,
 * which defeats DNS-rebinding tricks that mix them).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal, type AddressPolicy } from './ip-guard';

/** Error code of a connection refused by the address guard. */
export const BLOCKED_CODE = 'EJIUMBLOCKED';

/** An error carrying BLOCKED_CODE and the reason. */
export function blockedError(reason: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(reason);
  e.code = BLOCKED_CODE;
  return e;
}

/** Creates a lookup function that resolves like dns.lookup but fails on a refused address. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      for (const a of addresses) {
        const reason = addressRefusal(a.address, policy);
        if (reason) return callback(blockedError(`${hostname} resolves to a ${reason}`));
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(blockedError(`${hostname} has no address`));
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}
