/**
 * Contract methods of the audit log (admins only): read it a page at a time, verify its hash chain
 * and anchor. Spread into `contract` in contract.ts; split from contract-cases.ts (issue 14).
 */
import { z } from 'zod';
import type { AuditEntry, AuditVerifyResult } from './cases-types';
import type { Phantom } from './phantom';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();

export const auditContract = {
  'audit.list': {
    summary: 'Read the audit log',
    access: ['admin'],
    input: z
      .object({
        beforeSeq: id.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        action: z.string().max(60).optional(),
      })
      .strict(),
    result: returns<AuditEntry[]>(),
  },
  'audit.verify': {
    summary: 'Verify the audit log’s hash chain',
    access: ['admin'],
    input: z.object({}).strict(),
    result: returns<AuditVerifyResult>(),
  },
} as const;
