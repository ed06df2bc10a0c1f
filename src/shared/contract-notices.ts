/**
 * Contract methods of takedown notices and exports (issue 8): notice templates per language and
 * route (editable in Settings), the centre's contact details, a notice PDF for one host's
 * requests, and exports of requests as CSV, XLSX or JSON. Spread into `contract` in contract.ts.
 * Staff send notices; admins may too (they configure the centre's details and templates).
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import {
  centreContactSchema,
  EXPORT_FORMATS,
  NOTICE_ROUTES,
  noticeLanguageSchema,
  noticeTemplateInputSchema,
  MAX_TEMPLATE_BODY,
  MAX_TEMPLATE_SUBJECT,
  type CentreContact,
  type ExportedFile,
  type NoticePreview,
  type NoticeTemplateInfo,
} from './notices-types';
import type { Role } from './roles';

const returns = <T>(): Phantom<T> => ({});
const access: readonly Role[] = ['admin', 'staff'];
const requestIds = z.array(z.number().int().positive()).min(1).max(1000);
const TAKEDOWN_STATES = ['draft', 'sent', 'acknowledged', 'removed', 'refused', 'expired'] as const;

export const noticesContract = {
  'notices.templates': {
    summary: 'List the notice templates (built-in and edited) per language and route',
    access,
    input: z.object({}).strict(),
    result: returns<NoticeTemplateInfo[]>(),
  },
  'notices.saveTemplate': {
    summary: 'Save a notice template, or add one for another language',
    access,
    input: noticeTemplateInputSchema,
    result: returns<NoticeTemplateInfo>(),
  },
  'notices.resetTemplate': {
    summary: 'Reset a notice template to its built-in text (or remove an added language)',
    access,
    input: z.object({ language: noticeLanguageSchema, route: z.enum(NOTICE_ROUTES) }).strict(),
    result: returns<NoticeTemplateInfo | null>(),
  },
  'notices.preview': {
    summary: 'Preview a notice template filled with sample values',
    access,
    input: z
      .object({
        language: noticeLanguageSchema,
        route: z.enum(NOTICE_ROUTES),
        subject: z.string().max(MAX_TEMPLATE_SUBJECT).optional(),
        body: z.string().max(MAX_TEMPLATE_BODY).optional(),
      })
      .strict(),
    result: returns<NoticePreview>(),
  },
  'notices.centre': {
    summary: "Read the centre's contact details printed on notices",
    access,
    input: z.object({}).strict(),
    result: returns<CentreContact>(),
  },
  'notices.saveCentre': {
    summary: "Save the centre's contact details printed on notices",
    access,
    input: centreContactSchema,
    result: returns<CentreContact>(),
  },
  'notices.pdf': {
    summary: "Make a takedown notice PDF for one host's requests",
    access,
    input: z
      .object({
        requestIds,
        language: noticeLanguageSchema.optional(),
        route: z.enum(NOTICE_ROUTES).optional(),
        includeEvidence: z.boolean().default(false),
      })
      .strict(),
    result: returns<ExportedFile>(),
  },
  'notices.exportRequests': {
    summary: 'Export takedown requests as CSV, XLSX or JSON',
    access,
    input: z
      .object({
        format: z.enum(EXPORT_FORMATS),
        requestIds: requestIds.optional(),
        states: z.array(z.enum(TAKEDOWN_STATES)).max(6).optional(),
        host: z.string().trim().min(1).max(253).optional(),
      })
      .strict(),
    result: returns<ExportedFile>(),
  },
} as const;
