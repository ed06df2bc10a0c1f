/**
 * Types of takedown notices and exports (issue 8): notice templates per language and route, the
 * centre's contact details printed on every notice, and the files the engine hands back.
 */
import { z } from 'zod';
import { isTimeZone } from './time-zone';

/** The two routes of a notice: illegal content / NCII, or copyright. */
export const NOTICE_ROUTES = ['ncii', 'copyright'] as const;
export type NoticeRoute = (typeof NOTICE_ROUTES)[number];

/** Languages with built-in templates. More are added by saving a template for another language. */
export const BUILT_IN_NOTICE_LANGUAGES = ['ko', 'en', 'ja', 'zh'] as const;

/** A BCP 47 language tag such as 'ko', 'en', 'zh-TW'. */
export const noticeLanguageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as ko, en, ja, zh or zh-TW');

/** Placeholders a template may use inside text (replaced by escaped values). */
export const NOTICE_TEXT_PLACEHOLDERS = [
  'date',
  'reference',
  'platform',
  'host',
  'count',
  'serviceLevelHours',
  'centre.name',
  'centre.address',
  'centre.email',
  'centre.phone',
  'centre.website',
  'centre.signatory',
] as const;

/** Placeholders that stand alone on a line and become a block of the document. */
export const NOTICE_BLOCK_PLACEHOLDERS = ['items', 'evidence'] as const;

export const MAX_TEMPLATE_BODY = 20_000;
export const MAX_TEMPLATE_SUBJECT = 300;

export const noticeTemplateInputSchema = z
  .object({
    language: noticeLanguageSchema,
    route: z.enum(NOTICE_ROUTES),
    subject: z.string().trim().min(1).max(MAX_TEMPLATE_SUBJECT),
    body: z.string().min(1).max(MAX_TEMPLATE_BODY),
  })
  .strict();

/** A template as the Settings panel shows it. */
export interface NoticeTemplateInfo {
  language: string;
  route: NoticeRoute;
  subject: string;
  body: string;
  /** True when this language has a built-in default (reset restores it). */
  builtIn: boolean;
  /** True when the stored template differs from the built-in one (or there is no built-in). */
  customised: boolean;
  updatedAt: string | null;
}

/** The centre's name, address and signatory in one language (empty: the default's). */
export const centreLocalizedSchema = z
  .object({
    name: z.string().trim().max(200),
    address: z.string().trim().max(500),
    signatory: z.string().trim().max(200),
  })
  .strict();
export type CentreLocalized = z.output<typeof centreLocalizedSchema>;

/** The centre's contact details, printed on every notice. */
export const centreContactSchema = z
  .object({
    name: z.string().trim().max(200),
    address: z.string().trim().max(500),
    email: z.string().trim().max(200),
    phone: z.string().trim().max(100),
    website: z.string().trim().max(300),
    signatory: z.string().trim().max(200),
    /** IANA time zone whose days reports count, e.g. 'Asia/Seoul'; '' for the system's. */
    timeZone: z
      .string()
      .trim()
      .max(64)
      .refine((tz) => tz === '' || isTimeZone(tz), 'an IANA time zone, e.g. Asia/Seoul')
      .default(''),
    /**
     * Name, address and signatory per notice language ('ko', 'en' …), so a notice is signed in
     * its own language; a language without an entry (or an empty field) uses the fields above.
     * Left out of a save, the saved ones are kept.
     */
    localized: z
      .record(noticeLanguageSchema, centreLocalizedSchema)
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 languages')
      .optional(),
  })
  .strict();

/** The centre's details as read: every saved language included. */
export type CentreContact = Omit<z.output<typeof centreContactSchema>, 'localized'> & {
  localized: Record<string, CentreLocalized>;
};

/** A piece of text in a rendered template: plain or bold. Never markup. */
export interface NoticeSpan {
  text: string;
  bold?: boolean;
}

/** A block of a rendered template, for the preview (the PDF uses the same blocks). */
export type NoticeBlock =
  | { kind: 'h1' | 'h2' | 'p'; lines: NoticeSpan[][] }
  | { kind: 'ul'; items: NoticeSpan[][] }
  | { kind: 'items' }
  | { kind: 'evidence' };

export interface NoticePreview {
  subject: string;
  blocks: NoticeBlock[];
}

/** A file produced by the engine, for the UI to save. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  /** The bytes, base64. */
  data: string;
  /** Requests or URLs it covers. */
  count: number;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
