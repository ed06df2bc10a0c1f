/** Turns a failure into words in the user's language, by error code (never by parsing messages). */
import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/errors';

export function errorText(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'internal';
  return t(`errors.${code}`);
}

/** Field errors of a validation failure, keyed by the input's field name. */
export function fieldIssues(error: unknown): Set<string> {
  if (!(error instanceof ApiError) || error.code !== 'validation') return new Set();
  return new Set((error.issues ?? []).map((i) => i.path.split('.')[0] ?? ''));
}
