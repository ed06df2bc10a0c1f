/**
 * Takedowns domain: requests to hosts and platforms (one per page URL, grouped by host) tracked
 * from draft to verified removal — the lifecycle with its append-only, per-person history; the
 * registry of hosts/platforms with abuse contacts that pre-fills new requests; deadlines from a
 * configurable service level with due re-sends (computed, Jium never sends anything itself);
 * re-checks through the crawler's guarded fetcher, on demand and on a schedule, that mark requests
 * removed with evidence or flag them past the deadline; re-upload links between requests for the
 * same content; time-to-removal statistics; the contract handlers. A confirmed match of any source
 * (a case reference, or an imported hash list: then the item names the list instead of a case)
 * opens a request through `openTakedownForMatch`, and an undo withdraws it through
 * `withdrawTakedownForMatch`. Schema: db/migrations/v06-takedowns.ts, v10-list-takedowns.ts and
 * v17-one-match-model.ts. See docs/decisions/0060-0061, 0078 and 0091. Each table has one writer
 * (decision 0093): takedown_requests request-store.ts, platforms platforms.ts, settings queries.ts.
 */
export { openTakedownForMatch, withdrawTakedownForMatch, platformForHost } from './open-request';
export { takedownHandlers } from './handlers';
export { canTransition, transition, resend, editRequest } from './lifecycle';
export { recheckRequest, dueForRecheck } from './recheck';
export { TakedownScheduler } from './scheduler';
export {
  computeRemovalStats,
  loadRemovalRecords,
  removalStats,
  quantile,
  type RemovalRecord,
  type RemovalStats,
  type HostCompliance,
} from './stats';
export { listRequests, getDetail, getSettings } from './queries';
