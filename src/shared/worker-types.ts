/** Domain types of crawl workers on other machines (issue 16): results of the workers.* methods. */
import type { SiteConfig } from './crawl-types';

/** A one-time enrolment code, shown once to the admin who made it. */
export interface WorkerCode {
  code: string;
  label: string;
  expiresAt: string;
}

/** What a worker receives once for its code: keep the credential, it is never shown again. */
export interface WorkerEnrolment {
  workerId: number;
  label: string;
  credential: string;
}

/** An enrolment as the admin sees it: never the credential. */
export interface WorkerInfo {
  id: number;
  label: string;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** One perceptual hash of a reference, hex: the worker's pre-filter, nothing that names a case. */
export interface WorkerHash {
  algo: 'pdq' | 'blockhash';
  region: string;
  transform: string;
  hex: string;
}

/**
 * What a worker may know: the sites' settings (secret values left out) and the references'
 * perceptual hashes under opaque reference ids. No identity, original, case code or case id.
 */
export interface WorkerConfig {
  sites: { id: number; config: SiteConfig }[];
  references: { id: number; hashes: WorkerHash[] }[];
}

/** One crawl job: one URL of a run (a page or an image), as the centre server queued it. */
export interface CrawlJob {
  runId: number;
  siteId: number;
  kind: 'page' | 'image';
  url: string;
  /** The page an image was found on (the page itself for a page). */
  pageUrl: string;
  /** Which attempt of the URL in its run (the frontier row's count): each attempt is one job. */
  attempt: number;
}

/** One request a worker made for a job, as it happened: a response, or why there was none. */
export interface WorkerExchange {
  url: string;
  status?: number;
  headers?: Record<string, string>;
  remoteAddress?: string;
  /** The decoded body, base64 (pages, images, and the page of a possible match). */
  body?: string;
  /** `fetch`: the request failed (FetchError's code); `refused`: never sent (scope, robots.txt). */
  error?: { kind: 'fetch' | 'refused'; code: string; message: string };
}

/**
 * What a worker proposes for a job: every request it made (redirect hops, and the page again
 * when an image may match, for its snapshot) and the image's fingerprint as it computed it. The
 * centre server decides what it means, with the same code as a crawl on one machine.
 */
export interface WorkerProposal {
  job: CrawlJob;
  exchanges: WorkerExchange[];
  /** The candidate fingerprint, serialised (workers/fingerprint-codec.ts). */
  fingerprint?: string;
}

/** `recorded`: this proposal's outcome was written; `duplicate`: the job's was already; `stale`: no such job waits (its run stopped, or it was queued again). */
export interface ProposeResult {
  outcome: 'recorded' | 'duplicate' | 'stale';
}
