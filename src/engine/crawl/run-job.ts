/**
 * One crawl run as a job: opens what the runner needs (its references, evidence store and, for
 * browser or auto mode, Chromium) on a given connection. Shared by the worker thread and by the
 * in-thread fallback, so both run exactly the same code.
 */
import type Database from 'better-sqlite3';
import type { CrawlProgress, CrawlRunState } from '../../shared/crawl-types';
import type { PageRenderer } from './crawl-env';
import { keyedEvidenceStore } from './evidence';
import { loadCrawlReferences } from './reference-index';
import { CrawlRunner, type RunnerOptions } from './runner';
import { withSecrets, type SiteSecrets } from './site-secrets';
import { runConfig } from './sites';

export interface RunJobOptions {
  db: Database.Database;
  runId: number;
  siteId: number;
  /** Unwrapped keys of the cases whose evidence may be kept. */
  caseKeys: ReadonlyMap<number, Buffer>;
  polite?: boolean;
  /** The site's opened login secrets (cookie, header values), if it has any and they could open. */
  secrets?: SiteSecrets | null;
  onProgress: (p: CrawlProgress) => void;
  onMatch: (matchId: number) => void;
  /** Starts Chromium for browser and auto modes; absent: pages are fetched over HTTP only. */
  openRenderer?: (
    allowAddresses: readonly string[],
    allowedHosts: ReadonlySet<string>,
  ) => Promise<PageRenderer>;
  /** Centre mode: crawl workers fetch the run's rows (CrawlRunner's `remote`, decision 0112). */
  remote?: RunnerOptions['remote'];
}

/** A started job: its runner (for pause and cancel) and its completion. */
export interface RunJob {
  runner: CrawlRunner;
  done: Promise<CrawlRunState>;
}

export async function startRunJob(o: RunJobOptions): Promise<RunJob> {
  const config = withSecrets(runConfig(o.db, o.runId), o.secrets);
  let renderer: PageRenderer | null = null;
  if (config.renderMode !== 'http' && o.openRenderer) {
    const hosts = new Set(
      (config.allowedHosts.length
        ? config.allowedHosts
        : config.startUrls.map((u) => new URL(u).hostname)
      ).map((h) => h.toLowerCase()),
    );
    renderer = await o.openRenderer(config.allowAddresses, hosts);
  }
  const runner = new CrawlRunner({
    db: o.db,
    runId: o.runId,
    siteId: o.siteId,
    config,
    references: await loadCrawlReferences(o.db, o.caseKeys),
    evidence: keyedEvidenceStore(o.caseKeys),
    renderer,
    polite: o.polite ?? true,
    onProgress: o.onProgress,
    onMatch: o.onMatch,
    remote: o.remote,
  });
  const done = runner.run().finally(() => renderer?.close());
  return { runner, done };
}
