/**
 * The centre server's side of a crawl worker's fetch (decision 0112): the worker made the
 * requests; the server replays them to the crawl's own page and image tasks, which decide and
 * write exactly as on one machine. A replayed fetcher answers each URL with the response the
 * worker saw (or throws the error it met), and the image's fingerprint is the worker's when it
 * names the same bytes. The server still checks scope itself: a worker cannot widen a site.
 */
import type { WorkerExchange, WorkerProposal } from '../../shared/worker-types';
import type { CrawlEnv } from '../crawl/crawl-env';
import { Fetcher, FetchError, type FetchErrorCode, type FetchResponse } from '../crawl/fetcher';
import { RefusedError, type HopCheck } from '../crawl/follow-redirects';
import { fingerprint, sha256Hex } from '../fingerprint';
import { decodeFingerprint } from './fingerprint-codec';

/** A fetcher that answers with what a worker fetched; it never opens a connection. */
export class ReplayFetcher extends Fetcher {
  private readonly byUrl: Map<string, WorkerExchange>;

  constructor(exchanges: readonly WorkerExchange[]) {
    super({ policy: { allowAddresses: [] }, userAgent: 'replay' });
    // The first answer for a URL is the job's own; a later one (the page fetched again for a
    // snapshot) only where the job did not fetch that URL itself.
    this.byUrl = new Map();
    for (const x of exchanges) if (!this.byUrl.has(x.url)) this.byUrl.set(x.url, x);
  }

  override fetch(url: URL): Promise<FetchResponse> {
    const x = this.byUrl.get(url.href);
    if (!x)
      return Promise.reject(new FetchError('network', `the worker did not fetch ${url.href}`));
    if (x.error?.kind === 'refused')
      return Promise.reject(new RefusedError(x.error.code, x.error.message, []));
    if (x.error || x.status === undefined)
      return Promise.reject(
        new FetchError((x.error?.code ?? 'network') as FetchErrorCode, x.error?.message ?? ''),
      );
    return Promise.resolve({
      url: url.href,
      status: x.status,
      headers: x.headers ?? {},
      body: Buffer.from(x.body ?? '', 'base64'),
      remoteAddress: x.remoteAddress ?? '',
      elapsedMs: 0,
    });
  }
}

/**
 * The run's env for one proposal: fetches replayed, the worker's fingerprint, and the run's own
 * scope check (configured hosts) before each hop — robots.txt was the worker's to read.
 */
export function replayEnv(env: CrawlEnv, proposal: WorkerProposal): CrawlEnv {
  const fp = proposal.fingerprint ? decodeFingerprint(proposal.fingerprint) : null;
  const check: HopCheck = (url) =>
    Promise.resolve(
      env.allowedHosts.has(url.hostname)
        ? null
        : { code: 'host-not-allowed', reason: `${url.hostname} is not a configured host` },
    );
  return {
    ...env,
    fetcher: new ReplayFetcher(proposal.exchanges),
    check,
    renderer: null,
    // The worker's fingerprint of these very bytes; anything else is fingerprinted here.
    fingerprint: (body, options) =>
      fp && fp.sha256 === sha256Hex(body) ? Promise.resolve(fp) : fingerprint(body, options),
  };
}
