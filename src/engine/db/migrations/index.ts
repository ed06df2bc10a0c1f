/**
 * Every migration, in order. Each file `vNN-topic.ts` makes schema version NN (consecutive, never
 * reused); the ledger records its name, which never changes once released. Domains add theirs here.
 */
import { migrationFoundation } from './v01-foundation';
import { migrationAuditAndKeys } from './v02-audit-and-keys';
import { migrationCases } from './v03-cases';
import { migrationCrawl } from './v04-crawl';
import { migrationReview } from './v05-review';
import { migrationTakedowns } from './v06-takedowns';
import { migrationNotices } from './v07-notices';
import { migrationFollowups } from './v08-followups';
import { migrationExchangeLists } from './v09-exchange-lists';
import { migrationListTakedowns } from './v10-list-takedowns';
import { migrationSiteArchive } from './v11-site-archive';
import { migrationAnchorAndLeases } from './v12-anchor-and-leases';
import { migrationReferenceFeatures } from './v13-reference-features';
import { migrationReferenceVideos } from './v14-reference-videos';
import { migrationSightings } from './v15-sightings';
import { migrationCrawlVideos } from './v16-crawl-videos';
import { migrationOneMatchModel } from './v17-one-match-model';
import { migrationOneQueue } from './v18-one-queue';
import { migrationCentreLanguages } from './v19-centre-languages';
import { migrationListControls } from './v20-list-controls';
import { migrationCrawlWorkers } from './v21-crawl-workers';
import { migrationRetroCandidates } from './v23-retro-candidates';
import { migrationMatchVideoFrames } from './v22-match-video-frames';
import { migrationMatchRegion } from './v24-match-region';
import { migrationVideoFrameVariants } from './v25-video-frame-variants';
import { migrationVideoFeatures } from './v26-video-features';
import { migrationInnerPicture } from './v27-inner-picture';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  migrationFoundation,
  migrationAuditAndKeys,
  migrationCases,
  migrationCrawl,
  migrationReview,
  migrationTakedowns,
  migrationNotices,
  migrationFollowups,
  migrationExchangeLists,
  migrationListTakedowns,
  migrationSiteArchive,
  migrationAnchorAndLeases,
  migrationReferenceFeatures,
  migrationReferenceVideos,
  migrationSightings,
  migrationCrawlVideos,
  migrationOneMatchModel,
  migrationOneQueue,
  migrationCentreLanguages,
  migrationListControls,
  migrationCrawlWorkers,
  migrationMatchVideoFrames,
  migrationRetroCandidates,
  migrationMatchRegion,
  migrationVideoFrameVariants,
  migrationVideoFeatures,
  migrationInnerPicture,
];

export type { Migration } from './types';
