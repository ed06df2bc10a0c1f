/**
 * Contract methods of cases and reference images (issue 5), spread into `contract` in
 * contract.ts; accounts and sign-in are in contract-accounts.ts, the audit log in
 * contract-audit.ts. Access rules, decided in docs/decisions/0032-who-sees-what.md: identity and
 * timeline are counsellors' only; admins never see identity; monitors and staff see case codes,
 * consent and hashes, thumbnails blurred only.
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type {
  AddImageResult,
  CaseDetail,
  CasePrivate,
  CaseSummary,
  Thumbnail,
} from './cases-types';

const returns = <T>(): Phantom<T> => ({});

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
