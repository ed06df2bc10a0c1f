/**
 * Domain types of hash-list exchange (issue 8, decision 0075), shared by engine and renderer.
 */
import type { FoundMatchInfo } from './crawl-types';

/** What a list's entries are: content to find, or known harmless pictures that suppress matches. */
export type HashListKind = 'match' | 'benign';

/** The PDQ distance of a list imported without one: the decision rule's PDQ-alone bound. */
export const DEFAULT_LIST_DISTANCE = 20;

/** Why the quarantine rule (decision 0053) took a list or an entry out of the queue. */
export type QuarantineReason =
  | {
      code: 'list-rate';
      /** Distinct images matched in the run per 1,000 images it crawled, and how many. */
      perThousand: number;
      matched: number;
      crawled: number;
      /** The list's own rate over its earlier runs (null: no history yet). */
      baselinePerThousand: number | null;
    }
  | { code: 'entry-spread'; images: number; limit: number };

/** A quarantine in force. */
export interface QuarantineInfo {
  at: string;
  reason: QuarantineReason;
}

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
  kind: HashListKind;
  /** PDQ bits at or under which a crawled image matches an entry. */
  pdqDistance: number;
  /** Crawled images a benign list kept out of the queue. */
  suppressed: number;
  /** Set while the list is quarantined: its matches are recorded but not queued. */
  quarantine: QuarantineInfo | null;
  /** Entries quarantined on their own, and the latest one's quarantine. */
  quarantinedEntries: number;
  entryQuarantine: QuarantineInfo | null;
  /** Matches recorded while the list or their entry was quarantined, waiting for a release. */
  held: number;
  /** vPDQ (video) entries among `entries`. */
  videoEntries: number;
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
    | 'unsupported-signal'
    | 'bad-vpdq';
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
export interface ListMatchInfo extends FoundMatchInfo {
  id: number;
  listId: number;
  listName: string;
  entryId: number;
  runId: number | null;
  siteId: number | null;
  reviewState: ListMatchState;
  reviewedAt: string | null;
}
