/**
 * The figures of the period report, built on the takedown statistics (takedowns/stats.ts, decision
 * 0061): totals, per-host compliance, sent and removed per day, week or month, and removals per
 * time-to-removal band. A request belongs to the period it was opened in (created_at), so periods
 * that follow one another never count a request twice; its sending and removal are placed on the
 * timeline where they happened, inside the period. Days are the centre's (zone.ts).
 */
import type Database from 'better-sqlite3';
import type {
  PeriodReport,
  ReportBand,
  ReportBucket,
  ReportLanguage,
} from '../../shared/report-types';
import { computeRemovalStats, loadRemovalRecords, type RemovalRecord } from '../takedowns/stats';
import { renderCharts } from './charts';
import { centreTimeZone, civilDay, DAY, midnightIn, ymd } from './zone';

const HOUR = 3_600_000;

/** Band upper bounds in hours: a day, the 48-hour legal deadline, three days, a week, beyond. */
export const BANDS = [24, 48, 72, 168, Infinity] as const;

export interface PeriodInput {
  from: string;
  to: string;
  language: ReportLanguage;
}

/** Day-level buckets up to 45 days, weeks (from Monday) up to 400 days, then months. */
export function granularityOf(from: string, to: string): PeriodReport['granularity'] {
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1;
  return days <= 45 ? 'day' : days <= 400 ? 'week' : 'month';
}

/** The first civil date of the bucket holding civil date `day` (UTC-midnight ms). */
function bucketStart(day: number, g: PeriodReport['granularity']): number {
  const d = new Date(day);
  if (g === 'day') return day;
  if (g === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextBucket(t: number, g: PeriodReport['granularity']): number {
  if (g === 'day') return t + DAY;
  if (g === 'week') return t + 7 * DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Sent and removed per bucket, every bucket of the period present (zeros included). Days are the
 * centre's: an event belongs to the day it happened on in `timeZone`.
 */
export function timeline(
  records: readonly RemovalRecord[],
  from: string,
  to: string,
  g: PeriodReport['granularity'],
  timeZone = 'UTC',
): ReportBucket[] {
  const first = Date.parse(from);
  const last = Date.parse(to);
  const buckets = new Map<number, ReportBucket>();
  for (let t = bucketStart(first, g); t <= last; t = nextBucket(t, g)) {
    buckets.set(t, { start: ymd(t), sent: 0, removed: 0 });
  }
  const place = (iso: string | null, key: 'sent' | 'removed') => {
    if (!iso) return;
    const day = civilDay(Date.parse(iso), timeZone);
    if (day < first || day > last) return;
    const b = buckets.get(bucketStart(day, g));
    if (b) b[key]++;
  };
  for (const r of records) {
    place(r.firstSentAt, 'sent');
    if (r.state === 'removed') place(r.removedAt, 'removed');
  }
  return [...buckets.values()];
}

/** Removals (sent, then removed) per time-to-removal band. */
export function bands(records: readonly RemovalRecord[]): ReportBand[] {
  const counts = BANDS.map(() => 0);
  for (const r of records) {
    if (r.state !== 'removed' || !r.firstSentAt || !r.removedAt) continue;
    const hours = Math.max(0, Date.parse(r.removedAt) - Date.parse(r.firstSentAt)) / HOUR;
    counts[BANDS.findIndex((b) => hours <= b)]!++;
  }
  return BANDS.map((b, i) => ({ upToHours: Number.isFinite(b) ? b : null, count: counts[i]! }));
}

/**
 * Builds the report of a period (first and last day included, days of the centre's time zone:
 * Settings, else the system's) as of `now`.
 */
export function periodReport(
  db: Database.Database,
  p: PeriodInput,
  now: Date,
  timeZone = centreTimeZone(db),
): PeriodReport {
  const from = new Date(midnightIn(Date.parse(p.from), timeZone)).toISOString();
  const toExclusive = new Date(midnightIn(Date.parse(p.to) + DAY, timeZone)).toISOString();
  const records = loadRemovalRecords(db, { from, to: toExclusive });
  const s = computeRemovalStats(records, now);
  const granularity = granularityOf(p.from, p.to);
  const drafts = records.filter((r) => r.state === 'draft').length;
  const report: Omit<PeriodReport, 'charts'> = {
    language: p.language,
    from: p.from,
    to: p.to,
    timeZone,
    generatedAt: now.toISOString(),
    totals: {
      opened: records.length,
      drafts,
      sent: s.sent,
      removed: s.removed,
      pending: s.pending,
      overdue: s.overdue,
      refused: s.refused,
      expired: s.expired,
      removedBeforeSending: s.removedBeforeSending,
      reuploads: s.reuploads,
      medianHours: s.medianHours,
      p90Hours: s.p90Hours,
      compliance: s.compliance,
    },
    granularity,
    buckets: timeline(records, p.from, p.to, granularity, timeZone),
    bands: bands(records),
    hosts: s.hosts.map((h) => ({
      host: h.host,
      platformName: h.platformName,
      sent: h.sent,
      removed: h.removed,
      pending: h.pending,
      removedInTime: h.removedInTime,
      judged: h.judged,
      compliance: h.compliance,
      medianHours: h.medianHours,
      p90Hours: h.p90Hours,
    })),
  };
  return { ...report, charts: renderCharts(report) };
}
