import type Database from 'better-sqlite3';
import type { AccountInfo } from '../../shared/cases-types';
import type { Role } from '../../shared/roles';
import { all, get, run, sql } from '../db/sql';

/*
 * The `users` table's query module: the only code that writes it (decision 0093).
 */

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
  return get(db, sql<{ n: number }>`SELECT count(*) AS n FROM users`)!.n;
}

export function findUserByUsername(db: Database.Database, username: string): DbUser | undefined {
  return get(db, sql<DbUser>`SELECT * FROM users WHERE username = ${username}`);
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
  const r = run(
    db,
    sql`INSERT INTO users (username, display_name, role, password_hash, created_at)
        VALUES (${user.username}, ${user.displayName}, ${user.role}, ${user.passwordHash},
                ${user.createdAt})`,
  );
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

/** A user row with the time of its last password change. */
type DbUserFull = DbUser & { password_changed_at: string | null };

export function findUserById(db: Database.Database, id: number): DbUserFull | undefined {
  return get(db, sql<DbUserFull>`SELECT * FROM users WHERE id = ${id}`);
}

export function listUsers(db: Database.Database): DbUserFull[] {
  return all(db, sql<DbUserFull>`SELECT * FROM users ORDER BY username`);
}

/** Active admins other than `exceptId`: the last one may not be disabled or demoted. */
export function countOtherActiveAdmins(db: Database.Database, exceptId: number): number {
  return get(
    db,
    sql<{ n: number }>`SELECT count(*) AS n FROM users
                       WHERE role = 'admin' AND disabled = 0 AND id <> ${exceptId}`,
  )!.n;
}

export function updateUser(
  db: Database.Database,
  id: number,
  change: { displayName: string; role: Role; disabled: boolean },
): void {
  run(
    db,
    sql`UPDATE users SET display_name = ${change.displayName}, role = ${change.role},
        disabled = ${change.disabled ? 1 : 0} WHERE id = ${id}`,
  );
}

export function setPasswordHash(
  db: Database.Database,
  id: number,
  passwordHash: string,
  at: string,
): void {
  run(
    db,
    sql`UPDATE users SET password_hash = ${passwordHash}, password_changed_at = ${at}
        WHERE id = ${id}`,
  );
}
