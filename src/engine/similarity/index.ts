/**
 * Similarity domain (src/engine/similarity, formerly engine/index beside the index.ts barrels): exact similarity search over 256-bit perceptual hashes (PDQ, blockhash) for the
 * matcher — multi-index hashing in typed arrays with a brute-force scan kept beside it for
 * checking and for queries too wide to probe; incremental add/remove; loading from the case file;
 * and the IndexedReferenceSet that answers the fingerprint engine's ReferenceSet seam. It owns no
 * tables: callers say which SQLite table holds the hashes. See README.md and
 * docs/decisions/0020-similarity-index.md.
 */
export { HammingIndex } from './multi-index';
export type { HammingIndexOptions, HammingIndexStats, HashRow } from './multi-index';
export type { Match } from './brute-force';
export { hashRowsFromSqlite } from './load-sqlite';
export type { HashTableSource } from './load-sqlite';
export { IndexedReferenceSet } from './reference-set';
export { hammingDistance, HASH_BITS, HASH_BYTES } from './hamming';
