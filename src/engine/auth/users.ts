import type Database from 'better-sqlite3';
import type { AccountInfo } from '../../shared/cases-types';
import type { Role } from '../../shared/roles';

/** A row of `users` as stored. */
export interface DbUser {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: 0 | 1;
  created_at: string;
}

export function countUsers(db: Database.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function findUserByUsername(db: Database.Database, username: string): DbUser | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as DbUser | undefined;
}

export function insertUser(
  db: Database.Database,
  user: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    createdAt: string;
  },
): number {
  const r = db
    .prepare(
      'INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(user.username, user.displayName, user.role, user.passwordHash, user.createdAt);
  return Number(r.lastInsertRowid);
}

/** The API form of a user row (never the password hash). */
export function accountOf(u: DbUser & { password_changed_at?: string | null }): AccountInfo {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    disabled: u.disabled === 1,
    createdAt: u.created_at,
    passwordChangedAt: u.password_changed_at ?? null,
  };
}

export function findUserById(
  db: Database.Database,
  id: number,
): (DbUser & { password_changed_at: string | null }) | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as
    (DbUser & { password_changed_at: string | null }) | undefined;
}

export function listUsers(
  db: Database.Database,
): (DbUser & { password_changed_at: string | null })[] {
  return db.prepare('SELECT * FROM users ORDER BY username').all() as (DbUser & {
    password_changed_at: string | null;
  })[];
}

/** Active admins other than `exceptId`: the last one may not be disabled or demoted. */
export function countOtherActiveAdmins(db: Database.Database, exceptId: number): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?")
      .get(exceptId) as { n: number }
  ).n;
}

export function updateUser(
  db: Database.Database,
  id: number,
  change: { displayName: string; role: Role; disabled: boolean },
): void {
  db.prepare('UPDATE users SET display_name = ?, role = ?, disabled = ? WHERE id = ?').run(
    change.displayName,
    change.role,
    change.disabled ? 1 : 0,
    id,
  );
}

export function setPasswordHash(
  db: Database.Database,
  id: number,
  passwordHash: string,
  at: string,
): void {
  db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(
    passwordHash,
    at,
    id,
  );
}
