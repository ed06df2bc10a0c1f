/**
 * URL normalisation (so one page is one frontier row) and the trap limits that keep the crawler
 * out of endless spaces: long URLs, repeated path segments, deep paths and query-string
 * explosions such as calendars that link to the next month forever.
 */

/** Query parameters that only track the visitor and never change the content. */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_ga)$/i;

/**
 * Resolves `raw` against `base` and normalises it: http(s) only, fragment dropped, scheme and host
 * lower-cased, default port removed (WHATWG URL does both), tracking parameters removed and the
 * rest sorted. Returns null for anything that is not a fetchable http(s) URL.
 */
export function normaliseUrl(raw: string, base?: string | URL): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null; // credentials in links are never followed
  url.hash = '';
  // `a//b` and `a/b` are one page on nearly every server, and the empty segments of a relative
  // link trap (`x/` from `/x`, over and over) would otherwise look new each time.
  if (url.pathname.includes('//')) url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  const params = [...url.searchParams].filter(([k]) => !TRACKING.test(k));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = params.length ? new URLSearchParams(params).toString() : '';
  return url;
}

/** Trap limits of a crawl. */
export interface TrapLimits {
  maxUrlLength: number;
  /** A path segment repeated more than this many times (`/a/b/a/b/a/b/…`) is a trap. */
  maxSegmentRepeats: number;
  maxPathSegments: number;
  maxQueryParams: number;
  /** Distinct query strings on one path (`/calendar?month=…`) before the path counts as a trap. */
  maxQueryVariantsPerPath: number;
}

export const DEFAULT_TRAP_LIMITS: TrapLimits = {
  maxUrlLength: 2048,
  maxSegmentRepeats: 3,
  maxPathSegments: 24,
  maxQueryParams: 12,
  maxQueryVariantsPerPath: 40,
};

/** The reason a URL looks like a trap on its own, or null. (Query variants need the frontier.) */
export function trapReason(url: URL, limits: TrapLimits = DEFAULT_TRAP_LIMITS): string | null {
  if (url.href.length > limits.maxUrlLength) return `URL longer than ${limits.maxUrlLength}`;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length > limits.maxPathSegments)
    return `more than ${limits.maxPathSegments} path segments`;
  const counts = new Map<string, number>();
  for (const s of segments) {
    const n = (counts.get(s) ?? 0) + 1;
    if (n > limits.maxSegmentRepeats) return `path segment "${s.slice(0, 40)}" repeated ${n} times`;
    counts.set(s, n);
  }
  if ([...url.searchParams.keys()].length > limits.maxQueryParams) {
    return `more than ${limits.maxQueryParams} query parameters`;
  }
  return null;
}

/** The URL without its query, the unit that query-string explosions are counted on. */
export function pathKey(url: URL): string {
  return url.origin + url.pathname;
}

/**
 * Matches a path (with query) against a site's path patterns: `*` is any run of characters and a
 * trailing `$` anchors the end, as in robots.txt; otherwise a pattern is a prefix.
 */
export function pathMatches(pattern: string, pathAndQuery: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp('^' + body + (anchored ? '$' : '')).test(pathAndQuery);
}
