/**
 * Contract handlers of hash-list exchange: import from text or, for the command line, from a file
 * of any size (one code path, audited with its counts), enable, delete,
 * export of confirmed content (audited with its count and format, never its rows) and the review
 * of the matches imported lists produced: a confirm opens or extends a draft takedown request for
 * the page, an undo or a reject withdraws it from drafts (decision 0078), in the same transaction.
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { HashListImportResult, HashListKind } from '../../shared/exchange-types';
import { audit } from '../audit/record';
import { asyncHandler, type HandlerContext, type HandlerMap } from '../core/context';
import { accountId } from '../core/operator';
import { syncItemOfMatch } from '../review/decide';
import { openTakedownForMatch, withdrawTakedownForMatch } from '../takedowns/open-request';
import { exchangeHashesOfConfirmed, exportHashList } from './export-list';
import { fileChunks, importHashList, textChunks } from './import-list';
import {
  deleteHashList,
  getHashList,
  getListMatch,
  listHashLists,
  listListMatches,
  setListDistance,
  setListEnabled,
  setListMatchState,
} from './queries';
import { releaseEntries, releaseList } from './quarantine';
import { rematchList } from './rematch';

type ExchangeMethods =
  | 'exchange.lists'
  | 'exchange.import'
  | 'exchange.importFile'
  | 'exchange.setEnabled'
  | 'exchange.setDistance'
  | 'exchange.release'
  | 'exchange.delete'
  | 'exchange.export'
  | 'exchange.matches'
  | 'exchange.reviewMatch';

/**
 * Imports a list, from the contract's text or from a file of any size (the command line), and
 * audits it with its counts, in the call's transaction.
 */
function importList(
  ctx: HandlerContext,
  naming: { name: string; source: string; kind: HashListKind; pdqDistance: number },
  chunks: Iterable<string>,
): HashListImportResult {
  const s = importHashList(ctx.db, {
    ...naming,
    chunks,
    userId: accountId(ctx.session),
    now: ctx.now(),
  });
  audit(
    ctx,
    'exchange.list.import',
    { type: 'hash-list', id: s.listId },
    {
      format: s.format ?? '',
      kind: naming.kind,
      pdqDistance: naming.pdqDistance,
      entries: s.entries,
      merged: s.merged,
      rejected: s.rejected,
      flaggedSeen: s.flaggedSeen,
    },
  );
  return { list: getHashList(ctx.db, s.listId)!, flaggedSeen: s.flaggedSeen, errors: s.errors };
}

export const exchangeHandlers: HandlerMap<ExchangeMethods> = {
  'exchange.lists': (_input, ctx) => listHashLists(ctx.db),

  'exchange.import': ({ text, ...naming }, ctx) => importList(ctx, naming, textChunks(text)),

  'exchange.importFile': ({ path, ...naming }, ctx) => {
    if (!isAbsolute(path))
      throw new ApiError('validation', 'Give the list file as an absolute path.');
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      throw new ApiError('validation', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`);
    }
    // Not a device or a pipe: /dev/zero would never end, a FIFO would wait for ever.
    if (!stat.isFile()) throw new ApiError('validation', `${path} is not a regular file.`);
    return importList(ctx, naming, fileChunks(path));
  },

  'exchange.setEnabled': ({ id, enabled }, ctx) => {
    if (!setListEnabled(ctx.db, id, enabled)) {
      throw new ApiError('not-found', 'There is no such hash list.');
    }
    audit(ctx, enabled ? 'exchange.list.enable' : 'exchange.list.disable', {
      type: 'hash-list',
      id,
    });
    return getHashList(ctx.db, id)!;
  },

  // Every path that matches lists reads the distance from the list; images crawled before that a
  // wider distance now reaches are matched at once from their stored hashes (rematch.ts).
  'exchange.setDistance': ({ id, pdqDistance }, ctx) => {
    const before = getHashList(ctx.db, id);
    if (!before || !setListDistance(ctx.db, id, pdqDistance)) {
      throw new ApiError('not-found', 'There is no such hash list.');
    }
    const found =
      before.kind === 'match' && pdqDistance > before.pdqDistance
        ? rematchList(ctx.db, id, ctx.now()).images
        : 0;
    audit(
      ctx,
      'exchange.list.distance',
      { type: 'hash-list', id },
      { from: before.pdqDistance, to: pdqDistance, found },
    );
    return getHashList(ctx.db, id)!;
  },

  'exchange.release': ({ id, what }, ctx) => {
    if (!getHashList(ctx.db, id)) throw new ApiError('not-found', 'There is no such hash list.');
    const released = what === 'list' ? releaseList(ctx, id) : releaseEntries(ctx, id) > 0;
    if (!released) throw new ApiError('conflict', 'Nothing of this list is quarantined.');
    return getHashList(ctx.db, id)!;
  },

  'exchange.delete': ({ id }, ctx) => {
    const list = getHashList(ctx.db, id);
    if (!list || !deleteHashList(ctx.db, id)) {
      throw new ApiError('not-found', 'There is no such hash list.');
    }
    audit(
      ctx,
      'exchange.list.delete',
      { type: 'hash-list', id },
      { entries: list.entries, matches: list.matches.pending + list.matches.confirmed },
    );
    return null;
  },

  // Re-hashes each confirmed image from its evidence at full resolution (decision 0015).
  'exchange.export': asyncHandler<'exchange.export'>(async ({ format, withLists }, ctx) => {
    const exchange = await exchangeHashesOfConfirmed(ctx);
    const file = exportHashList(ctx.db, format, ctx.now(), exchange, withLists);
    const details = { format, rows: file.count, withLists: withLists ? 1 : 0 };
    ctx.db.transaction(() => audit(ctx, 'exchange.export', null, details))();
    return file;
  }),

  'exchange.matches': (input, ctx) => listListMatches(ctx.db, input),

  'exchange.reviewMatch': ({ id, state }, ctx) => {
    const userId = ctx.session!.userId;
    const now = ctx.now();
    if (!setListMatchState(ctx.db, id, state, userId, now)) {
      throw new ApiError('not-found', 'There is no such match.');
    }
    let requestIds: number[] = [];
    if (state === 'confirmed') {
      requestIds = openTakedownForMatch(ctx.db, id, userId, now).requestIds;
    } else {
      withdrawTakedownForMatch(ctx.db, id, userId, now);
    }
    // The one review queue holds the match's item too (decision 0091): it follows.
    syncItemOfMatch(ctx.db, id, userId, now);
    audit(
      ctx,
      'exchange.match.review',
      { type: 'hash-list-match', id },
      { state, requests: requestIds.join(',') },
    );
    return getListMatch(ctx.db, id)!;
  },
};
