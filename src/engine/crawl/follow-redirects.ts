/**
 * Follows redirects one hop at a time, re-checking every hop before it is requested: the host must
 * be one the site allows, robots.txt must allow the path, and (inside the fetcher) the address
 * must be allowed. The chain is kept for the evidence record.
 */
import { FetchError, type Fetcher, type FetchResponse } from './fetcher';
import { normaliseUrl } from './url-rules';

/** One request of a redirect chain. */
export interface Hop {
  url: string;
  status: number;
  remoteAddress: string;
  location?: string;
}

/** Why a URL may not be requested, or null when it may. */
export type HopCheck = (url: URL) => Promise<{ code: string; reason: string } | null>;

/** A URL refused before it was requested (scope, robots) or a chain that went on too long. */
export class RefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly chain: Hop[],
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** The final response and every hop that led to it (the last hop is the response itself). */
export interface FollowedResponse {
  response: FetchResponse;
  chain: Hop[];
}

/** Fetches `start`, following at most `maxRedirects` redirects, each checked by `check`. */
export async function fetchFollowing(
  fetcher: Fetcher,
  start: URL,
  options: {
    check: HopCheck;
    maxRedirects: number;
    headers?: (url: URL) => Record<string, string>;
    /** How each hop is requested (default `fetcher.fetch`; videos stream theirs to a file). */
    send?: (url: URL, headers: Record<string, string>) => Promise<FetchResponse>;
  },
): Promise<FollowedResponse> {
  const chain: Hop[] = [];
  let url = start;
  for (let hop = 0; ; hop++) {
    const refusal = await options.check(url);
    if (refusal) throw new RefusedError(refusal.code, `${refusal.reason}: ${url.href}`, chain);
    let res: FetchResponse;
    try {
      const headers = options.headers?.(url) ?? {};
      res = await (options.send ? options.send(url, headers) : fetcher.fetch(url, headers));
    } catch (e) {
      if (e instanceof FetchError) Object.assign(e, { chain });
      throw e;
    }
    const location = res.headers['location'];
    const isRedirect = [301, 302, 303, 307, 308].includes(res.status) && location !== undefined;
    chain.push({
      url: url.href,
      status: res.status,
      remoteAddress: res.remoteAddress,
      ...(isRedirect ? { location } : {}),
    });
    if (!isRedirect) return { response: res, chain };
    if (hop >= options.maxRedirects) {
      throw new RefusedError(
        'too-many-redirects',
        `more than ${options.maxRedirects} redirects`,
        chain,
      );
    }
    const next = normaliseUrl(location, url);
    if (!next) throw new RefusedError('bad-redirect', `redirect to an unfetchable URL`, chain);
    url = next;
  }
}
