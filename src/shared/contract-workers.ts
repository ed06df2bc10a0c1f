/**
 * Contract methods of crawl workers on other machines (issue 16 items 3–5). Admins make one-time
 * enrolment codes, list and revoke enrolments; a worker trades its code once for a credential,
 * signs in with it, and may then call only the methods whose access names 'worker'
 * (decision 0111). Spread into `contract` in contract.ts.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type { CallerRole, Role } from './roles';
import type {
  ProposeResult,
  WorkerCode,
  WorkerConfig,
  WorkerEnrolment,
  WorkerInfo,
} from './worker-types';

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
const id = z.number().int().positive();
const url = z.string().max(8192);
/** One request of a worker's job (WorkerExchange); bodies within the site's size limit. */
const exchange = z
  .object({
    url,
    status: z.number().int().min(100).max(599).optional(),
    headers: z.record(z.string().max(256), z.string().max(8192)).optional(),
    remoteAddress: z.string().max(64).optional(),
    body: z
      .string()
      .max(48 * 1024 * 1024)
      .optional(),
    error: z
      .object({
        kind: z.enum(['fetch', 'refused']),
        code: z.string().max(64),
        message: z.string().max(2000),
      })
      .strict()
      .optional(),
  })
  .strict();

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
    input: z.object({ id }).strict(),
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
  'workers.propose': {
    summary: 'Propose what a crawl job fetched: the centre server decides and records it',
    access: worker,
    input: z
      .object({
        job: z
          .object({
            runId: id,
            siteId: id,
            kind: z.enum(['page', 'image']),
            url,
            pageUrl: url,
            attempt: z.number().int().min(1),
          })
          .strict(),
        exchanges: z.array(exchange).min(1).max(16),
        fingerprint: z
          .string()
          .max(4 * 1024 * 1024)
          .optional(),
      })
      .strict(),
    result: returns<ProposeResult>(),
  },
} as const;
