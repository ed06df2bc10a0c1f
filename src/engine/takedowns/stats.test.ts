import { describe, expect, it } from 'vitest';
import { transition } from './lifecycle';
import { openTakedownForMatch } from './open-request';
import { computeRemovalStats, quantile, removalStats, type RemovalRecord } from './stats';
import { createTakedownTestFile } from './test-support';

const H = 3_600_000;
const t0 = Date.parse('2026-11-01T00:00:00Z');
const iso = (hours: number) => new Date(t0 + hours * H).toISOString();

let nextId = 1;
function rec(
  host: string,
  state: RemovalRecord['state'],
  sentAt: number | null,
  removedAt: number | null = null,
  extra: Partial<RemovalRecord> = {},
): RemovalRecord {
  return {
    id: nextId++,
    host,
    platformName: null,
    state,
    firstSentAt: sentAt === null ? null : iso(sentAt),
    deadlineAt: sentAt === null ? null : iso(sentAt + 48),
    removedAt: removedAt === null ? null : iso(removedAt),
    reuploadOf: null,
    ...extra,
  };
}

describe('quantile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    // 10 values 1..10: position 0.9 × 9 = 8.1 → 9 + 0.1 × (10 − 9)
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([1, 2, 3], 0)).toBe(1);
    expect(quantile([1, 2, 3], 1)).toBe(3);
  });
});

describe('computeRemovalStats', () => {
  it('gives median and 90th percentile hours from first sending to removal', () => {
    // Removal after 2, 4, 10, 30 and 100 hours.
    const records = [
      rec('a.example', 'removed', 0, 2),
      rec('a.example', 'removed', 0, 4),
      rec('a.example', 'removed', 10, 20),
      rec('b.example', 'removed', 0, 30),
      rec('b.example', 'removed', 0, 100),
    ];
    const s = computeRemovalStats(records, new Date(iso(200)));
    expect(s.sent).toBe(5);
    expect(s.removed).toBe(5);
    expect(s.medianHours).toBe(10);
    // sorted [2, 4, 10, 30, 100], position 0.9 × 4 = 3.6 → 30 + 0.6 × 70 = 72
    expect(s.p90Hours).toBeCloseTo(72, 10);
    // 100 h is past the 48 h deadline: 4 of 5 in time.
    expect(s.compliance).toBeCloseTo(0.8, 10);
    const a = s.hosts.find((h) => h.host === 'a.example')!;
    expect(a).toMatchObject({ sent: 3, removed: 3, removedInTime: 3, judged: 3, compliance: 1 });
    expect(a.medianHours).toBe(4);
    const b = s.hosts.find((h) => h.host === 'b.example')!;
    expect(b).toMatchObject({ removedInTime: 1, judged: 2, compliance: 0.5, medianHours: 65 });
  });

  it('judges open requests only once their deadline has passed, and counts the rest apart', () => {
    const records = [
      rec('a.example', 'sent', 0), // deadline 48 h: overdue at 60 h
      rec('a.example', 'acknowledged', 50), // deadline 98 h: not yet judged at 60 h
      rec('a.example', 'refused', 0),
      rec('a.example', 'expired', 0),
      rec('a.example', 'draft', null),
      rec('a.example', 'removed', null, 5), // gone before any notice
      rec('c.example', 'removed', 1, 3, { reuploadOf: 1 }),
    ];
    const s = computeRemovalStats(records, new Date(iso(60)));
    expect(s).toMatchObject({
      sent: 5,
      removed: 1,
      pending: 2,
      refused: 1,
      expired: 1,
      removedBeforeSending: 1,
      overdue: 1,
      reuploads: 1,
      medianHours: 2,
    });
    const a = s.hosts.find((h) => h.host === 'a.example')!;
    // judged: overdue sent + refused + expired = 3, none removed in time.
    expect(a).toMatchObject({ sent: 4, pending: 2, judged: 3, removedInTime: 0, compliance: 0 });
    expect(a.medianHours).toBeNull();
    expect(s.hosts.map((h) => h.host)).toEqual(['a.example', 'c.example']);
  });

  it('returns nulls, not zeros, when there is nothing to measure', () => {
    const s = computeRemovalStats([rec('a.example', 'draft', null)], new Date(iso(1)));
    expect(s).toMatchObject({ sent: 0, medianHours: null, p90Hours: null, compliance: null });
    expect(s.hosts).toEqual([]);
  });
});

describe('removalStats on a case file', () => {
  it('reads the requests opened in a period, with the times the lifecycle stamped', () => {
    const f = createTakedownTestFile();
    try {
      const open = (page: string, at: Date) =>
        openTakedownForMatch(f.db, f.match(page, `${page}.jpg`), f.userId, at).requestIds[0]!;
      const a = open('https://a.example/1', new Date(iso(0)));
      const b = open('https://b.example/1', new Date(iso(1)));
      open('https://a.example/2', new Date(iso(800))); // next period
      transition(f.db, a, 'sent', f.userId, new Date(iso(2)));
      transition(f.db, a, 'removed', f.userId, new Date(iso(14)));
      transition(f.db, b, 'sent', f.userId, new Date(iso(2)));
      const s = removalStats(f.db, { from: iso(0), to: iso(720) }, new Date(iso(100)));
      expect(s).toMatchObject({ sent: 2, removed: 1, pending: 1, overdue: 1, medianHours: 12 });
      expect(s.compliance).toBe(0.5);
      expect(s.hosts.map((h) => [h.host, h.compliance])).toEqual([
        ['a.example', 1],
        ['b.example', 0],
      ]);
    } finally {
      f.cleanup();
    }
  });
});
