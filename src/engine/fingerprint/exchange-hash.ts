/**
 * The PDQ hash Jium exchanges with other hotlines and platforms: the one python-threatexchange
 * (and so Hasher-Matcher-Actioner) computes for the same file, to the bit — full resolution, alpha
 * dropped, stored orientation, no colour-profile transform (decision 0015). The matcher's own
 * hashes come from a smaller working image; this one is for hash-list exports and `jium
 * fingerprint`.
 */
import { DEFAULT_LIMITS, decodeExchangePixels } from './decode';
import type { DecodeLimits } from './decode';
import { bytesToHex } from './hash-bits';
import { pdqFromPixels } from './pdq';

/** An exchange PDQ hash with its quality (0..100). */
export interface ExchangePdq {
  hash: Uint8Array;
  hex: string;
  quality: number;
}

/** Decodes `bytes` as the exchange tools do and hashes them; throws a FingerprintError. */
export async function exchangePdq(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Promise<ExchangePdq> {
  const px = await decodeExchangePixels(bytes, limits);
  const r = pdqFromPixels(px.data, px.width, px.height, px.channels);
  return { hash: r.hash, hex: bytesToHex(r.hash), quality: r.quality };
}
