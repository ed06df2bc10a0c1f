/**
 * matches/ owns the one model of a match (decision 0091): its types and the one function that
 * writes one, `recordMatch`; and the writes after it (review-state.ts: a match's review state,
 * the replay of held list matches). The review queue (review/), takedown requests (takedowns/)
 * and exports read what it writes.
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
