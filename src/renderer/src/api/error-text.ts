/**
 * Turns a failure into words in the user's language, by the engine's error code, reason and field
 * issues (never by parsing messages). `errorText` is the one sentence for a whole screen;
 * `formErrors` also gives each field the engine named its own sentence, so a form marks exactly
 * those fields and no others.
 */
import type { TFunction } from 'i18next';
import { ApiError, type ApiIssue } from '../../../shared/errors';

/** The sentence for a failure: its reason's words when it has one, else its code's. */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.internal');
  if (error.reason) return t(`errors.reasons.${error.reason}`);
  if (error.code === 'validation' && error.issues?.length) {
    // A failure with no field to mark says what was wrong itself.
    const whole = error.issues.filter((i) => !i.path);
    if (whole.length === error.issues.length) return whole.map((i) => issueText(t, i)).join(' ');
  }
  return t(`errors.${error.code}`);
}

/** The words for one refused field ("Enter an e-mail address such as abuse@example.com."). */
export function issueText(t: TFunction, issue: ApiIssue): string {
  return t(`errors.issues.${issue.code ?? 'invalid'}`, { ...issue.params });
}

/** Whether an issue at `issuePath` belongs to the field at `field` (itself or inside it). */
function within(issuePath: string, field: string): boolean {
  return issuePath === field || issuePath.startsWith(`${field}.`);
}

/** What a form shows for a failed call: one sentence above the buttons, and words per field. */
export interface FormErrors {
  /** The sentence for the whole form, or null when there is no error. */
  message: string | null;
  /**
   * The words for the field at this input path ('username', 'platform.abuseEmail'), for Mantine's
   * `error` prop; undefined when the engine did not name it. Issues inside the field count
   * ('platform.hosts.2' marks 'platform.hosts').
   */
  field(path: string): string | undefined;
  /** The input paths the engine named. */
  paths: string[];
}

/** Reads a failed call for a form (null error: nothing to show). */
export function formErrors(t: TFunction, error: unknown): FormErrors {
  if (error === null || error === undefined)
    return { message: null, field: () => undefined, paths: [] };
  const issues = error instanceof ApiError ? (error.issues ?? []).filter((i) => i.path) : [];
  const marked = issues.length > 0;
  const message =
    error instanceof ApiError && error.code === 'validation' && marked && !error.reason
      ? t('errors.checkFields', { count: new Set(issues.map((i) => i.path)).size })
      : errorText(t, error);
  return {
    message,
    field(path) {
      const mine = issues.filter((i) => within(i.path, path));
      return mine.length ? [...new Set(mine.map((i) => issueText(t, i)))].join(' ') : undefined;
    },
    paths: [...new Set(issues.map((i) => i.path))],
  };
}

/** Field errors of a validation failure, keyed by the input's top-level field name. */
export function fieldIssues(error: unknown): Set<string> {
  if (!(error instanceof ApiError) || error.code !== 'validation') return new Set();
  return new Set((error.issues ?? []).map((i) => i.path.split('.')[0] ?? ''));
}
