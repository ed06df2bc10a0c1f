/**
 * Importing a hash list: rows are read line by line from a stream of text chunks and written in
 * one transaction (a failed import leaves nothing behind); bad rows are reported with their line
 * numbers and skipped; a hash met twice in the same list is merged into one entry. Images this
 * case file crawled before and judged "no match" are flagged for another look when they are near
 * the new list, because the crawler skips contents it has already hashed.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { DEFAULT_LIST_DISTANCE, type HashListKind } from '../../shared/exchange-types';
import { lines, ListReader, type ListFormat, type RowError } from './format';
import { entryWriter, finishHashList, hashListNamed, insertHashList } from './queries';
import { rematchList } from './rematch';

/** What an import did. */
export interface ImportSummary {
  listId: number;
  format: ListFormat | null;
  /** Distinct entries stored. */
  entries: number;
  /** Rows that repeated an entry of the list and were merged into it. */
  merged: number;
  /** Rows rejected (the first `errors.length` are listed). */
  rejected: number;
  errors: RowError[];
  /** Crawled images flagged to be examined again on their next visit. */
  flaggedSeen: number;
}

/** At most this many rejected rows are listed (the count covers all). */
export const MAX_LISTED_ERRORS = 100;

/** Reads a file as text chunks without holding it (synchronous, for one import transaction). */
export function* fileChunks(path: string, chunkBytes = 1 << 20): Generator<string> {
  const fd = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.alloc(chunkBytes);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      yield decoder.write(buf.subarray(0, n));
    }
    const tail = decoder.end();
    if (tail) yield tail;
  } finally {
    closeSync(fd);
  }
}

/** Splits a string into chunks, so text from the contract takes the same path as files. */
export function* textChunks(text: string, size = 1 << 20): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

export interface ImportOptions {
  name: string;
  source: string;
  /** 'benign' lists suppress matches instead of making them (decision 0053). */
  kind?: HashListKind;
  /** PDQ bits at or under which an image matches an entry (default DEFAULT_LIST_DISTANCE). */
  pdqDistance?: number;
  chunks: Iterable<string>;
  userId: number | null;
  now: Date;
}

/** Imports one list. Throws ApiError('validation') when no row at all could be read. */
export function importHashList(db: Database.Database, o: ImportOptions): ImportSummary {
  // The merge indexes take random keys: with SQLite's default 2 MB page cache a million-row list
  // spends most of its time re-reading B-tree pages (bench/RESULTS.md). A larger cache for the
  // import only.
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  try {
    return importInTransaction(db, o);
  } finally {
    db.pragma(`cache_size = ${Math.trunc(cache)}`);
  }
}

function importInTransaction(db: Database.Database, o: ImportOptions): ImportSummary {
  return db.transaction((): ImportSummary => {
    if (hashListNamed(db, o.name)) {
      throw new ApiError('conflict', 'A hash list with this name exists already.');
    }
    const listId = insertHashList(db, {
      name: o.name,
      source: o.source,
      at: o.now.toISOString(),
      userId: o.userId,
      kind: o.kind ?? 'match',
      pdqDistance: o.pdqDistance ?? DEFAULT_LIST_DISTANCE,
    });
    const errors: RowError[] = [];
    let rejected = 0;
    const reader = new ListReader((e) => {
      rejected++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(e);
    });
    const write = entryWriter(db, listId);
    let rows = 0;
    let n = 0;
    for (const text of lines(o.chunks)) {
      n++;
      const r = reader.read(text, n);
      if (!r) continue;
      rows++;
      write(r);
    }
    const entries = finishHashList(db, listId, reader.format ?? '', rows, rejected);
    if (entries === 0) {
      const first = errors[0];
      throw new ApiError(
        'validation',
        first
          ? `No hash could be read: line ${first.line}: ${first.message}`
          : 'The file holds no hashes.',
      );
    }
    const merged = rows - entries;
    // Images crawled before the list: matched at once and flagged for the next visit (0048).
    const flaggedSeen = o.kind === 'benign' ? 0 : rematchList(db, listId, o.now).flagged;
    return { listId, format: reader.format, entries, merged, rejected, errors, flaggedSeen };
  })();
}
