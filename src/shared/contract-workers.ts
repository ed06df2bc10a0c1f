/**
 * Contract methods of crawl workers on other machines (issue 16 items 3–5). Admins make one-time
 * enrolment codes, list and revoke enrolments; a worker trades its code once for a credential,
 * signs in with it, and may then call only the methods whose access names 'worker'
 * (decision 0111). Spread into `contract` in contract.ts.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type { CallerRole, Role } from './roles';
import type { WorkerCode, WorkerConfig, WorkerEnrolment, WorkerInfo } from './worker-types';

const returns = <T>(): Phantom<T> => ({});
const admin: readonly Role[] = ['admin'];
const worker: readonly CallerRole[] = ['worker'];
const label = z.string().trim().min(1).max(80);
/** Codes are 4 groups of 4 base32 letters; credentials 43 base64url characters. */
const code = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/, 'a code like ABCD-EFGH-JKLM-NPQR');
const credential = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a worker credential');

export const workersContract = {
  'workers.createCode': {
    summary: 'Make a one-time code that enrols one crawl worker',
    access: admin,
    input: z.object({ label }).strict(),
    result: returns<WorkerCode>(),
  },
  'workers.list': {
    summary: 'List the enrolled crawl workers',
    access: admin,
    input: z.object({}).strict(),
    result: returns<WorkerInfo[]>(),
  },
  'workers.revoke': {
    summary: 'Revoke a crawl worker: its next call is refused',
    access: admin,
    input: z.object({ id: z.number().int().positive() }).strict(),
    result: returns<WorkerInfo>(),
  },
  'workers.enrol': {
    summary: 'Enrol a crawl worker with a one-time code',
    access: 'public',
    input: z.object({ code }).strict(),
    result: returns<WorkerEnrolment>(),
  },
  'workers.signIn': {
    summary: 'Sign a crawl worker in with its credential',
    access: 'public',
    input: z.object({ credential }).strict(),
    result: returns<{ workerId: number; label: string }>(),
  },
  'workers.config': {
    summary: 'Read the site settings and reference hashes a crawl worker needs',
    access: worker,
    input: z.object({}).strict(),
    result: returns<WorkerConfig>(),
  },
} as const;
