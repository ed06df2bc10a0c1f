/**
 * Domain types of hash-list exchange (issue 8, decision 0075), shared by engine and renderer.
 */

/** An imported hash list. */
export interface HashListInfo {
  id: number;
  name: string;
  /** Where it came from, as the importer wrote it (e.g. a partner hotline and date). */
  source: string;
  /** The format it was read as: csv, pdq-quality, signal-lines or pdq-lines. */
  format: string;
  enabled: boolean;
  entries: number;
  rejected: number;
  merged: number;
  importedAt: string;
  importedBy: string | null;
  /** Crawl matches it produced, by review state. */
  matches: { pending: number; confirmed: number; rejected: number };
}

/** The outcome of an import: what was stored, merged and refused (with line numbers). */
export interface HashListImportResult {
  list: HashListInfo;
  /** Crawled images flagged to be examined again on their next visit. */
  flaggedSeen: number;
  /** The first rejected rows (all are counted in list.rejected). */
  errors: HashListRowError[];
}

/** Why a row of an imported list was refused; the UI words it from `code` and `value`. */
export interface HashListRowError {
  line: number;
  code:
    | 'bad-pdq'
    | 'bad-blockhash'
    | 'bad-sha256'
    | 'bad-quality'
    | 'no-hash'
    | 'quality-without-pdq'
    | 'unsupported-signal';
  value?: string;
  /** In English, for logs and the command line. */
  message: string;
}

/** An export file, ready to save. */
export interface HashListExport {
  fileName: string;
  mediaType: string;
  text: string;
  count: number;
}

export type ListMatchState = 'pending' | 'confirmed' | 'rejected';

/** A crawled image that matched an imported list (no case, no kept image). */
export interface ListMatchInfo {
  id: number;
  listId: number;
  listName: string;
  entryId: number;
  runId: number | null;
  siteId: number | null;
  pageUrl: string;
  imageUrl: string;
  imageSha256: string;
  foundAt: string;
  httpStatus: number;
  serverIp: string;
  distance: number;
  algo: string;
  reviewState: ListMatchState;
  reviewedAt: string | null;
}
