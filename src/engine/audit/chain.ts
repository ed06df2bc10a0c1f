/**
 * The audit log's hash chain: each entry's hash is SHA-256 over the canonical JSON of its fields and
 * the previous entry's hash, so changing, removing or reordering any entry breaks every later link.
 * Details never hold victim identity or image content: codes, ids, counts and states only.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerifyResult } from '../../shared/cases-types';
import { all, get, iterate, run, sql } from '../db/sql';
import { checkAnchor, moveAnchor, type AnchorKeys } from './anchor';

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the chain adds seq, time and hashes. */
export interface AuditRecord {
  actorId: number | null;
  /** Username of the actor, or 'system'. */
  actor: string;
  action: string;
  recordType?: string | null;
  recordId?: string | number | null;
  details?: Record<string, string | number | boolean | null>;
}

interface DbAudit {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  record_type: string | null;
  record_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function entryHash(row: Omit<DbAudit, 'hash'>): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    details: row.details,
  });
  return createHash('sha256').update(row.prev_hash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry and moves the anchor to it (sealed too when `keys` are open). Call it inside
 * the transaction of the change it records, so the change, its audit entry and the anchor commit
 * together or not at all.
 */
export function appendAudit(
  db: Database.Database,
  record: AuditRecord,
  at: Date,
  keys?: AnchorKeys,
): number {
  const last = get(
    db,
    sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
  );
  const row: Omit<DbAudit, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor_id: record.actorId,
    actor: record.actor,
    action: record.action,
    record_type: record.recordType ?? null,
    record_id: record.recordId == null ? null : String(record.recordId),
    details: canonicalJson(record.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(row);
  run(
    db,
    sql`INSERT INTO audit_log (seq, at, actor_id, actor, action, record_type, record_id, details,
                               prev_hash, hash)
        VALUES (${row.seq}, ${row.at}, ${row.actor_id}, ${row.actor}, ${row.action},
                ${row.record_type}, ${row.record_id}, ${row.details}, ${row.prev_hash}, ${hash})`,
  );
  moveAnchor(db, { count: row.seq, head: hash }, keys);
  return row.seq;
}

/**
 * Walks the whole chain and reports the first entry that does not hold, then checks the log
 * against its anchor (the sealed copy when `keys` are open): a cut tail, or an entry deleted and
 * the chain recomputed, leaves a valid chain that the anchor contradicts.
 */
export function verifyAudit(db: Database.Database, keys?: AnchorKeys): AuditVerifyResult {
  const chain = walkChain(db);
  const anchor = checkAnchor(db, keys);
  if (!chain.ok) return { ...chain, anchor };
  if (anchor.finding !== 'holds') {
    return {
      ok: false,
      entries: chain.entries,
      firstBroken: { seq: anchor.seq ?? chain.entries, reason: anchor.message },
      anchor,
    };
  }
  return { ...chain, anchor };
}

type ChainResult =
  | { ok: true; entries: number; firstBroken: null; head: string | null }
  | { ok: false; entries: number; firstBroken: { seq: number; reason: string } };

function walkChain(db: Database.Database): ChainResult {
  const rows = iterate(db, sql<DbAudit>`SELECT * FROM audit_log ORDER BY seq`);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of rows) {
    const broken = (reason: string): ChainResult => ({
      ok: false,
      entries: count,
      firstBroken: { seq: row.seq, reason },
    });
    if (row.seq !== expectedSeq)
      return broken(`entry ${expectedSeq} is missing (the next one is ${row.seq})`);
    if (row.prev_hash !== prev) return broken('its link to the previous entry does not match');
    if (entryHash(row) !== row.hash)
      return broken('its contents were changed after it was written');
    prev = row.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, entries: count, firstBroken: null, head: count ? prev : null };
}

/** Entries newest first, a page at a time. */
export function listAudit(
  db: Database.Database,
  options: { beforeSeq?: number | undefined; limit: number; action?: string | undefined },
): AuditEntry[] {
  const action = options.action ?? null;
  const rows = all(
    db,
    sql<DbAudit>`SELECT * FROM audit_log
                 WHERE seq < ${options.beforeSeq ?? Number.MAX_SAFE_INTEGER}
                   AND (${action} IS NULL OR action LIKE ${action} || '%')
                 ORDER BY seq DESC LIMIT ${options.limit}`,
  );
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actor: r.actor,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    details: JSON.parse(r.details) as AuditEntry['details'],
    hash: r.hash,
  }));
}
