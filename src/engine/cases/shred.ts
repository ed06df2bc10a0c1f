/**
 * Crypto-shredding: a case's wrapped key, sealed identity, timeline, hashes and encrypted originals
 * are deleted in one transaction (secure_delete overwrites the freed pages), then the WAL is
 * checkpointed and truncated so no older copy of the pages survives beside the file. With its key
 * gone, any ciphertext that did survive elsewhere (a backup) can no longer be opened.
 */
import { audit } from '../audit/record';
import type { HandlerContext } from '../core/context';
import { deleteCaseRow, type DbCaseRow } from './queries';
import { countVideos } from './video-queries';

export function shredCase(ctx: HandlerContext, row: DbCaseRow): void {
  ctx.db.transaction(() => {
    const videos = countVideos(ctx.db, row.id);
    // ON DELETE CASCADE takes everything of the case with it (deleteCaseRow).
    deleteCaseRow(ctx.db, row.id);
    audit(
      ctx,
      'cases.delete',
      { type: 'case', id: row.code },
      {
        images: row.image_count,
        videos,
        keyDestroyed: true,
      },
    );
  })();
  truncateWal(ctx.db);
}

/**
 * Checkpoints and truncates the WAL after a deletion, so no older copy of the deleted pages
 * survives beside the file. TRUNCATE waits for readers; if another connection holds the WAL, the
 * checkpoint is partial and a second one (here, or the next) finishes it.
 */
export function truncateWal(db: HandlerContext['db']): void {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result?.busy) db.pragma('wal_checkpoint(TRUNCATE)');
}
