/**
 * Contract methods and events of the crawler (issue 6): site configurations, crawl runs with
 * pause/resume/cancel, their logs and matches. Spread into `contract` and `events` in contract.ts.
 * Monitors run crawls; admins may too (they configure what the centre watches).
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import {
  siteConfigSchema,
  type CrawlLogEntry,
  type CrawlMatchInfo,
  type CrawlProgress,
  type CrawlRunInfo,
  type SiteInfo,
} from './crawl-types';
import type { Role } from './roles';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();
const access: readonly Role[] = ['admin', 'monitor'];

export const crawlContract = {
  'sites.list': {
    summary: 'List the configured crawl sites',
    access,
    input: z.object({}).strict(),
    result: returns<SiteInfo[]>(),
  },
  'sites.create': {
    summary: 'Configure a new site to crawl',
    access,
    input: z.object({ config: siteConfigSchema }).strict(),
    result: returns<SiteInfo>(),
  },
  'sites.update': {
    summary: "Change a site's configuration",
    access,
    input: z
      .object({
        id,
        config: siteConfigSchema,
        /**
         * Keep the saved header values or cookie instead of replacing them with `config`'s (the
         * UI never has them in clear to send back). Without `keep`, `config`'s replace them.
         */
        keep: z
          .object({ headers: z.boolean().default(false), cookies: z.boolean().default(false) })
          .strict()
          .default({ headers: false, cookies: false }),
      })
      .strict(),
    result: returns<SiteInfo>(),
  },
  'sites.delete': {
    summary: 'Remove a site that found nothing, with its crawl history (archive one with matches)',
    access,
    input: z.object({ id }).strict(),
    result: returns<null>(),
  },
  'sites.archive': {
    summary: 'Archive a site (kept with its runs and matches, never crawled) or bring it back',
    access,
    input: z.object({ id, archived: z.boolean() }).strict(),
    result: returns<SiteInfo>(),
  },
  'crawls.start': {
    summary: 'Start a crawl of a site, or resume its interrupted one',
    access,
    input: z.object({ siteId: id }).strict(),
    result: returns<CrawlRunInfo>(),
  },
  'crawls.pause': {
    summary: 'Pause a running crawl',
    access,
    input: z.object({ runId: id }).strict(),
    result: returns<CrawlRunInfo>(),
  },
  'crawls.resume': {
    summary: 'Resume a paused or interrupted crawl',
    access,
    input: z.object({ runId: id }).strict(),
    result: returns<CrawlRunInfo>(),
  },
  'crawls.cancel': {
    summary: 'Cancel a crawl',
    access,
    input: z.object({ runId: id }).strict(),
    result: returns<CrawlRunInfo>(),
  },
  'crawls.list': {
    summary: 'List crawl runs, newest first',
    access,
    input: z
      .object({ siteId: id.optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    result: returns<CrawlRunInfo[]>(),
  },
  'crawls.log': {
    summary: 'Read the log of a crawl run',
    access,
    input: z
      .object({
        runId: id,
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
        level: z.enum(['info', 'warn', 'error']).optional(),
      })
      .strict(),
    result: returns<CrawlLogEntry[]>(),
  },
  'crawls.matches': {
    summary: 'List images found by crawls that match case references',
    access,
    input: z
      .object({ runId: id.optional(), limit: z.number().int().min(1).max(10_000).default(200) })
      .strict(),
    result: returns<CrawlMatchInfo[]>(),
  },
} as const;

export const crawlEvents = {
  /** Counters of a running crawl changed (throttled to a few per second) or its state changed. */
  'crawl.progress': returns<CrawlProgress>(),
  /** A crawl found an image matching a case reference. */
  'crawl.match': returns<{ runId: number; siteId: number; matchId: number }>(),
} as const;
