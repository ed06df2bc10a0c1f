/**
 * Every migration, in order. Domains add theirs here; numbers are consecutive and never reused.
 */
import { migration0001 } from './v01-foundation';
import { migration0002 } from './v02-audit-and-keys';
import { migration0003 } from './v03-cases';
import { migration0010 } from './v04-crawl';
import { migration0020 } from './v05-review';
import { migration0030 } from './v06-takedowns';
import { migration0040 } from './v07-notices';
import { migration0045 } from './v09-exchange-lists';
import { migration0050 } from './v08-followups';
import { migration0060 } from './v10-list-takedowns';
import { migration0070 } from './v11-site-archive';
import { migration0080 } from './v12-anchor-and-leases';
import { migrationCrawlVideos } from './v-crawl-videos';
import { migrationReferenceFeatures } from './v-reference-features';
import { migrationReferenceVideos } from './v-reference-videos';
import { migrationSightings } from './v-sightings';
import { migrationOneMatchModel } from './v-one-match-model';
import { migrationOneQueue } from './v-one-queue';
import { migrationCentreLanguages } from './v-centre-languages';
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
  migrationReferenceFeatures,
  migrationReferenceVideos,
  migrationSightings,
  migrationCrawlVideos,
  migrationOneMatchModel,
  migrationOneQueue,
  migrationCentreLanguages,
];

export type { Migration } from './types';
