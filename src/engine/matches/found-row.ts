/**
 * The columns of a match row that every list of matches shows — where and when it was found, how
 * the server answered, how close it is — and their mapping to the contract's `FoundMatchInfo`
 * (the Crawls page's matches and the Hash lists tab's list matches read them alike).
 */
import type { FoundMatchInfo } from '../../shared/crawl-types';

/** Those columns as `crawl_matches` names them. */
export interface DbFoundColumns {
  page_url: string;
  image_url: string;
  image_sha256: string;
  found_at: string;
  http_status: number;
  server_ip: string;
  distance: number;
  algo: string;
}

export function foundInfoOf(r: DbFoundColumns): FoundMatchInfo {
  return {
    pageUrl: r.page_url,
    imageUrl: r.image_url,
    imageSha256: r.image_sha256,
    foundAt: r.found_at,
    httpStatus: r.http_status,
    serverIp: r.server_ip,
    distance: r.distance,
    algo: r.algo,
  };
}
