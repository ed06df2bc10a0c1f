/**
 * Takedown domain types shared by the engine, the hosts and the renderer: requests and their
 * lifecycle, the host/platform registry, re-check evidence and the service-level settings.
 */
import { z } from 'zod';

export const TAKEDOWN_STATES = [
  'draft',
  'sent',
  'acknowledged',
  'removed',
  'refused',
  'expired',
] as const;
export type TakedownState = (typeof TAKEDOWN_STATES)[number];

/** States a request is still being chased in. */
export const OPEN_STATES: readonly TakedownState[] = ['draft', 'sent', 'acknowledged'];

export const CHANNELS = ['email', 'web-form', 'platform-tool', 'regulator'] as const;
export type TakedownChannel = (typeof CHANNELS)[number];

/** Which notice: illegal content / NCII, or copyright (often acted on faster). */
export const ROUTES = ['ncii', 'copyright'] as const;
export type TakedownRoute = (typeof ROUTES)[number];

/** Manual state changes staff may make (the re-check may also mark a request removed). */
export const TRANSITIONS: Readonly<Record<TakedownState, readonly TakedownState[]>> = {
  draft: ['sent'],
  sent: ['acknowledged', 'removed', 'refused', 'expired'],
  acknowledged: ['removed', 'refused', 'expired'],
  // A refusal or an expiry can be taken further (another channel, the regulator): send again.
  refused: ['sent'],
  expired: ['sent'],
  removed: [],
};

const language = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language code such as ko, en, ja or zh');
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/, 'a host name without scheme or port');

/** A registry entry as staff edit it. */
export const platformInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    hosts: z.array(hostName).min(1).max(50),
    abuseEmail: z.email().max(320).nullable().default(null),
    formUrl: z
      .url({ protocol: /^https?$/, error: 'an http or https URL' })
      .max(2048)
      .nullable()
      .default(null),
    preferredChannel: z.enum(CHANNELS).default('email'),
    language: language.default('en'),
    notes: z.string().max(5000).default(''),
  })
  .strict();
export type PlatformInput = z.input<typeof platformInputSchema>;

export interface PlatformInfo {
  id: number;
  name: string;
  hosts: string[];
  abuseEmail: string | null;
  formUrl: string | null;
  preferredChannel: TakedownChannel;
  language: string;
  notes: string;
  /** Requests on record for this platform (any state). */
  requests: number;
}

/** Fields staff edit on a request. */
export const requestEditSchema = z
  .object({
    channel: z.enum(CHANNELS).optional(),
    route: z.enum(ROUTES).optional(),
    contact: z.string().trim().max(2048).optional(),
    language: language.optional(),
    referenceNumber: z.string().trim().max(200).optional(),
    notes: z.string().max(20_000).optional(),
  })
  .strict();
export type RequestEdit = z.input<typeof requestEditSchema>;

/** One request in the list. */
export interface TakedownSummary {
  id: number;
  url: string;
  host: string;
  platformId: number | null;
  platformName: string | null;
  state: TakedownState;
  route: TakedownRoute;
  channel: TakedownChannel;
  contact: string;
  language: string;
  referenceNumber: string;
  /** Pseudonymous case codes of the matches on the page (never identity). */
  caseCodes: string[];
  /** Names of the imported hash lists whose confirmed matches are on the page (decision 0078). */
  hashLists: string[];
  /** Images on the page the request covers, and how many a re-check found gone. */
  images: number;
  imagesGone: number;
  reuploadOf: number | null;
  createdAt: string;
  updatedAt: string;
  firstSentAt: string | null;
  lastSentAt: string | null;
  deadlineAt: string | null;
  closedAt: string | null;
  removedAt: string | null;
  flaggedAt: string | null;
  lastCheckedAt: string | null;
  /** Sent or acknowledged and past the deadline. */
  overdue: boolean;
  /** Sent or acknowledged and not re-sent for the re-send interval: send it again. */
  resendDue: boolean;
  /** When the next re-send is due (open requests that were sent), else null. */
  resendAt: string | null;
}

export interface TakedownItem {
  id: number;
  matchId: number | null;
  caseCode: string | null;
  /** The imported hash list the image matched, for items without a case. */
  hashList: string | null;
  imageUrl: string;
  imageSha256: string;
  foundAt: string;
  addedAt: string;
  goneAt: string | null;
  goneReason: string | null;
}

export interface TakedownEvent {
  id: number;
  at: string;
  /** Display name of who did it; null for the scheduler. */
  actor: string | null;
  kind:
    'created' | 'extended' | 'withdrawn' | 'state' | 'resent' | 'edited' | 'checked' | 'flagged';
  fromState: TakedownState | null;
  toState: TakedownState | null;
  detail: Record<string, unknown>;
}

/** What a re-check saw for one image. */
export interface CheckedImage {
  url: string;
  status: number | null;
  sha256: string | null;
  /** Whether the page (as fetched, without scripts) still references the image; null: not judged. */
  onPage: boolean | null;
  gone: boolean;
  reason: string | null;
  error?: string;
}

export interface TakedownCheck {
  id: number;
  at: string;
  actor: string | null;
  pageStatus: number | null;
  outcome: 'present' | 'removed' | 'error';
  finalUrl: string | null;
  error: string | null;
  images: CheckedImage[];
}

export interface TakedownDetail extends TakedownSummary {
  notes: string;
  items: TakedownItem[];
  events: TakedownEvent[];
  checks: TakedownCheck[];
  /** Earlier and later requests for the same content (re-upload links). */
  related: { id: number; url: string; state: TakedownState; relation: 'earlier' | 'later' }[];
}

export const takedownSettingsSchema = z
  .object({
    /** Hours from first sending to the deadline (48: the strictest current NCII law). */
    serviceLevelHours: z
      .number()
      .min(1)
      .max(24 * 90),
    /** Re-send reminders every N hours until removal. */
    resendHours: z
      .number()
      .min(1)
      .max(24 * 30),
    /** Open requests are re-checked every N hours. */
    recheckHours: z
      .number()
      .min(1)
      .max(24 * 30),
  })
  .strict();
export type TakedownSettings = z.infer<typeof takedownSettingsSchema>;

/** Counts the Requests tab shows in its header. */
export interface TakedownCounts {
  /** Requests on record, in any state. */
  total: number;
  open: number;
  draft: number;
  overdue: number;
  resendDue: number;
  flagged: number;
}
