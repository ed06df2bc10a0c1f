/**
 * The audit chain's anchor (decision 0043): the number of entries and the last entry's hash, kept
 * outside the log in `audit_anchor` and updated in the transaction of every append. Two copies:
 * a plain one (always), and one sealed with the case file's master key (AES-256-GCM, bound to the
 * file) whenever the key is open at the append. Someone who can write the file can cut the log's
 * tail, or delete an entry and recompute every later hash, and rewrite the plain copy too; without
 * the master key they cannot make a sealed copy, so `verifyAudit` names the truncation or rewrite.
 */
import type Database from 'better-sqlite3';
import type { AuditAnchorCheck } from '../../shared/cases-types';
import { get, run, sql } from '../db/sql';

/** What seals and opens the anchor: the case file's key vault. */
export interface AnchorKeys {
  readonly unlocked: boolean;
  sealSecret(purpose: string, plain: Uint8Array): Buffer;
  openSecret(purpose: string, sealed: Uint8Array): Buffer;
}

/** The anchor as recorded: entries in the log and the hash of the last one. */
export interface AuditAnchor {
  count: number;
  head: string;
}

const PURPOSE = 'audit-anchor';

/** Moves the anchor to the entry just appended (call in the append's transaction). */
export function moveAnchor(db: Database.Database, anchor: AuditAnchor, keys?: AnchorKeys): void {
  const sealed = keys?.unlocked
    ? keys.sealSecret(PURPOSE, Buffer.from(JSON.stringify(anchor), 'utf8'))
    : null;
  run(
    db,
    sql`INSERT INTO audit_anchor (id, count, head, sealed)
        VALUES (1, ${anchor.count}, ${anchor.head}, ${sealed})
        ON CONFLICT (id) DO UPDATE SET count = excluded.count, head = excluded.head,
          sealed = coalesce(excluded.sealed, sealed)`,
  );
}

/** The plain anchor (what reports print), or null for an empty log. */
export function readAnchor(db: Database.Database): AuditAnchor | null {
  const r = get(db, sql<AuditAnchor>`SELECT count, head FROM audit_anchor WHERE id = 1`);
  return r ?? null;
}

/** Compares one copy of the anchor with the log. */
function compare(
  db: Database.Database,
  a: AuditAnchor,
  rows: number,
  copy: 'plain' | 'sealed',
): Pick<AuditAnchorCheck, 'finding' | 'message' | 'seq'> {
  if (rows < a.count) {
    const n = a.count - rows;
    return {
      finding: 'truncated',
      seq: rows + 1,
      message: `the log has ${rows} entries but its ${copy} anchor records ${a.count}: ${n} ${n === 1 ? 'entry was' : 'entries were'} cut off the end, or removed and the chain recomputed`,
    };
  }
  const at = get(db, sql<{ hash: string }>`SELECT hash FROM audit_log WHERE seq = ${a.count}`);
  if (at?.hash !== a.head) {
    return {
      finding: 'rewritten',
      seq: a.count,
      message: `entry ${a.count} is not the one the ${copy} anchor recorded: the log was rewritten at or before it`,
    };
  }
  if (copy === 'plain' && rows > a.count) {
    return {
      finding: 'rewritten',
      seq: a.count + 1,
      message: `entries after ${a.count} were added outside Jium (every append moves the anchor)`,
    };
  }
  return { finding: 'holds', seq: null, message: '' };
}

/**
 * Checks the log against its anchor: the sealed copy first when the key is open (it cannot be
 * forged), then the plain one. Entries appended while the key was closed are covered by the
 * sealed copy up to where it was last sealed, and by the chain and the plain copy after that.
 */
export function checkAnchor(db: Database.Database, keys?: AnchorKeys): AuditAnchorCheck {
  const rows = get(db, sql<{ n: number }>`SELECT COUNT(*) AS n FROM audit_log`)!.n;
  const row = get(
    db,
    sql<AuditAnchor & { sealed: Buffer | null }>`SELECT count, head, sealed FROM audit_anchor
                                                 WHERE id = 1`,
  );
  if (!row) {
    return rows === 0
      ? { finding: 'holds', seq: null, count: 0, head: null, sealed: 'not-sealed', message: '' }
      : {
          finding: 'missing',
          seq: 1,
          count: 0,
          head: null,
          sealed: 'not-sealed',
          message: `the log has ${rows} entries but its anchor was removed`,
        };
  }
  const base = { count: row.count, head: row.head };
  let sealed: AuditAnchorCheck['sealed'] = row.sealed ? 'no-key' : 'not-sealed';
  if (row.sealed && keys?.unlocked) {
    let s: AuditAnchor;
    try {
      s = JSON.parse(keys.openSecret(PURPOSE, row.sealed).toString('utf8')) as AuditAnchor;
    } catch {
      return {
        ...base,
        finding: 'forged',
        seq: null,
        sealed: 'checked',
        message: 'the sealed anchor does not open with this case file’s key: it was replaced',
      };
    }
    sealed = 'checked';
    const found = compare(db, s, rows, 'sealed');
    if (found.finding !== 'holds') return { ...base, ...found, sealed };
    if (s.count > row.count) {
      return {
        ...base,
        finding: 'truncated',
        seq: row.count + 1,
        sealed,
        message: `the plain anchor records ${row.count} entries, fewer than the sealed one (${s.count}): it was rolled back`,
      };
    }
  }
  return { ...base, ...compare(db, base, rows, 'plain'), sealed };
}
