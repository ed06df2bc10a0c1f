/**
 * Time-to-removal statistics: the figures a centre reports (median and 90th percentile hours from
 * first sending to removal, compliance per host). Pure over plain records, with a loader for a
 * period of the case file; the period report (reports/) builds on both.
 *
 * Definitions (docs/decisions/0061):
 * - time to removal = removed_at − first_sent_at, for requests that were sent and then removed;
 *   content gone before any request was sent has no time to removal and is counted apart;
 * - percentiles interpolate linearly between order statistics (numpy's default, R type 7), so the
 *   median of an even count is the mean of the two middle values;
 * - compliance of a host = requests removed by their deadline ÷ requests whose outcome against the
 *   deadline is known (removed, refused, expired, or still open past the deadline). Requests still
 *   open within their deadline are not yet judged and count in neither.
 */
import type Database from 'better-sqlite3';
import { all, sql } from '../db/sql';
import { REQUEST_PLATFORM_ID } from './platforms';
import type { ReportHost } from '../../shared/report-types';

/** One request as the statistics see it (ISO 8601 times, null when not reached). */
export interface RemovalRecord {
  id: number;
  host: string;
  platformName: string | null;
  state: 'draft' | 'sent' | 'acknowledged' | 'removed' | 'refused' | 'expired';
  firstSentAt: string | null;
  deadlineAt: string | null;
  removedAt: string | null;
  reuploadOf: number | null;
}

/** A host's compliance: the period report's row, with the refused and expired counts too. */
export interface HostCompliance extends ReportHost {
  refused: number;
  expired: number;
}

export interface RemovalStats {
  /** Requests sent (first_sent_at set). */
  sent: number;
  removed: number;
  /** Sent and still open (sent or acknowledged). */
  pending: number;
  refused: number;
  expired: number;
  /** Removed without ever being sent (gone before the notice). */
  removedBeforeSending: number;
  /** Open past their deadline now. */
  overdue: number;
  reuploads: number;
  medianHours: number | null;
  p90Hours: number | null;
  /** removedInTime ÷ judged over all hosts, or null. */
  compliance: number | null;
  /** Sorted by sent count, then host. */
  hosts: HostCompliance[];
}

const HOUR = 3_600_000;

/** The q-quantile (0..1) of the values, interpolating linearly; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

interface Tally {
  sent: number;
  removed: number;
  pending: number;
  refused: number;
  expired: number;
  removedInTime: number;
  judged: number;
  hours: number[];
}

const emptyTally = (): Tally => ({
  sent: 0,
  removed: 0,
  pending: 0,
  refused: 0,
  expired: 0,
  removedInTime: 0,
  judged: 0,
  hours: [],
});

function add(t: Tally, r: RemovalRecord, now: number): void {
  if (!r.firstSentAt) return;
  t.sent++;
  const sent = Date.parse(r.firstSentAt);
  const deadline = r.deadlineAt ? Date.parse(r.deadlineAt) : null;
  if (r.state === 'removed' && r.removedAt) {
    const removed = Date.parse(r.removedAt);
    t.removed++;
    t.hours.push(Math.max(0, removed - sent) / HOUR);
    t.judged++;
    if (deadline === null || removed <= deadline) t.removedInTime++;
  } else if (r.state === 'refused') {
    t.refused++;
    t.judged++;
  } else if (r.state === 'expired') {
    t.expired++;
    t.judged++;
  } else if (r.state === 'sent' || r.state === 'acknowledged') {
    t.pending++;
    if (deadline !== null && now > deadline) t.judged++;
  }
}

const rate = (t: Tally) => (t.judged === 0 ? null : t.removedInTime / t.judged);

/** Statistics over these requests, as of `now` (which decides what is overdue). */
export function computeRemovalStats(records: readonly RemovalRecord[], now: Date): RemovalStats {
  const at = now.getTime();
  const all = emptyTally();
  const byHost = new Map<string, { platformName: string | null; t: Tally }>();
  let removedBeforeSending = 0;
  let overdue = 0;
  let reuploads = 0;
  for (const r of records) {
    add(all, r, at);
    if (!r.firstSentAt && r.state === 'removed') removedBeforeSending++;
    if (r.reuploadOf !== null) reuploads++;
    if (
      (r.state === 'sent' || r.state === 'acknowledged') &&
      r.deadlineAt &&
      Date.parse(r.deadlineAt) < at
    )
      overdue++;
    let h = byHost.get(r.host);
    if (!h) byHost.set(r.host, (h = { platformName: r.platformName, t: emptyTally() }));
    add(h.t, r, at);
  }
  const hosts: HostCompliance[] = [...byHost.entries()]
    .filter(([, h]) => h.t.sent > 0)
    .map(([host, { platformName, t }]) => ({
      host,
      platformName,
      sent: t.sent,
      removed: t.removed,
      pending: t.pending,
      refused: t.refused,
      expired: t.expired,
      removedInTime: t.removedInTime,
      judged: t.judged,
      compliance: rate(t),
      medianHours: quantile(t.hours, 0.5),
      p90Hours: quantile(t.hours, 0.9),
    }))
    .sort((a, b) => b.sent - a.sent || a.host.localeCompare(b.host));
  return {
    sent: all.sent,
    removed: all.removed,
    pending: all.pending,
    refused: all.refused,
    expired: all.expired,
    removedBeforeSending,
    overdue,
    reuploads,
    medianHours: quantile(all.hours, 0.5),
    p90Hours: quantile(all.hours, 0.9),
    compliance: rate(all),
    hosts,
  };
}

/**
 * The requests of a period: created in [from, to) (ISO 8601 UTC; either bound may be omitted).
 * A request belongs to the period it was opened in, so a report never counts one twice.
 */
export function loadRemovalRecords(
  db: Database.Database,
  period: { from?: string; to?: string } = {},
): RemovalRecord[] {
  return all(
    db,
    sql<RemovalRecord>`SELECT r.id, r.host, p.name AS platformName, r.state,
              r.first_sent_at AS firstSentAt, r.deadline_at AS deadlineAt,
              r.removed_at AS removedAt, r.reupload_of AS reuploadOf
         FROM takedown_requests r LEFT JOIN takedown_platforms p ON p.id = ${REQUEST_PLATFORM_ID}
        WHERE r.created_at >= ${period.from ?? ''} AND r.created_at < ${period.to ?? '9999'}
        ORDER BY r.id`,
  );
}

/** Loads and computes in one go. */
export function removalStats(
  db: Database.Database,
  period: { from?: string; to?: string },
  now: Date,
): RemovalStats {
  return computeRemovalStats(loadRemovalRecords(db, period), now);
}
