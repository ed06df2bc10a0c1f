/** Messages between the engine and a crawl worker thread. */
import type { CrawlProgress, CrawlRunState } from '../../shared/crawl-types';
import type { SiteSecrets } from './site-secrets';

export interface WorkerData {
  caseFilePath: string;
  runId: number;
  siteId: number;
  /** [case id, unwrapped case key] pairs for sealing evidence. */
  caseKeys: [number, Uint8Array][];
  polite: boolean;
  /** The site's login secrets, opened by the engine (never written anywhere by the worker). */
  secrets: SiteSecrets | null;
}

export type WorkerMessage =
  | { type: 'progress'; progress: CrawlProgress }
  | { type: 'match'; matchId: number }
  | { type: 'done'; state: CrawlRunState }
  /** `code` 'lease-held': another process crawls the run (the run is not failed). */
  | { type: 'error'; message: string; code?: 'lease-held' };
