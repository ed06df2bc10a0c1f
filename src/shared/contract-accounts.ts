/**
 * Contract methods of accounts and of one's own session (unlock, keep alive, lock, change
 * password), spread into `contract` in contract.ts. Admins manage accounts; everyone signed in
 * manages their own session and password. Split from contract-cases.ts (issue 14).
 */
import { z } from 'zod';
import type { AccountInfo } from './cases-types';
import type { Phantom } from './phantom';
import type { SessionInfo } from './types';

const returns = <T>(): Phantom<T> => ({});

const username = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/, 'lowercase letters, digits, dot, dash and underscore only');
const password = z.string().min(10).max(256);
const role = z.enum(['admin', 'counsellor', 'monitor', 'staff']);
const id = z.number().int().positive();

export const accountsContract = {
  'auth.unlock': {
    summary: 'Unlock a session locked after idle time, with the same password',
    access: 'public',
    input: z.object({ password: z.string().min(1).max(256) }).strict(),
    result: returns<SessionInfo>(),
  },
  'auth.keepAlive': {
    summary: 'Count as activity, so an idle session does not lock (the idle warning’s button)',
    access: 'signed-in',
    input: z.object({}).strict(),
    result: returns<null>(),
  },
  'auth.lock': {
    summary: 'Lock your session now (the idle countdown ran out, or you step away)',
    access: 'signed-in',
    input: z.object({}).strict(),
    result: returns<SessionInfo>(),
  },
  'auth.changePassword': {
    summary: 'Change your own password',
    access: 'signed-in',
    input: z
      .object({ currentPassword: z.string().min(1).max(256), newPassword: password })
      .strict(),
    result: returns<null>(),
  },
  'accounts.list': {
    summary: 'List local accounts',
    access: ['admin'],
    input: z.object({}).strict(),
    result: returns<AccountInfo[]>(),
  },
  'accounts.counsellors': {
    summary: 'List counsellors a case can be assigned to',
    access: ['admin', 'counsellor'],
    input: z.object({}).strict(),
    result: returns<{ id: number; displayName: string }[]>(),
  },
  'accounts.create': {
    summary: 'Create a local account',
    access: ['admin'],
    input: z
      .object({ username, displayName: z.string().trim().min(1).max(80), role, password })
      .strict(),
    result: returns<AccountInfo>(),
  },
  'accounts.update': {
    summary: 'Change an account’s name, role or disabled state',
    access: ['admin'],
    input: z
      .object({
        userId: id,
        displayName: z.string().trim().min(1).max(80).optional(),
        role: role.optional(),
        disabled: z.boolean().optional(),
      })
      .strict(),
    result: returns<AccountInfo>(),
  },
  'accounts.resetPassword': {
    summary: 'Set a new password for an account',
    access: ['admin'],
    input: z.object({ userId: id, password }).strict(),
    result: returns<null>(),
  },
} as const;
