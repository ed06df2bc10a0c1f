/**
 * What a crawl run is given (CrawlRunner, runner.ts): its case file, site configuration,
 * references and evidence store, the browser, politeness and limits, and the hooks through which
 * it reports progress and matches.
 */
import type Database from 'better-sqlite3';
import type { CrawlProgress, SiteConfig } from '../../shared/crawl-types';
import type { DecodeLimits, fingerprint } from '../fingerprint';
import type { CrawlEnv, PageRenderer } from './crawl-env';
import type { EvidenceStore } from './evidence';
import type { FetchLimits } from './fetcher';
import type { FrontierRow } from './frontier';
import type { CaseReferenceSet } from './reference-index';
import type { TaskPointHook } from './task-points';
import type { TrapLimits } from './url-rules';

export interface RunnerOptions {
  db: Database.Database;
  runId: number;
  siteId: number;
  config: SiteConfig;
  references: CaseReferenceSet;
  evidence?: EvidenceStore;
  renderer?: PageRenderer | null;
  /** False for benchmarks only: no gap between requests, no Crawl-delay. */
  polite?: boolean;
  /** Requests in flight over all hosts. */
  maxConcurrency?: number;
  fetchLimits?: Partial<FetchLimits>;
  decodeLimits?: Partial<DecodeLimits>;
  trapLimits?: Partial<TrapLimits>;
  onProgress?: (p: CrawlProgress) => void;
  onMatch?: (matchId: number) => void;
  /** Minimum milliseconds between progress reports. */
  progressEveryMs?: number;
  /** Tests only (the kill -9 test): called at each commit point of an image task. */
  atPoint?: TaskPointHook;
  /** How images are fingerprinted (default: on this thread; a HashPool's, decision 0057). */
  fingerprint?: typeof fingerprint;
  /** The run's lease timing (decision 0044); tests shorten it. */
  lease?: { heartbeatMs?: number; staleMs?: number };
  /**
   * Centre mode (decision 0112): a crawl worker fetches the row and the env returned replays
   * its fetch; env null leaves the row in flight (the run stopped first). `settled` is called
   * once the outcome was committed (true) or could not be (false: the row stays in flight).
   */
  remote?: (row: FrontierRow, env: CrawlEnv) => Promise<RemoteTask>;
}

/** A row fetched by a crawl worker (RunnerOptions.remote). */
export interface RemoteTask {
  env: CrawlEnv | null;
  settled: (committed: boolean) => void;
}
