import type Database from 'better-sqlite3';
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
