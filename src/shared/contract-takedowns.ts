/**
 * Contract methods and events of takedowns (issue 8): requests and their lifecycle, the
 * host/platform registry, re-checks and the service-level settings. Spread into `contract` and
 * `events` in contract.ts. Staff and admins manage takedowns; monitors may read them (to see what
 * became of what they confirmed) but change nothing (docs/decisions/0060).
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import type { Role } from './roles';
import {
  TAKEDOWN_STATES,
  platformInputSchema,
  requestEditSchema,
  takedownSettingsSchema,
  type PlatformInfo,
  type TakedownCheck,
  type TakedownCounts,
  type TakedownDetail,
  type TakedownSettings,
  type TakedownSummary,
} from './takedown-types';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();
const manage: readonly Role[] = ['admin', 'staff'];
const read: readonly Role[] = ['admin', 'staff', 'monitor'];

export const takedownsContract = {
  'takedowns.list': {
    summary: 'List takedown requests, newest first, with their deadlines and due re-sends',
    access: read,
    input: z
      .object({
        state: z.enum(TAKEDOWN_STATES).optional(),
        /** 'open': draft, sent or acknowledged. */
        filter: z.enum(['all', 'open', 'overdue', 'resend-due', 'flagged']).default('all'),
        host: z.string().trim().toLowerCase().max(253).optional(),
        limit: z.number().int().min(1).max(5000).default(1000),
      })
      .strict(),
    result: returns<TakedownSummary[]>(),
  },
  'takedowns.counts': {
    summary: 'Counts of open, overdue, re-send due and flagged requests',
    access: read,
    input: z.object({}).strict(),
    result: returns<TakedownCounts>(),
  },
  'takedowns.get': {
    summary: 'One request with its images, history, re-checks and re-upload links',
    access: read,
    input: z.object({ id }).strict(),
    result: returns<TakedownDetail>(),
  },
  'takedowns.update': {
    summary: "Edit a request's channel, route, contact, language, reference number or notes",
    access: manage,
    input: z.object({ id, edit: requestEditSchema }).strict(),
    result: returns<TakedownDetail>(),
  },
  'takedowns.transition': {
    summary: 'Move a request along its lifecycle (sent, acknowledged, removed, refused, expired)',
    access: manage,
    input: z
      .object({
        id,
        to: z.enum(TAKEDOWN_STATES),
        note: z.string().trim().max(2000).default(''),
        referenceNumber: z.string().trim().max(200).optional(),
      })
      .strict(),
    result: returns<TakedownDetail>(),
  },
  'takedowns.transitionMany': {
    summary: 'Move several requests at once (e.g. all drafts of one host after one notice)',
    access: manage,
    input: z
      .object({
        ids: z
          .array(id)
          .min(1)
          .max(1000)
          .refine((a) => new Set(a).size === a.length, 'each request once'),
        to: z.enum(TAKEDOWN_STATES),
        note: z.string().trim().max(2000).default(''),
      })
      .strict(),
    result: returns<{ updated: number }>(),
  },
  'takedowns.resend': {
    summary: 'Record that a sent request was sent again (starts the next re-send interval)',
    access: manage,
    input: z.object({ id, note: z.string().trim().max(2000).default('') }).strict(),
    result: returns<TakedownDetail>(),
  },
  'takedowns.recheck': {
    summary: 'Fetch the reported page and images again now, and record the evidence',
    access: manage,
    input: z.object({ id }).strict(),
    result: returns<TakedownCheck>(),
  },
  'takedowns.settings': {
    summary: 'The service level, re-send and re-check intervals',
    access: read,
    input: z.object({}).strict(),
    result: returns<TakedownSettings>(),
  },
  'takedowns.updateSettings': {
    summary: 'Change the service level, re-send and re-check intervals',
    access: manage,
    input: takedownSettingsSchema,
    result: returns<TakedownSettings>(),
  },
  'platforms.list': {
    summary: 'List the registry of hosts and platforms with their abuse contacts',
    access: read,
    input: z.object({}).strict(),
    result: returns<PlatformInfo[]>(),
  },
  'platforms.create': {
    summary: 'Add a host or platform to the registry',
    access: manage,
    input: z.object({ platform: platformInputSchema }).strict(),
    result: returns<PlatformInfo>(),
  },
  'platforms.update': {
    summary: 'Change a registry entry (requests keep the contact they were sent to)',
    access: manage,
    input: z.object({ id, platform: platformInputSchema }).strict(),
    result: returns<PlatformInfo>(),
  },
  'platforms.delete': {
    summary: 'Remove a registry entry (requests stay, without the link)',
    access: manage,
    input: z.object({ id }).strict(),
    result: returns<null>(),
  },
} as const;

export const takedownsEvents = {
  /** A request was opened, changed or re-checked (by anyone, or the scheduler). */
  'takedowns.changed': returns<{ ids: number[] }>(),
} as const;
