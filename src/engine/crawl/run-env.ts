/**
 * The environment one crawl run's tasks share (CrawlEnv), built from its options: the guarded
 * fetcher with the site's headers and limits, robots.txt, the configured hosts, the frontier and
 * run store, and the two politeness hooks that need the runner's hosts — the hop check (scope,
 * robots, Crawl-delay) and the pace between a video's segments.
 */
import { DEFAULT_LIMITS } from '../fingerprint';
import type { CrawlEnv } from './crawl-env';
import { NO_EVIDENCE_STORE } from './evidence';
import { Fetcher } from './fetcher';
import { Frontier } from './frontier';
import { applyCrawlDelay, reserveSend, type HostState } from './politeness';
import { RobotsCache } from './robots-cache';
import type { RunnerOptions } from './runner-options';
import { RunStore } from './run-store';
import { DEFAULT_TRAP_LIMITS } from './url-rules';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The run's env; `host` gives the scheduling state of a host (created on first use). */
export function createRunEnv(
  o: RunnerOptions,
  polite: boolean,
  host: (host: string) => HostState,
): CrawlEnv {
  const c = o.config;
  const fetcher = new Fetcher({
    policy: { allowAddresses: c.allowAddresses },
    userAgent: c.userAgent,
    headers: { ...c.headers, ...(c.cookies ? { cookie: c.cookies } : {}) },
    limits: {
      maxBytes: Math.round(c.maxResponseMiB * 1024 * 1024),
      headerTimeoutMs: Math.min(10_000, c.timeoutSeconds * 1000),
      bodyTimeoutMs: c.timeoutSeconds * 1000,
      ...o.fetchLimits,
    },
    maxSocketsPerHost: c.concurrencyPerHost,
    // The host's gap counted from when the previous request left (politeness.ts reserveSend).
    beforeSend: async (url) => {
      const wait = reserveSend(host(url.host), Date.now());
      if (wait > 0) await sleep(wait);
    },
  });
  const robots = new RobotsCache(fetcher, c.userAgent);
  const allowed = c.allowedHosts.length
    ? c.allowedHosts
    : c.startUrls.map((u) => new URL(u).hostname);
  const allowedHosts = new Set(allowed.map((h) => h.toLowerCase()));
  return {
    config: c,
    allowedHosts,
    fetcher,
    robots,
    frontier: new Frontier(o.db, o.runId),
    store: new RunStore(o.db, o.runId, o.siteId),
    references: o.references,
    evidence: o.evidence ?? NO_EVIDENCE_STORE,
    renderer: o.renderer ?? null,
    trapLimits: { ...DEFAULT_TRAP_LIMITS, ...o.trapLimits },
    decodeLimits: { ...DEFAULT_LIMITS, maxPixels: 50_000_000, ...o.decodeLimits },
    maxRedirects: 5,
    onMatch: (id) => o.onMatch?.(id),
    atPoint: o.atPoint,
    fingerprint: o.fingerprint,
    pace: async (url) => {
      const h = host(url.host);
      const wait = h.nextAt - Date.now();
      if (wait > 0) await sleep(wait);
      h.nextAt = Math.max(h.nextAt, Date.now()) + h.intervalMs;
    },
    check: async (url) => {
      if (!allowedHosts.has(url.hostname)) {
        return { code: 'host-not-allowed', reason: `${url.hostname} is not a configured host` };
      }
      if (!c.respectRobots) return null;
      const policy = await robots.policyFor(url);
      const failure = robots.failureFor(url);
      if (failure?.code === 'blocked-address') {
        return { code: 'blocked-address', reason: failure.message };
      }
      applyCrawlDelay(host(url.host), policy.crawlDelay, polite);
      const path = url.pathname + url.search;
      return policy.isAllowed(path)
        ? null
        : { code: 'robots-disallow', reason: `robots.txt: ${policy.explain(path)}` };
    },
  };
}
