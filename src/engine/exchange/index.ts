/**
 * Exchange domain (issue 8, decision 0075): hash lists shared with other hotlines and platforms.
 * It owns hash_lists and hash_list_entries (migration 9), and reads the matches lists produce
 * (crawl_matches rows of source 'hash-list', written through matches/recordMatch, 0091): reading the formats
 * others exchange (CSV with PDQ, quality, blockhash, SHA-256; PDQ tool output; one PDQ hex per
 * line) line by line, exporting the hashes of confirmed content without images or identities,
 * and the imported lists as a reference set the crawler matches against (crawl/reference-index
 * loads it; crawl/image-task asks it when no case reference matched). Monitors, staff and admins
 * review list matches (in the Review area and the Hash lists tab); a confirm opens or extends a
 * draft takedown request with no case that names the list (decision 0078). Each list has its own
 * PDQ distance and a kind ('match', or 'benign': suppresses matches); a list or an entry that
 * matches far more than its own history says is quarantined (held out of the queue) until a
 * monitor releases it; entries may be vPDQ video signals (decision 0053). See docs/hash-lists.md.
 * queries.ts is the one writer of hash_lists and hash_list_entries (decision 0093).
 */
export { exchangeHandlers } from './handlers';
export { confirmedHashes, exportHashList } from './export-list';
export type { ExportFormat, ExportedList } from './export-list';
export { fileChunks, importHashList, textChunks } from './import-list';
export type { ImportSummary } from './import-list';
export { HashListSet, loadHashLists } from './list-set';
export type { ListHit, ListMatchEvidence, ListVideoEntry } from './list-set';
export { QUARANTINE_RULE } from './quarantine';
export { formatVpdq, parseVpdq } from './vpdq';
export { listListMatches, setListMatchState } from './queries';
