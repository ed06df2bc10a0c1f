/**
 * Contract methods and events of the review queue (issue 7). Spread into `contract` and `events`
 * in contract.ts. Monitors review; admins may too. Staff and counsellors may not: review shows
 * crawled abuse material, and it is the monitors' work (docs/decisions/0050).
 */
import { z } from 'zod';
import type { Phantom } from './phantom';
import {
  REVIEW_DECISIONS,
  REVIEW_PICTURES,
  reviewFilterSchema,
  reviewSettingsSchema,
  type ReviewChanged,
  type ReviewCounts,
  type ReviewDailyCount,
  type ReviewDecideResult,
  type ReviewImage,
  type ReviewItemDetail,
  type ReviewPage,
  type ReviewSettings,
  type ReviewThumbnail,
  type ReviewUndoResult,
} from './review-types';
import type { Role } from './roles';

const returns = <T>(): Phantom<T> => ({});
const id = z.number().int().positive();
const access: readonly Role[] = ['admin', 'monitor'];

export const reviewContract = {
  'review.list': {
    summary: 'List a window of the review queue, highest priority first',
    access,
    input: z
      .object({
        filter: reviewFilterSchema.default({ state: 'pending' }),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    result: returns<ReviewPage>(),
  },
  'review.counts': {
    summary: 'Count the review queue per state, case, site, host and algorithm',
    access,
    input: z.object({ filter: reviewFilterSchema.default({ state: 'pending' }) }).strict(),
    result: returns<ReviewCounts>(),
  },
  'review.item': {
    summary: 'Read one review item with its pages and history',
    access,
    input: z.object({ itemId: id }).strict(),
    result: returns<ReviewItemDetail>(),
  },
  'review.image': {
    summary: 'Show a review item’s reference, candidate or page screenshot, blurred in greyscale',
    access,
    input: z.object({ itemId: id, picture: z.enum(REVIEW_PICTURES) }).strict(),
    result: returns<ReviewImage | null>(),
  },
  'review.thumbnails': {
    summary: 'Show small blurred greyscale pictures of queue rows (what was found)',
    access,
    input: z.object({ itemIds: z.array(id).min(1).max(100) }).strict(),
    result: returns<ReviewThumbnail[]>(),
  },
  'review.reveal': {
    summary: 'Reveal a review item’s picture unblurred (audited)',
    access,
    input: z.object({ itemId: id, picture: z.enum(REVIEW_PICTURES) }).strict(),
    result: returns<ReviewImage | null>(),
  },
  'review.decide': {
    summary: 'Confirm, reject or mark unsure one or more review items',
    access,
    input: z
      .object({
        itemIds: z
          .array(id)
          .min(1)
          .max(1000)
          .refine((a) => new Set(a).size === a.length, 'each item once'),
        decision: z.enum(REVIEW_DECISIONS),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    result: returns<ReviewDecideResult>(),
  },
  'review.undo': {
    summary: 'Undo your last review decision that is not undone yet',
    access,
    input: z.object({}).strict(),
    result: returns<ReviewUndoResult | null>(),
  },
  'review.setUrgency': {
    summary: 'Set how urgent a case’s review items are (0 normal to 3 most urgent)',
    access,
    input: z.object({ caseId: id, urgency: z.number().int().min(0).max(3) }).strict(),
    result: returns<null>(),
  },
  'review.settings': {
    summary: 'Read your review settings',
    access,
    input: z.object({}).strict(),
    result: returns<ReviewSettings>(),
  },
  'review.saveSettings': {
    summary: 'Save your review settings',
    access,
    input: reviewSettingsSchema,
    result: returns<ReviewSettings>(),
  },
  'review.dailyCount': {
    summary: 'Count what you reviewed since a moment (your local midnight)',
    access,
    input: z.object({ since: z.iso.datetime({ offset: true }) }).strict(),
    result: returns<ReviewDailyCount>(),
  },
} as const;

export const reviewEvents = {
  /** Review items were decided, undone or re-prioritised; lists and counts should refresh. */
  'review.changed': returns<ReviewChanged>(),
} as const;
