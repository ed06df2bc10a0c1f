/**
 * Contract methods of hash-list exchange (issue 8): exporting the hashes of confirmed content,
 * importing other hotlines' and platforms' lists as an extra reference set for the crawler, and
 * the matches those lists produce. Spread into `contract` in contract.ts. Staff run the exchange
 * (admins too); monitors, who review crawl results, see lists and review their matches.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type {
  HashListExport,
  HashListImportResult,
  HashListInfo,
  ListMatchInfo,
} from './exchange-types';
import { DEFAULT_LIST_DISTANCE } from './exchange-types';
import type { Role } from './roles';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();
const exchange: readonly Role[] = ['admin', 'staff'];
const reviewers: readonly Role[] = ['admin', 'staff', 'monitor'];

/** 64 MiB of text: about a million CSV rows; larger lists go through `jium` on the command line. */
const MAX_LIST_CHARS = 64 * 1024 * 1024;

/** What an imported list is called and where it came from. */
const listNaming = {
  name: z.string().trim().min(1).max(80),
  source: z.string().trim().max(200).default(''),
  /** 'benign': entries are known harmless pictures that keep matches out of the queue. */
  kind: z.enum(['match', 'benign']).default('match'),
  pdqDistance: z.number().int().min(0).max(64).default(DEFAULT_LIST_DISTANCE),
};

export const exchangeContract = {
  'exchange.lists': {
    summary: 'List the imported hash lists',
    access: reviewers,
    input: z.object({}).strict(),
    result: returns<HashListInfo[]>(),
  },
  'exchange.import': {
    summary: 'Import a hash list (CSV or one PDQ hash per line) as a reference set for crawls',
    access: exchange,
    input: z.object({ ...listNaming, text: z.string().max(MAX_LIST_CHARS) }).strict(),
    result: returns<HashListImportResult>(),
  },
  'exchange.importFile': {
    summary: 'Import a hash list from a file on this computer, of any size (command line only)',
    access: exchange,
    operatorOnly: true,
    input: z
      .object({
        ...listNaming,
        /** An absolute path on the computer running the engine. */
        path: z.string().min(1).max(4096),
      })
      .strict(),
    result: returns<HashListImportResult>(),
  },
  'exchange.setEnabled': {
    summary: 'Use or stop using an imported list in crawls',
    access: exchange,
    input: z.object({ id, enabled: z.boolean() }).strict(),
    result: returns<HashListInfo>(),
  },
  'exchange.setDistance': {
    summary: "Set an imported list's PDQ distance (bits at or under which an image matches)",
    access: reviewers,
    input: z.object({ id, pdqDistance: z.number().int().min(0).max(64) }).strict(),
    result: returns<HashListInfo>(),
  },
  'exchange.release': {
    summary:
      'Release a quarantined list, or its quarantined entries: their held matches are queued',
    access: reviewers,
    input: z.object({ id, what: z.enum(['list', 'entries']) }).strict(),
    result: returns<HashListInfo>(),
  },
  'exchange.delete': {
    summary: 'Delete an imported list and the matches it produced',
    access: exchange,
    input: z.object({ id }).strict(),
    result: returns<null>(),
  },
  'exchange.export': {
    summary: 'Export the hashes of confirmed content (no images, no identities)',
    access: exchange,
    input: z
      .object({
        format: z.enum(['csv', 'pdq-lines', 'signals']).default('csv'),
        /** Also content found through imported lists and confirmed here (off: 0075, 0053). */
        withLists: z.boolean().default(false),
      })
      .strict(),
    result: returns<HashListExport>(),
  },
  'exchange.matches': {
    summary: 'List crawled images that matched an imported list',
    access: reviewers,
    input: z
      .object({
        listId: id.optional(),
        state: z.enum(['pending', 'confirmed', 'rejected']).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: returns<ListMatchInfo[]>(),
  },
  'exchange.reviewMatch': {
    summary: 'Confirm or reject a match found through an imported list',
    access: reviewers,
    input: z.object({ id, state: z.enum(['pending', 'confirmed', 'rejected']) }).strict(),
    result: returns<ListMatchInfo>(),
  },
} as const;
