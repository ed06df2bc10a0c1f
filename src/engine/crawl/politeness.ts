/**
 * Per-host politeness: the gap between requests (requests per second, robots.txt Crawl-delay up to
 * a cap), concurrency per host, and back-off: Retry-After on 429/503, else exponential with jitter.
 */

/** Longest Crawl-delay honoured; a site asking for more is crawled at this pace. */
export const CRAWL_DELAY_CAP_S = 30;
/** Longest Retry-After honoured. */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;
/** Attempts per URL before it is given up. */
export const MAX_ATTEMPTS = 3;

/** Scheduling state of one host. */
export interface HostState {
  active: number;
  /** When the next task of this host may start (the runner's schedule). */
  nextAt: number;
  /** When the last request to this host left, or is reserved to leave (the gap's true start). */
  sentAt: number;
  intervalMs: number;
}

export function newHostState(requestsPerSecond: number, polite: boolean): HostState {
  return {
    active: 0,
    nextAt: 0,
    sentAt: -Infinity,
    intervalMs: polite ? 1000 / requestsPerSecond : 0,
  };
}

/**
 * Milliseconds a request to this host must wait before it leaves, reserving its moment: at least
 * the host's gap after the previous request's (tasks start on the runner's schedule, but each may
 * then wait for robots.txt, DNS or the event loop, so two could otherwise leave close together).
 */
export function reserveSend(host: HostState, nowMs: number): number {
  if (host.intervalMs <= 0) return 0;
  const at = Math.max(nowMs, host.sentAt + host.intervalMs);
  host.sentAt = at;
  return at - nowMs;
}

/** Applies a robots.txt Crawl-delay (seconds) to a host, capped. */
export function applyCrawlDelay(host: HostState, crawlDelay: number | undefined, polite: boolean) {
  if (!polite || crawlDelay === undefined) return;
  host.intervalMs = Math.max(host.intervalMs, Math.min(crawlDelay, CRAWL_DELAY_CAP_S) * 1000);
}

/** Milliseconds a Retry-After header asks to wait (seconds or an HTTP date), capped, or null. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, RETRY_AFTER_CAP_MS);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.min(Math.max(0, t - nowMs), RETRY_AFTER_CAP_MS);
}

/** Exponential back-off with full jitter around the base: attempt 1 → 0.5–1.5 s, 2 → 1–3 s, … */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random()));
}
