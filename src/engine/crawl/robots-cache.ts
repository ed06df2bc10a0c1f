/**
 * robots.txt per origin, fetched once per crawl through the same guarded fetcher as everything
 * else (so robots.txt itself cannot be used to reach a private address), following up to five
 * redirects as RFC 9309 2.3.1.2 asks.
 */
import { FetchError, type Fetcher } from './fetcher';
import { DISALLOW_ALL, ROBOTS_MAX_BYTES, robotsFromResponse, type RobotsPolicy } from './robots';

const MAX_ROBOTS_REDIRECTS = 5;

/** Caches robots policies per origin for one crawl run. */
export class RobotsCache {
  private readonly cache = new Map<string, Promise<RobotsPolicy>>();
  private readonly failures = new Map<string, FetchError>();

  constructor(
    private readonly fetcher: Fetcher,
    private readonly userAgent: string,
  ) {}

  /** The policy for a URL's origin. Never rejects: an unreachable robots.txt disallows all. */
  policyFor(url: URL): Promise<RobotsPolicy> {
    let p = this.cache.get(url.origin);
    if (!p) {
      p = this.load(new URL('/robots.txt', url.origin));
      this.cache.set(url.origin, p);
    }
    return p;
  }

  /**
   * Why robots.txt of this URL's origin could not be fetched, if it could not: a refused address
   * is reported as such rather than as a robots.txt disallow.
   */
  failureFor(url: URL): FetchError | undefined {
    return this.failures.get(url.origin);
  }

  private async load(start: URL): Promise<RobotsPolicy> {
    let url = start;
    try {
      for (let hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
        const res = await this.fetcher.fetch(url);
        const location = res.headers['location'];
        if (res.status >= 300 && res.status < 400 && location) {
          url = new URL(location, url);
          continue;
        }
        const text = res.body.subarray(0, ROBOTS_MAX_BYTES).toString('utf8');
        return robotsFromResponse(res.status, text, this.userAgent);
      }
      return DISALLOW_ALL; // too many redirects counts as unreachable
    } catch (e) {
      if (e instanceof FetchError) this.failures.set(start.origin, e);
      return DISALLOW_ALL;
    }
  }
}
