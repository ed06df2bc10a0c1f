import { describe, expect, it } from 'vitest';
import type { CrawlLogEntry } from '../../../../shared/crawl-types';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { groupLog, kindOf, LOG_KINDS } from './log-kinds';
import { clock, crawlProgress } from './progress';

let id = 0;
const line = (code: string, level: CrawlLogEntry['level'], message = ''): CrawlLogEntry => ({
  id: ++id,
  at: '2026-12-07T00:00:00.000Z',
  level,
  code,
  url: `https://example.com/${id}`,
  message,
});

describe('the crawl log in words (issue 17 item 7)', () => {
  it('puts each code in a kind a person can read', () => {
    expect(kindOf('blocked-address')).toBe('blocked-address');
    expect(kindOf('timeout-body')).toBe('timeout');
    expect(kindOf('timeout-headers')).toBe('timeout');
    expect(kindOf('not-an-image')).toBe('not-an-image');
    expect(kindOf('decode-failed')).toBe('decoder');
    expect(kindOf('http-404')).toBe('http-missing');
    expect(kindOf('http-403')).toBe('http-refused');
    expect(kindOf('http-503')).toBe('http-server');
    expect(kindOf('hls-segment-http-404')).toBe('video');
    expect(kindOf('something-new')).toBe('other');
  });

  it('groups the log by kind, problems first, with every raw line kept', () => {
    const log = [
      line('fetched', 'info'),
      line('timeout-body', 'warn', 'body not received in 30 s'),
      line('decode-failed', 'error', 'VipsJpeg: premature end of JPEG image'),
      line('fetched', 'info'),
      line('timeout-body', 'error', 'body not received in 30 s'),
      line('blocked-address', 'error', '10.0.0.1 is private'),
    ];
    const groups = groupLog(log);
    expect(groups.map((g) => [g.kind, g.level, g.entries.length])).toEqual([
      ['timeout', 'error', 2],
      ['blocked-address', 'error', 1],
      ['decoder', 'error', 1],
      ['fetched', 'info', 2],
    ]);
    expect(groups.flatMap((g) => g.entries).length).toBe(log.length);
    expect(groups[2]!.entries[0]!.message).toContain('VipsJpeg');
  });

  it('has words for every kind in Korean and English', () => {
    for (const kind of LOG_KINDS) {
      expect(en.crawlLog.kinds[kind].title, kind).toBeTruthy();
      expect(ko.crawlLog.kinds[kind].title, kind).toBeTruthy();
      expect(ko.crawlLog.kinds[kind].title).not.toBe(en.crawlLog.kinds[kind].title);
    }
  });
});

describe('crawl progress', () => {
  it('counts addresses done of those known, time running and the rate', () => {
    const p = crawlProgress(
      {
        pages: 10,
        images: 20,
        skipped: 5,
        errors: 5,
        queued: 40,
        startedAt: '2026-12-07T00:00:00.000Z',
      },
      Date.parse('2026-12-07T00:02:00.000Z'),
    );
    expect(p).toEqual({ done: 40, known: 80, fraction: 0.5, elapsedMs: 120_000, perMinute: 20 });
    expect(clock(p.elapsedMs)).toBe('2:00');
    expect(clock(3_723_000)).toBe('1:02:03');
  });
  it('is empty before anything is known', () => {
    const p = crawlProgress(
      { pages: 0, images: 0, skipped: 0, errors: 0, queued: 0, startedAt: '2026-12-07T00:00:00Z' },
      Date.parse('2026-12-07T00:00:00.500Z'),
    );
    expect(p.fraction).toBe(0);
    expect(p.perMinute).toBe(0);
  });
});
