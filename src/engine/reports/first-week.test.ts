/**
 * The period report tells the truth (issue 17 #4): a period with only drafts says so instead of
 * "no requests"; days are the centre's time zone (Settings, else the system's), not UTC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../db/case-file';
import { saveCentre } from '../documents/template-store';
import { periodReport } from './period';
import { reportHtml } from './report-html';
import { centreTimeZone, midnightIn } from './zone';

let dir: string;
let file: CaseFile;
const NOW = new Date('2027-01-10T00:00:00Z');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jium-report-tz-'));
  file = openCaseFile(join(dir, 'case.jium'));
});
afterEach(() => {
  file.close();
  rmSync(dir, { recursive: true, force: true });
});

function put(id: number, createdAt: string, sentAt: string | null, state = 'sent') {
  file.db
    .prepare(
      `INSERT INTO takedown_requests (id, url, host, state, channel, created_at, updated_at,
         first_sent_at, deadline_at) VALUES (?, ?, 'a.example', ?, 'email', ?, ?, ?, ?)`,
    )
    .run(id, `https://a.example/${id}`, state, createdAt, createdAt, sentAt, sentAt);
}

const centre = { name: '', address: '', email: '', phone: '', website: '', signatory: '' };

describe('the period report', () => {
  it('says that requests were opened but none sent when only drafts exist', () => {
    put(1, '2026-12-03T02:00:00Z', null, 'draft');
    put(2, '2026-12-04T02:00:00Z', null, 'draft');
    for (const language of ['en', 'ko'] as const) {
      const r = periodReport(
        file.db,
        { from: '2026-12-01', to: '2026-12-31', language },
        NOW,
        'UTC',
      );
      expect(r.totals).toMatchObject({ opened: 2, drafts: 2, sent: 0 });
      const said =
        language === 'en'
          ? '2 requests were opened in this period and none has been sent yet (2 still drafts).'
          : '이 기간에 요청 2건이 접수되었지만 아직 보낸 요청은 없습니다(초안 2건).';
      expect(r.charts.outcome).toContain(said);
      expect(r.charts.outcome).not.toMatch(/No requests|요청이 없습니다/);
      expect(reportHtml(r)).toContain(said);
    }
    const none = periodReport(
      file.db,
      { from: '2026-11-01', to: '2026-11-30', language: 'en' },
      NOW,
      'UTC',
    );
    expect(none.charts.outcome).toContain('No requests were opened in this period.');
  });

  it("counts the centre's days: 01:00 KST on 1 December is December in Seoul, November in UTC", () => {
    put(1, '2026-11-30T16:00:00Z', '2026-11-30T16:00:00Z'); // 1 Dec 01:00 KST
    put(2, '2026-12-31T16:00:00Z', '2026-12-31T16:00:00Z'); // 1 Jan 01:00 KST
    const dec = { from: '2026-12-01', to: '2026-12-31', language: 'en' as const };
    const utc = periodReport(file.db, dec, NOW, 'UTC');
    expect(utc.totals.sent).toBe(1);
    expect(utc.buckets.find((b) => b.sent > 0)?.start).toBe('2026-12-31');

    saveCentre(file.db, { ...centre, timeZone: 'Asia/Seoul' }, NOW);
    expect(centreTimeZone(file.db)).toBe('Asia/Seoul');
    const seoul = periodReport(file.db, dec, NOW);
    expect(seoul.timeZone).toBe('Asia/Seoul');
    expect(seoul.totals.sent).toBe(1);
    expect(seoul.buckets.find((b) => b.sent > 0)?.start).toBe('2026-12-01');
    expect(seoul.buckets).toHaveLength(31);
    expect(reportHtml(seoul)).toContain('Days run from midnight to midnight in Asia/Seoul.');
    // Saving the details without a zone keeps it; '' goes back to the system's.
    saveCentre(file.db, centre, NOW);
    expect(centreTimeZone(file.db)).toBe('Asia/Seoul');
    saveCentre(file.db, { ...centre, timeZone: '' }, NOW);
    expect(centreTimeZone(file.db)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('finds midnight across a daylight-saving change', () => {
    // New York: 8 March 2026 starts at 05:00 UTC (EST), 9 March at 04:00 UTC (EDT).
    expect(new Date(midnightIn(Date.parse('2026-03-08'), 'America/New_York')).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(new Date(midnightIn(Date.parse('2026-03-09'), 'America/New_York')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(new Date(midnightIn(Date.parse('2026-12-01'), 'Asia/Seoul')).toISOString()).toBe(
      '2026-11-30T15:00:00.000Z',
    );
  });

  it('draws time to removal per host as a chart (median and 90th percentile, 48 h line)', () => {
    put(1, '2026-12-02T00:00:00Z', '2026-12-02T00:00:00Z', 'removed');
    put(2, '2026-12-03T00:00:00Z', '2026-12-03T00:00:00Z', 'removed');
    file.db
      .prepare("UPDATE takedown_requests SET removed_at = '2026-12-02T10:00:00Z' WHERE id = 1")
      .run();
    file.db
      .prepare("UPDATE takedown_requests SET removed_at = '2026-12-06T00:00:00Z' WHERE id = 2")
      .run();
    const en = periodReport(
      file.db,
      { from: '2026-12-01', to: '2026-12-31', language: 'en' },
      NOW,
      'UTC',
    );
    expect(en.charts.hostTimes).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(en.charts.hostTimes).toContain('Time to removal, per host');
    expect(en.charts.hostTimes).toContain('a.example');
    expect(en.charts.hostTimes).toContain('41 h · 2.7 d'); // median (10 + 72) / 2; p90 10 + 0.9 × 62 = 65.8 h
    expect(en.charts.hostTimes).toContain('48 h deadline');
    expect(reportHtml(en)).toContain(en.charts.hostTimes);
    const ko = periodReport(
      file.db,
      { from: '2026-12-01', to: '2026-12-31', language: 'ko' },
      NOW,
      'UTC',
    );
    expect(ko.charts.hostTimes).toContain('호스트별 삭제까지 걸린 시간');
  });
});
