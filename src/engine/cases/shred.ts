/**
 * Crypto-shredding: a case's wrapped key, sealed identity, timeline, hashes and encrypted originals
 * are deleted in one transaction (secure_delete overwrites the freed pages), then the WAL is
 * checkpointed and truncated so no older copy of the pages survives beside the file. With its key
 * gone, any ciphertext that did survive elsewhere (a backup) can no longer be opened.
 */
import { audit } from '../audit/record';
import type { HandlerContext } from '../core/context';
import type { DbCaseRow } from './queries';

export function shredCase(ctx: HandlerContext, row: DbCaseRow): void {
  ctx.db.transaction(() => {
    // ON DELETE CASCADE takes case_keys, case_timeline, reference_images and their hashes/originals.
    ctx.db.prepare('DELETE FROM cases WHERE id = ?').run(row.id);
    audit(
      ctx,
      'cases.delete',
      { type: 'case', id: row.code },
      {
        images: row.image_count,
        keyDestroyed: true,
      },
    );
  })();
  // TRUNCATE waits for readers; if another connection holds the WAL, the checkpoint is partial
  // and the next one finishes it. Busy is reported, not hidden.
  const [result] = ctx.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result?.busy) ctx.db.pragma('wal_checkpoint(TRUNCATE)');
}
