/**
 * Types of the period report (issue 8, decision 0076), shared by engine and renderer.
 */

export type ReportLanguage = 'ko' | 'en';

/** Compliance and times of one host over the period. */
export interface ReportHost {
  host: string;
  platformName: string | null;
  sent: number;
  removed: number;
  pending: number;
  /** Removed by their deadline, and judged against it (removed, refused, expired, overdue). */
  removedInTime: number;
  judged: number;
  /** removedInTime ÷ judged; null when nothing is judged yet. */
  compliance: number | null;
  medianHours: number | null;
  p90Hours: number | null;
}

/** One bar group of the sent/removed chart. */
export interface ReportBucket {
  /** First day of the bucket, YYYY-MM-DD (in the report's time zone). */
  start: string;
  sent: number;
  removed: number;
}

/** Count of removals per time-to-removal band. */
export interface ReportBand {
  /** Upper bound in hours (Infinity for the last band, sent as null). */
  upToHours: number | null;
  count: number;
}

/** The period report: the figures, and the charts as SVG (the same on screen and in the PDF). */
export interface PeriodReport {
  language: ReportLanguage;
  /** First and last day of the period, YYYY-MM-DD, both included (days of `timeZone`). */
  from: string;
  to: string;
  /** The centre's IANA time zone whose days the period counts (Settings, else the system's). */
  timeZone: string;
  generatedAt: string;
  totals: {
    /** Requests opened in the period, drafts included. */
    opened: number;
    /** Of those, still drafts (never sent). */
    drafts: number;
    sent: number;
    removed: number;
    pending: number;
    overdue: number;
    refused: number;
    expired: number;
    removedBeforeSending: number;
    reuploads: number;
    medianHours: number | null;
    p90Hours: number | null;
    compliance: number | null;
  };
  granularity: 'day' | 'week' | 'month';
  buckets: ReportBucket[];
  bands: ReportBand[];
  hosts: ReportHost[];
  /** Inline SVG documents, labelled in the report's language. */
  charts: {
    outcome: string;
    timeline: string;
    bands: string;
    hosts: string;
    /** Time to removal per host: median and 90th percentile against the 48-hour deadline. */
    hostTimes: string;
  };
}

/** A report file for the UI to save. */
export interface ReportFile {
  fileName: string;
  mimeType: string;
  /** The bytes, base64. */
  data: string;
}
