/**
 * Every migration, in order. Domains add theirs here; numbers are consecutive and never reused.
 */
import { migration0001 } from './0001-foundation';
import { migration0002 } from './0002-audit-and-keys';
import { migration0003 } from './0003-cases';
import { migration0010 } from './0010-crawl';
import { migration0020 } from './0020-review';
import { migration0030 } from './0030-takedowns';
import { migration0040 } from './0040-exchange';
import { migration0045 } from './0045-exchange-lists';
import { migration0050 } from './0050-followups';
import { migration0060 } from './0060-list-takedowns';
import { migration0070 } from './0070-site-archive';
import { migration0080 } from './0080-anchor-and-leases';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0045,
  migration0060,
  migration0070,
  migration0080,
];

export type { Migration } from './types';
