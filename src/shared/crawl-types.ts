/**
 * Crawler domain types shared by the engine, the hosts and the renderer: the site configuration
 * (its zod schema is the one source of truth, also used to validate stored rows), crawl runs,
 * progress events, log entries and matches.
 */
import { z } from 'zod';

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/, 'a host name or IP address, without scheme or port');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048);
const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name');

/** What a monitor configures for one site. */
export const siteConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    startUrls: z.array(httpUrl).min(1).max(50),
    /** Hosts the crawler may fetch from (pages and images). Empty: the start URLs' hosts. */
    allowedHosts: z.array(hostName).max(50).default([]),
    /** Path patterns of pages to visit (`*` wildcard, `$` end), as in robots.txt. Empty: all. */
    pathPatterns: z.array(z.string().min(1).max(300)).max(50).default([]),
    maxDepth: z.number().int().min(0).max(50).default(5),
    maxPages: z.number().int().min(1).max(1_000_000).default(1000),
    requestsPerSecond: z.number().min(0.05).max(1000).default(1),
    concurrencyPerHost: z.number().int().min(1).max(32).default(2),
    renderMode: z.enum(['http', 'browser', 'auto']).default('auto'),
    respectRobots: z.boolean().default(true),
    /** Required (and audited) when robots.txt is not respected. */
    robotsOverrideReason: z.string().trim().max(500).optional(),
    userAgent: z
      .string()
      .trim()
      .min(3)
      .max(300)
      .default('JiumBot/0.1 (+victim-support takedown crawler)'),
    headers: z.record(headerName, z.string().max(4096)).default({}),
    /** A Cookie header value for areas that need a login. */
    cookies: z.string().max(8192).default(''),
    /** Largest response accepted, in MiB (counted after decompression). */
    maxResponseMiB: z.number().min(1).max(200).default(20),
    /** Seconds a response may take to arrive completely (slow drips are cut off). */
    timeoutSeconds: z.number().min(1).max(120).default(30),
    /**
     * Largest part of one video read, in MiB: a larger video is sampled (its first part is
     * fingerprinted, and its match says so). Decision 0046.
     */
    maxVideoMiB: z.number().min(1).max(4096).default(200),
    /** Minutes of one video fingerprinted at most: a longer one is sampled the same way. */
    maxVideoMinutes: z.number().min(1).max(600).default(30),
    /** Run every N hours; null: only when started by hand. */
    scheduleHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .nullable()
      .default(null),
    enabled: z.boolean().default(true),
    /**
     * Exact IP addresses outside the public internet this site may reach. Only for test and demo
     * sites on 127.0.0.1; anything else private stays refused.
     */
    allowAddresses: z.array(z.ipv4().or(z.ipv6())).max(8).default([]),
  })
  .strict()
  .refine((c) => c.respectRobots || (c.robotsOverrideReason ?? '').length >= 10, {
    message: 'Ignoring robots.txt needs a reason of at least 10 characters (it is audited).',
    path: ['robotsOverrideReason'],
  });

/** A site configuration as stored (defaults applied). */
export type SiteConfig = z.output<typeof siteConfigSchema>;
/** A site configuration as entered (defaults optional). */
export type SiteConfigInput = z.input<typeof siteConfigSchema>;

/** Which login secrets a site has sealed: header names and whether a cookie is set, never values. */
export interface SiteSecretNames {
  headers: string[];
  cookies: boolean;
}

export interface SiteInfo {
  id: number;
  /** The configuration without secret values (`headers` empty, `cookies` ''): see `secrets`. */
  config: SiteConfig;
  secrets: SiteSecretNames;
  createdAt: string;
  updatedAt: string;
  lastRun: CrawlRunInfo | null;
  /** When the site was archived (kept with its runs and matches, never crawled), else null. */
  archivedAt: string | null;
  /** Matches its crawls found: a site with matches is archived, never deleted. */
  matches: number;
}

export type CrawlRunState =
  'running' | 'paused' | 'interrupted' | 'cancelled' | 'finished' | 'failed';

/** Counters of one run. */
export interface CrawlCounters {
  pages: number;
  images: number;
  /** Distinct image contents hashed (an image seen on 500 pages counts once). */
  hashed: number;
  matches: number;
  errors: number;
  skipped: number;
  queued: number;
  bytes: number;
}

export interface CrawlRunInfo extends CrawlCounters {
  id: number;
  siteId: number;
  siteName: string;
  state: CrawlRunState;
  startedAt: string;
  finishedAt: string | null;
  /**
   * Why a failed run fetched nothing: every start address refused by the address guards, or no
   * page could be fetched (null otherwise; the log has the detail).
   */
  failure: 'start-refused' | 'nothing-fetched' | null;
}

/** Payload of the `crawl.progress` event. */
export interface CrawlProgress extends CrawlCounters {
  runId: number;
  siteId: number;
  state: CrawlRunState;
}

/** One line of a crawl log: what happened to a URL and why. */
export interface CrawlLogEntry {
  id: number;
  at: string;
  level: 'info' | 'warn' | 'error';
  /** e.g. `fetched`, `robots-disallow`, `too-large`, `timeout-body`, `not-an-image`, `match`. */
  code: string;
  url: string | null;
  message: string;
}

/** Where and when a match was found, how the server answered, and how close it is. */
export interface FoundMatchInfo {
  pageUrl: string;
  imageUrl: string;
  imageSha256: string;
  foundAt: string;
  httpStatus: number;
  serverIp: string;
  distance: number;
  algo: string;
}

/** A crawled image that matched a case reference, with its evidence summary. */
export interface CrawlMatchInfo extends FoundMatchInfo {
  id: number;
  runId: number;
  siteId: number;
  caseId: number;
  caseCode: string;
  referenceImageId: number;
  redirectChain: { url: string; status: number; remoteAddress: string; location?: string }[];
  hasImage: boolean;
  snapshotKind: 'html' | 'png' | null;
  reviewState: 'pending' | 'confirmed' | 'rejected';
}
