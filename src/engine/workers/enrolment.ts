/**
 * workers/ owns crawl workers on other machines (issue 16, decision 0111): one-time enrolment
 * codes, enrolments and their credentials, and the worker's session. Only SHA-256 digests of codes
 * and credentials are stored, so a copy of the case file enrols nobody.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { WorkerInfo } from '../../shared/worker-types';

/** A code is valid for a day after it was made, and for one enrolment. */
export const CODE_LIFETIME_MS = 24 * 3_600_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** 80 random bits as four groups of four base32 letters (easy to read out and type). */
export function newCode(): string {
  const bytes = randomBytes(16);
  const letters = [...bytes].map((b) => BASE32[b & 31]!).join('');
  return letters.match(/.{4}/g)!.join('-');
}

/** 256 random bits, base64url (43 characters). */
export const newCredential = (): string => randomBytes(32).toString('base64url');

interface DbEnrolment {
  id: number;
  label: string;
  enrolled_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

const toInfo = (r: DbEnrolment): WorkerInfo => ({
  id: r.id,
  label: r.label,
  enrolledAt: r.enrolled_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});
const ENROLMENT = 'SELECT id, label, enrolled_at, last_seen_at, revoked_at FROM worker_enrolments';

export function insertCode(
  db: Database.Database,
  code: string,
  label: string,
  createdBy: number | null,
  now: Date,
): string {
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS).toISOString();
  db.prepare(
    `INSERT INTO worker_codes (code_sha256, label, created_by, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(digest(code), label, createdBy, now.toISOString(), expiresAt);
  return expiresAt;
}

/**
 * Uses a code once: marks it used and stores the new credential's digest, or returns null when the
 * code is unknown, used or expired (one answer for all three, so a guess learns nothing).
 */
export function redeemCode(
  db: Database.Database,
  code: string,
  credential: string,
  now: Date,
): WorkerInfo | null {
  const row = db
    .prepare(
      `SELECT id, label FROM worker_codes
       WHERE code_sha256 = ? AND used_at IS NULL AND expires_at > ?`,
    )
    .get(digest(code), now.toISOString()) as { id: number; label: string } | undefined;
  if (!row) return null;
  db.prepare('UPDATE worker_codes SET used_at = ? WHERE id = ?').run(now.toISOString(), row.id);
  const id = db
    .prepare(
      `INSERT INTO worker_enrolments (label, credential_sha256, code_id, enrolled_at)
       VALUES (?, ?, ?, ?)`,
    )
    .run(row.label, digest(credential), row.id, now.toISOString()).lastInsertRowid;
  return getEnrolment(db, Number(id))!;
}

/** The enrolment a credential belongs to, revoked or not; undefined for an unknown credential. */
export function enrolmentByCredential(
  db: Database.Database,
  credential: string,
): WorkerInfo | undefined {
  const r = db.prepare(`${ENROLMENT} WHERE credential_sha256 = ?`).get(digest(credential)) as
    DbEnrolment | undefined;
  return r && toInfo(r);
}

export function getEnrolment(db: Database.Database, id: number): WorkerInfo | undefined {
  const r = db.prepare(`${ENROLMENT} WHERE id = ?`).get(id) as DbEnrolment | undefined;
  return r && toInfo(r);
}

export function listEnrolments(db: Database.Database): WorkerInfo[] {
  return (db.prepare(`${ENROLMENT} ORDER BY id`).all() as DbEnrolment[]).map(toInfo);
}

/** True while the enrolment exists and is not revoked: checked on every call a worker makes. */
export function enrolmentActive(db: Database.Database, id: number): boolean {
  return (
    db.prepare('SELECT 1 FROM worker_enrolments WHERE id = ? AND revoked_at IS NULL').get(id) !==
    undefined
  );
}

export function markSeen(db: Database.Database, id: number, now: Date): void {
  db.prepare('UPDATE worker_enrolments SET last_seen_at = ? WHERE id = ?').run(
    now.toISOString(),
    id,
  );
}

export function revokeEnrolment(db: Database.Database, id: number, now: Date): boolean {
  return (
    db
      .prepare('UPDATE worker_enrolments SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(now.toISOString(), id).changes === 1
  );
}
