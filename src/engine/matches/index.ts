/**
 * matches/ owns the one model of a match (decision 0091): its types and the one function that
 * writes one, `recordMatch`. The review queue (review/), takedown requests (takedowns/) and
 * exports read what it writes.
 */
export { recordMatch } from './record';
export type {
  FoundMedia,
  MatchEvidence,
  MatchSegment,
  MatchSource,
  MatchTarget,
  MediaKind,
  NewMatch,
  SealedEvidence,
} from './types';
