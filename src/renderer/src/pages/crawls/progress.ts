/**
 * A running crawl's progress for its bar: addresses done (pages and images fetched, skipped or
 * failed) of addresses known (those plus the ones still queued — the frontier grows as pages are
 * read, so "known" is what the crawler knows of so far), time running and the rate.
 */
import type { CrawlCounters } from '../../../../shared/crawl-types';

export interface CrawlProgressView {
  done: number;
  known: number;
  /** done / known, 0 … 1 (0 while nothing is known). */
  fraction: number;
  elapsedMs: number;
  /** Addresses done per minute since the start (0 in the first second). */
  perMinute: number;
}

export function crawlProgress(
  run: Pick<CrawlCounters, 'pages' | 'images' | 'skipped' | 'errors' | 'queued'> & {
    startedAt: string;
    finishedAt?: string | null;
  },
  nowMs: number,
): CrawlProgressView {
  const done = run.pages + run.images + run.skipped + run.errors;
  const known = done + run.queued;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : nowMs;
  const elapsedMs = Math.max(0, end - Date.parse(run.startedAt));
  return {
    done,
    known,
    fraction: known === 0 ? 0 : done / known,
    elapsedMs,
    perMinute: elapsedMs < 1000 ? 0 : Math.round((done / elapsedMs) * 60_000),
  };
}

/** "1:05" or "1:02:03" for a duration. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
