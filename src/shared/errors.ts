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

/** The plain-data form of an error as it travels over IPC or HTTP. */
export interface ApiErrorData {
  code: ApiErrorCode;
  message: string;
  /** For `validation`: which fields were wrong and why. */
  issues?: { path: string; message: string }[];
  /** For `unauthenticated`: 'locked' when the session was locked after idle time (unlock it). */
  reason?: 'locked';
}

/** An error with a code the UI can translate. Thrown by the engine and re-thrown by API clients. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: { path: string; message: string }[] | undefined;
  readonly reason: 'locked' | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    issues?: { path: string; message: string }[],
    reason?: 'locked',
  ) {
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
