/**
 * Contract methods of accounts, audit, cases and reference images (issue 5), spread into
 * `contract` in contract.ts. Access rules, decided in docs/decisions/0032-who-sees-what.md:
 * identity and timeline are counsellors' only; admins manage accounts and read the audit log but
 * never identity; monitors and staff see case codes, consent and hashes, thumbnails blurred only.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type {
  AccountInfo,
  AddImageResult,
  AuditEntry,
  AuditVerifyResult,
  CaseDetail,
  CasePrivate,
  CaseSummary,
  Thumbnail,
} from './cases-types';
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
const status = z.enum(['open', 'monitoring', 'closed']);
const consent = z
  .object({
    searchWeb: z.boolean(),
    fileTakedowns: z.boolean(),
    storage: z.enum(['originals', 'hashes-only']),
  })
  .strict();
const identity = z
  .object({
    name: z.string().trim().min(1).max(200),
    contact: z.string().trim().max(500),
    notes: z.string().max(20_000),
  })
  .strict();
/** Base64 of one image file; 40 MiB of image is 53.4 MiB of base64 (hosts allow 64 MiB bodies). */
const fileData = z
  .string()
  .max(56 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const casesContract = {
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
  'cases.list': {
    summary: 'List cases by code, status and counsellor',
    access: 'signed-in',
    input: z
      .object({
        query: z.string().trim().max(200).optional(),
        status: status.optional(),
        assignedToMe: z.boolean().optional(),
      })
      .strict(),
    result: returns<CaseSummary[]>(),
  },
  'cases.get': {
    summary: 'Read a case without the victim’s identity',
    access: 'signed-in',
    input: z.object({ caseId: id }).strict(),
    result: returns<CaseDetail>(),
  },
  'cases.create': {
    summary: 'Register a case',
    access: ['counsellor'],
    input: z.object({ identity, consent, assignedTo: id.optional() }).strict(),
    result: returns<CaseSummary>(),
  },
  'cases.private': {
    summary: 'Read a victim’s identity and contact timeline',
    access: ['counsellor'],
    input: z.object({ caseId: id }).strict(),
    result: returns<CasePrivate>(),
  },
  'cases.updateIdentity': {
    summary: 'Change a victim’s identity details',
    access: ['counsellor'],
    input: z.object({ caseId: id, identity }).strict(),
    result: returns<null>(),
  },
  'cases.addTimeline': {
    summary: 'Add a contact note to a case’s timeline',
    access: ['counsellor'],
    input: z.object({ caseId: id, text: z.string().trim().min(1).max(20_000) }).strict(),
    result: returns<null>(),
  },
  'cases.setConsent': {
    summary: 'Record the victim’s consent',
    access: ['counsellor'],
    input: z.object({ caseId: id, consent }).strict(),
    result: returns<CaseSummary>(),
  },
  'cases.setStatus': {
    summary: 'Change a case’s status',
    access: ['admin', 'counsellor'],
    input: z.object({ caseId: id, status }).strict(),
    result: returns<CaseSummary>(),
  },
  'cases.assign': {
    summary: 'Assign a case to a counsellor',
    access: ['admin', 'counsellor'],
    input: z.object({ caseId: id, counsellorId: id }).strict(),
    result: returns<CaseSummary>(),
  },
  'cases.delete': {
    summary: 'Delete a case and destroy its key and data',
    access: ['admin', 'counsellor'],
    input: z.object({ caseId: id, confirmCode: z.string().trim().max(20) }).strict(),
    result: returns<null>(),
  },
  'images.add': {
    summary: 'Fingerprint an image and add it to a case',
    access: ['counsellor'],
    input: z.object({ caseId: id, fileName: z.string().max(500), data: fileData }).strict(),
    result: returns<AddImageResult>(),
  },
  'images.thumbnail': {
    summary: 'Show a reference image’s blurred greyscale thumbnail',
    access: ['counsellor', 'monitor'],
    input: z.object({ imageId: id }).strict(),
    result: returns<Thumbnail | null>(),
  },
  'images.reveal': {
    summary: 'Reveal a reference image unblurred',
    access: ['counsellor'],
    input: z.object({ imageId: id }).strict(),
    result: returns<Thumbnail | null>(),
  },
  'images.remove': {
    summary: 'Remove a reference image and its original from a case',
    access: ['counsellor'],
    input: z.object({ imageId: id }).strict(),
    result: returns<null>(),
  },
} as const;
