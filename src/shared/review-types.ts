/**
 * Review queue types shared by the engine, the hosts and the renderer (issue 7): queue filters,
 * items, their pages, decisions, the monitor's own settings and daily count.
 */
import { z } from 'zod';

export const REVIEW_STATES = ['pending', 'unsure', 'confirmed', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_DECISIONS = ['confirm', 'reject', 'unsure'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The queue's filters; every field narrows, absent fields do not. */
export const reviewFilterSchema = z
  .object({
    state: z.enum(REVIEW_STATES).default('pending'),
    caseId: z.number().int().positive().optional(),
    siteId: z.number().int().positive().optional(),
    host: z.string().trim().toLowerCase().min(1).max(260).optional(),
    algo: z.string().trim().min(1).max(40).optional(),
    /** What the items matched: a case's references, or an imported hash list (decision 0091). */
    source: z.enum(['case', 'list']).optional(),
    /** One imported hash list's items. */
    listId: z.number().int().positive().optional(),
  })
  .strict();
export type ReviewFilter = z.output<typeof reviewFilterSchema>;
export type ReviewFilterInput = z.input<typeof reviewFilterSchema>;

/** What a queue item matched: a case's references, or an imported hash list (decision 0091). */
export type ReviewSource = 'case' | 'list';

export interface ReviewItemSummary {
  id: number;
  source: ReviewSource;
  /** The case, for a case item; null for a list item. */
  caseId: number | null;
  /** The case's code; '' for a list item. */
  caseCode: string;
  /** The list, for a list item; null for a case item. */
  listId: number | null;
  /** The list's name, for a list item; null for a case item. */
  listName: string | null;
  state: ReviewState;
  priority: number;
  distance: number;
  algo: string;
  pageCount: number;
  /** Pages that arrived after the item was last decided. */
  newPages: number;
  /** Host and address of the page with the closest match. */
  host: string;
  pageUrl: string;
  firstFoundAt: string;
  /** Found by retro-matching a reference registered after the crawl (decision 0048). */
  foundEarlier: boolean;
}

/** A window of the queue: the items at [offset, offset + items.length) and the total. */
export interface ReviewPage {
  total: number;
  offset: number;
  items: ReviewItemSummary[];
  /** The centre's time zone (Settings, else the system's): when things were found is told in it. */
  timeZone: string;
}

/** A queue row's small picture: the found image, blurred in greyscale as its preview is. */
export interface ReviewThumbnail {
  itemId: number;
  /** A data: URL of a small JPEG; null when nothing was kept (a hash-list item, hashes only). */
  dataUrl: string | null;
}

/** Counts of the queue per filter value, each under the other filters. */
export interface ReviewCounts {
  states: Record<ReviewState, number>;
  cases: { id: number; code: string; count: number }[];
  sites: { id: number; name: string; count: number }[];
  hosts: { host: string; count: number }[];
  algos: { algo: string; count: number }[];
  /** Items per imported hash list. */
  lists: { id: number; name: string; count: number }[];
  /** Items per source (case or list). */
  sources: Record<ReviewSource, number>;
}

/** One page carrying the item's image. */
export interface ReviewPageInfo {
  matchId: number;
  pageUrl: string;
  imageUrl: string;
  host: string;
  siteName: string | null;
  foundAt: string;
  httpStatus: number;
  serverIp: string;
  distance: number;
  algo: string;
  transform: string;
  reviewState: 'pending' | 'confirmed' | 'rejected';
}

/** One decision in an item's history. */
export interface ReviewHistoryEntry {
  at: string;
  user: string;
  action: ReviewDecision | 'undo';
  newState: ReviewState;
  note: string | null;
}

/** Everything the review view shows about one item, besides the images. */
export interface ReviewItemDetail extends ReviewItemSummary {
  imageSha256: string;
  transform: string;
  /**
   * Where the reference's picture is in the found image, when the verification stage decided the
   * match: its corners (TL, TR, BR, BL), x, y as fractions of the found image (decision 0021).
   */
  region?: number[] | null;
  /** Null for a list item, and for a match of a case's reference video. */
  referenceImageId: number | null;
  /** The case's reference video it matched (a found video, or a still image that is a frame of it). */
  referenceVideoId: number | null;
  /** What was found on the page: a still image or a video. */
  foundKind: 'image' | 'video';
  /** A still image matched to a frame of the reference video: that frame's time, in seconds. */
  refTimeS: number | null;
  /** A found video: the share of its frames found in the reference, and of the reference's frames. */
  queryPct: number | null;
  comparePct: number | null;
  /** False when the case keeps hashes only, or for a list item: no reference picture to show. */
  hasReference: boolean;
  hasEvidence: boolean;
  snapshotKind: 'html' | 'png' | null;
  /** From the HTML snapshot: the page title and a short excerpt of its text (no markup). */
  pageTitle: string | null;
  pageText: string | null;
  pages: ReviewPageInfo[];
  history: ReviewHistoryEntry[];
}

/** Which picture of an item to render. */
export const REVIEW_PICTURES = ['reference', 'candidate', 'snapshot'] as const;
export type ReviewPicture = (typeof REVIEW_PICTURES)[number];

export interface ReviewImage {
  /** A data: URL of a re-encoded JPEG without metadata; blurred greyscale unless revealed. */
  dataUrl: string;
  revealed: boolean;
}

export interface ReviewDecideResult {
  batchId: number;
  decided: number;
  /** Takedown requests opened or extended by a confirm. */
  takedownRequestIds: number[];
  /** Those of them this decision opened (the others were open and took the page). */
  openedRequestIds: number[];
}

export interface ReviewUndoResult {
  batchId: number;
  decision: ReviewDecision;
  itemIds: number[];
  /** The states the items went back to (each once). */
  restored: ReviewState[];
}

/** A reviewer's own settings. */
export const reviewSettingsSchema = z
  .object({
    /** Blur radius (sigma) of previews; larger is softer. */
    blur: z.number().int().min(4).max(40),
    /** Minutes of continuous review before a break reminder; 0 turns it off. */
    breakMinutes: z.number().int().min(0).max(240),
  })
  .strict();
export type ReviewSettings = z.output<typeof reviewSettingsSchema>;
export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = { blur: 14, breakMinutes: 50 };

/** What the signed-in reviewer decided since the given moment (their local midnight). */
export interface ReviewDailyCount {
  confirmed: number;
  rejected: number;
  unsure: number;
  total: number;
}

/** Payload of `review.changed`: the queue changed (decided, undone or new matches). */
export interface ReviewChanged {
  itemIds: number[];
  reason: 'decided' | 'undone' | 'urgency';
}
