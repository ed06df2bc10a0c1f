/**
 * Errors that cross the API boundary. Every failure a caller can see is one of these codes, so the
 * UI can say what went wrong in the user's language without parsing messages.
 */
export const API_ERROR_CODES = [
  /** The input did not match the method's schema. */
  'validation',
  /** Nobody is signed in, or the session expired or was locked. */
  'unauthenticated',
  /** The signed-in user's role may not call this method. */
  'forbidden',
  /** The record does not exist (or is not visible to this user). */
  'not-found',
  /** The request conflicts with the current state (e.g. the first admin exists already). */
  'conflict',
  /** The method is not in the contract. */
  'unknown-method',
  /** The case file cannot be used (newer schema, corrupt, locked). */
  'case-file',
  /** Anything else: a bug. The message is generic; details go to the developer log only. */
  'internal',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * What exactly went wrong, when the code alone would make the screen guess: each reason has its
 * own sentence in every language (errors.reasons.* in the renderer's strings). Add one here when
 * an engine error deserves its own words; the i18n test fails until both languages have them.
 */
export const API_ERROR_REASONS = [
  /** The session was locked after idle time (unlock it). */
  'locked',
  /** The host was started without a master key (no passphrase in headless mode). */
  'no-master-key',
  /** The passphrase (or key store) does not open this case file's keys. */
  'wrong-key',
  /** The case file's keys are protected another way (passphrase vs the OS key store). */
  'keys-other-way',
  /** The case file was written by a newer Jium. */
  'newer-case-file',
  /** Someone has this username already. */
  'username-taken',
  /** The last active administrator cannot be disabled or demoted. */
  'last-admin',
  /** A crawl site with this name exists already. */
  'site-name-taken',
  /** A registry entry with this name exists already. */
  'platform-name-taken',
  /** A host belongs to another registry entry. */
  'host-taken',
  /** Too many wrong passwords for this account lately: its sign-ins wait (auth/lockout.ts). */
  'locked-out',
  /** Too many password attempts from this computer (the centre server's limit per address). */
  'too-many-attempts',
] as const;

export type ApiErrorReason = (typeof API_ERROR_REASONS)[number];

/**
 * Why one field was refused, so the screen can say it in words next to that field. Zod's issues
 * are mapped to these by the engine (core/issue-codes.ts); handlers name theirs directly.
 */
export const ISSUE_CODES = [
  'required',
  'too-short',
  'too-long',
  'too-few',
  'too-many',
  'too-small',
  'too-big',
  'email',
  'url',
  'format',
  'choice',
  'type',
  'unknown-key',
  'taken',
  'refused-address',
  'loopback-only',
  'wrong-password',
  'invalid',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

/** One refused field: its path in the method's input ('platform.abuseEmail') and why. */
export interface ApiIssue {
  /** Dot-joined path into the input; '' for the input as a whole. */
  path: string;
  /** English detail for logs and developers; screens use `code` and `params`. */
  message: string;
  code?: IssueCode;
  /** Values the sentence needs: { min: 10 }, { max: 80 }, { value: 'admin' }. */
  params?: Record<string, string | number>;
}

/** The plain-data form of an error as it travels over IPC or HTTP. */
export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  /** Which fields were wrong and why (validation, and conflicts such as a taken username). */
  issues?: ApiIssue[];
  /** What exactly went wrong, when the screen has a sentence for it ('locked', 'no-master-key'…). */
  reason?: ApiErrorReason;
}

/** An error with a code the UI can translate. Thrown by the engine and re-thrown by API clients. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiIssue[] | undefined;
  readonly reason: ApiErrorReason | undefined;

  constructor(code: ApiErrorCode, message: string, issues?: ApiIssue[], reason?: ApiErrorReason) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
    this.reason = reason;
  }

  /** The form that crosses a process boundary. */
  toData(): ApiErrorData {
    const data: ApiErrorData = { code: this.code, message: this.message };
    if (this.issues) data.issues = this.issues;
    if (this.reason) data.reason = this.reason;
    return data;
  }

  static fromData(data: ApiErrorData): ApiError {
    return new ApiError(data.code, data.message, data.issues, data.reason);
  }
}

/** What every call resolves to on the wire: a value or an error, never a thrown exception. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };
