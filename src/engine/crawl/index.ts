/**
 * Crawl domain: site configurations, the persisted frontier and its runner (per-host politeness,
 * retries, resume after a kill), the guarded fetcher (address checks at connect time, limits,
 * timeouts, hop-by-hop redirects, RFC 9309 robots.txt), HTML and browser image extraction, matching
 * crawled images against case references, sealed evidence, what is kept of every crawled image
 * (its candidate hashes and sightings) and retro-matching a new reference against it (its
 * proposals fetched again and decided by a verification run, retro-verify.ts, decision 0049),
 * sites'
 * login secrets sealed with the master key, schedules that run while a host keeps the case file
 * open, and the contract handlers. Videos on pages (video tags, og:video, links, HLS playlists)
 * are downloaded through the same guarded fetcher under per-site caps, fingerprinted with vPDQ,
 * matched against case reference videos under the one video decision, kept with a few sealed
 * keyframes per matched segment for review, and re-checked by their head (video-*.ts, hls.ts).
 * A still image that is one frame of a reference video matches that video (video-frame-still.ts).
 * Images are fingerprinted in a worker-thread pool beside the crawl when its entry is built
 * (JIUM_HASH_POOL=0 turns it off: hash-pool.ts, hash-worker.ts, decision 0057).
 * See docs/decisions/0040-0042, 0045, 0046, 0047, 0048, 0080, 0106, 0107 and 0109.
 */
export { crawlHandlers } from './handlers';
export { CrawlManager } from './crawl-manager';
export { CrawlRunner, type RunnerOptions } from './runner';
export { Fetcher, FetchError, type FetchLimits, type FetchResponse } from './fetcher';
export { parseRobots, robotsFromResponse, type RobotsPolicy } from './robots';
export { classifyAddress, addressRefusal, type AddressPolicy } from './ip-guard';
export { openBrowserRenderer, CHROMIUM_ARGS } from './browser';
export {
  recheckVideo,
  recordedVideo,
  type VideoRecheck,
  type VideoRecheckVerdict,
} from './video-recheck';
