/**
 * What the page and image tasks of one run share: the site's configuration and fetcher, robots,
 * the frontier and run store, the references, the evidence store and the optional browser.
 */
import type { SiteConfig } from '../../shared/crawl-types';
import type { DecodeLimits, fingerprint } from '../fingerprint';
import type { EvidenceStore } from './evidence';
import type { Fetcher } from './fetcher';
import type { HopCheck } from './follow-redirects';
import type { Frontier } from './frontier';
import type { CaseReferenceSet } from './reference-index';
import type { RobotsCache } from './robots-cache';
import type { RunStore } from './run-store';
import type { TaskPointHook } from './task-points';
import type { TrapLimits } from './url-rules';

/** A page rendered by a browser: its final HTML, links, images and a screenshot on demand. */
export interface RenderedPage {
  finalUrl: string;
  status: number;
  html: string;
  links: string[];
  images: string[];
  /** Video files and playlists the page's media elements load (when the renderer reports them). */
  videos?: string[];
}

/** The browser seam (browser.ts implements it with playwright-core and Debian Chromium). */
export interface PageRenderer {
  render(url: string): Promise<RenderedPage>;
  screenshot(url: string): Promise<Buffer>;
  close(): Promise<void>;
  /**
   * Gives the renderer the crawl's own hop check (configured hosts, robots.txt, blocked
   * addresses), applied to every request a page makes and every redirect hop of it; without one
   * only the configured hosts are checked. The runner calls it when it starts.
   */
  guard?(check: HopCheck): void;
}

export interface CrawlEnv {
  config: SiteConfig;
  /** Hosts (lower-case, with port when not default) the site may fetch from. */
  allowedHosts: ReadonlySet<string>;
  fetcher: Fetcher;
  robots: RobotsCache;
  frontier: Frontier;
  store: RunStore;
  references: CaseReferenceSet;
  evidence: EvidenceStore;
  renderer: PageRenderer | null;
  trapLimits: TrapLimits;
  decodeLimits: DecodeLimits;
  maxRedirects: number;
  /** Checks a hop before it is requested: host allowed, robots.txt. */
  check: HopCheck;
  /** Called when a match was recorded. */
  onMatch: (matchId: number) => void;
  /** Tests only (the kill -9 test): called at each commit point of an image task. */
  atPoint?: TaskPointHook | undefined;
  /** Waits for the host's next request slot (politeness between a video's HLS segments). */
  pace?: ((url: URL) => Promise<void>) | undefined;
  /** How an image is fingerprinted (default: here; the centre takes a crawl worker's). */
  fingerprint?: typeof fingerprint | undefined;
}
