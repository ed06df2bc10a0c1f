/**
 * The crawl log in words: each line's code (`blocked-address`, `timeout-body`, `http-404`,
 * `decode-failed` …) belongs to one kind that a person can read ("blocked address", "timed out",
 * "not an image", "the picture could not be decoded"), and the log is shown grouped by kind with
 * its count; the raw lines (code, address, the library's message) stay one click away.
 */
import type { CrawlLogEntry } from '../../../../shared/crawl-types';

export const LOG_KINDS = [
  'blocked-address',
  'timeout',
  'network',
  'http-missing',
  'http-refused',
  'http-server',
  'robots',
  'out-of-scope',
  'not-an-image',
  'decoder',
  'too-large',
  'trap',
  'limit',
  'video',
  'browser',
  'failed-run',
  'match',
  'fetched',
  'run',
  'other',
] as const;
export type LogKind = (typeof LOG_KINDS)[number];

const BY_CODE: Record<string, LogKind> = {
  'blocked-address': 'blocked-address',
  'start-refused': 'failed-run',
  'nothing-fetched': 'failed-run',
  'timeout-headers': 'timeout',
  'timeout-body': 'timeout',
  network: 'network',
  tls: 'network',
  'bad-encoding': 'network',
  'unsupported-scheme': 'out-of-scope',
  'bad-url': 'out-of-scope',
  'bad-redirect': 'out-of-scope',
  'host-not-allowed': 'out-of-scope',
  'path-not-allowed': 'out-of-scope',
  'robots-disallow': 'robots',
  'not-an-image': 'not-an-image',
  'not-html': 'not-an-image',
  'decode-failed': 'decoder',
  truncated: 'decoder',
  corrupt: 'decoder',
  'unsupported-format': 'decoder',
  'too-large': 'too-large',
  'too-many-pixels': 'too-large',
  trap: 'trap',
  'max-pages': 'limit',
  'max-depth': 'limit',
  'browser-failed': 'browser',
  'snapshot-failed': 'browser',
  match: 'match',
  'match-known': 'match',
  'list-match': 'match',
  'video-match': 'match',
  fetched: 'fetched',
  hashed: 'fetched',
  'known-hash': 'fetched',
  'not-modified': 'fetched',
  'is-image': 'fetched',
  'rejected-before': 'fetched',
  finished: 'run',
  paused: 'run',
  cancelled: 'run',
  interrupted: 'run',
  resumed: 'run',
  'lease-lost': 'run',
};

/** The kind of a log code. */
export function kindOf(code: string): LogKind {
  const known = BY_CODE[code];
  if (known) return known;
  const http = /^http-(\d{3})$/.exec(code);
  if (http) {
    const status = Number(http[1]);
    if (status === 404 || status === 410) return 'http-missing';
    if (status === 429 || status >= 500) return 'http-server';
    return 'http-refused';
  }
  if (code.startsWith('video-') || code.startsWith('hls-') || code === 'not-a-video')
    return 'video';
  return 'other';
}

/** One group of the log: a kind, how bad its worst line is, and its lines (oldest first). */
export interface LogGroup {
  kind: LogKind;
  level: CrawlLogEntry['level'];
  entries: CrawlLogEntry[];
}

const SEVERITY = { error: 2, warn: 1, info: 0 } as const;

/** Groups a run's log by kind: errors first, then warnings, then the rest; larger groups first. */
export function groupLog(entries: readonly CrawlLogEntry[]): LogGroup[] {
  const groups = new Map<LogKind, LogGroup>();
  for (const e of entries) {
    const kind = kindOf(e.code);
    const g = groups.get(kind) ?? { kind, level: e.level, entries: [] };
    g.entries.push(e);
    if (SEVERITY[e.level] > SEVERITY[g.level]) g.level = e.level;
    groups.set(kind, g);
  }
  return [...groups.values()].sort(
    (a, b) =>
      SEVERITY[b.level] - SEVERITY[a.level] ||
      b.entries.length - a.entries.length ||
      LOG_KINDS.indexOf(a.kind) - LOG_KINDS.indexOf(b.kind),
  );
}
