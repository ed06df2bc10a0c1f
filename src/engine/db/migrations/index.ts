/**
 * Every migration, in order. Domains add theirs here; numbers are consecutive and never reused.
 */
import { migration0001 } from './0001-foundation';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration0001];

export type { Migration } from './types';
