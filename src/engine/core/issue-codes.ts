/**
 * Turns zod's issues into the contract's field issues: the path into the input, an issue code the
 * screen has words for, and the numbers those words need. Without this a screen can only say
 * "some fields need attention" and guess which.
 */
import type { z } from 'zod';
import type { ApiIssue, IssueCode } from '../../shared/errors';

/** Reads the value at a path of the raw input (undefined when any step is missing). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return v;
}

function codeOf(issue: z.core.$ZodIssue, raw: unknown): Pick<ApiIssue, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return { code: valueAt(raw, issue.path) === undefined ? 'required' : 'type' };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? { code: 'required' } : sized('too-short', min);
      if (issue.origin === 'array' || issue.origin === 'set') return sized('too-few', min);
      return { code: 'too-small', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'too-long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'too-many', params: { max } };
      return { code: 'too-big', params: { max } };
    }
    case 'invalid_format':
      if (issue.format === 'email') return { code: 'email' };
      if (issue.format === 'url') return { code: 'url' };
      return { code: 'format' };
    case 'invalid_value':
      return { code: 'choice' };
    case 'unrecognized_keys':
      return { code: 'unknown-key', params: { keys: issue.keys.join(', ') } };
    default:
      return { code: 'invalid' };
  }
}

function sized(code: IssueCode, min: number): Pick<ApiIssue, 'code' | 'params'> {
  return { code, params: { min } };
}

/** The contract's issues for a failed parse of `raw`. */
export function issuesOf(error: z.ZodError, raw: unknown): ApiIssue[] {
  return error.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.message,
    ...codeOf(i, raw),
  }));
}
