/**
 * The period report on seeded requests in a real case file: every figure checked by hand, the
 * charts present in both languages, and the PDF rendered by the real Chromium renderer, read back
 * with pdftotext and turned into PNG pages under test-results/reports/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../db/case-file';
import { ChromiumPdfRenderer } from '../documents/pdf';
import { periodReport } from './period';
import { reportHtml } from './report-html';

const OUT = resolve('test-results/reports');
const H = 3_600_000;

let dir: string;
let file: CaseFile;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jium-report-'));
  file = openCaseFile(join(dir, 'case.jium'));
  const put = file.db.prepare(
    `INSERT INTO takedown_requests (id, url, host, state, channel, reupload_of, created_at,
       updated_at, first_sent_at, deadline_at, removed_at)
     VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, ?, ?)`,
  );
  const at = (day: string, hours = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + hours * H);
  const seed = (
    id: number,
    host: string,
    state: string,
    created: string,
    removedAfterHours: number | null,
    o: { sent?: boolean; reuploadOf?: number } = {},
  ) => {
    const c = at(created);
    const sent = o.sent === false ? null : c.toISOString();
    put.run(
      id,
      `https://${host}/p/${id}`,
      host,
      state,
      o.reuploadOf ?? null,
      c.toISOString(),
      c.toISOString(),
      sent,
      sent && new Date(c.getTime() + 48 * H).toISOString(),
      removedAfterHours === null
        ? null
        : new Date(c.getTime() + removedAfterHours * H).toISOString(),
    );
  };
  seed(1, 'a.example', 'removed', '2026-11-02', 10);
  seed(2, 'a.example', 'removed', '2026-11-03', 36);
  seed(3, 'a.example', 'removed', '2026-11-05', 72);
  seed(4, 'b.example', 'removed', '2026-11-10', 168);
  seed(5, 'b.example', 'sent', '2026-11-10', null);
  seed(6, 'c.example', 'refused', '2026-11-20', null);
  seed(7, 'c.example', 'removed', '2026-11-29', 72); // removed on 2 December, after the period
  seed(8, 'd.example', 'draft', '2026-11-15', null, { sent: false });
  seed(9, 'a.example', 'removed', '2026-11-25', 2, { reuploadOf: 1 });
  seed(10, 'a.example', 'removed', '2026-10-30', 5); // opened before the period
});
afterAll(() => {
  file.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date('2026-12-05T00:00:00Z');
const NOV = { from: '2026-11-01', to: '2026-11-30' };

describe('the period report', () => {
  it('counts the requests opened in the period, with times to removal and compliance', () => {
    const r = periodReport(file.db, { ...NOV, language: 'en' }, NOW, 'UTC');
    // Removed after [2, 10, 36, 72, 72, 168] hours.
    expect(r.totals).toEqual({
      opened: 9, // the draft too
      drafts: 1,
      sent: 8,
      removed: 6,
      pending: 1,
      overdue: 1,
      refused: 1,
      expired: 0,
      removedBeforeSending: 0,
      reuploads: 1,
      medianHours: 54, // (36 + 72) / 2
      p90Hours: 120, // position 4.5: 72 + 0.5 × (168 − 72)
      compliance: 3 / 8, // in time: 2, 10, 36 h; judged: 6 removed + 1 refused + 1 overdue
    });
    expect(r.hosts.map((h) => [h.host, h.sent, h.removed, h.pending, h.compliance])).toEqual([
      ['a.example', 4, 4, 0, 3 / 4],
      ['b.example', 2, 1, 1, 0],
      ['c.example', 2, 1, 0, 0],
    ]);
    expect(r.bands.map((b) => b.count)).toEqual([2, 1, 2, 1, 0]);
    expect(r.granularity).toBe('day');
    expect(r.buckets).toHaveLength(30);
    const byDay = Object.fromEntries(r.buckets.map((b) => [b.start, b]));
    expect(byDay['2026-11-10']).toEqual({ start: '2026-11-10', sent: 2, removed: 0 });
    expect(byDay['2026-11-04']).toMatchObject({ sent: 0, removed: 1 });
    expect(r.buckets.reduce((a, b) => a + b.sent, 0)).toBe(8);
    // Request 7 was removed on 2 December: outside the November timeline.
    expect(r.buckets.reduce((a, b) => a + b.removed, 0)).toBe(5);
  });

  it('groups longer periods by week and month, and says so when a period is empty', () => {
    const q = periodReport(
      file.db,
      { from: '2026-09-01', to: '2026-11-30', language: 'ko' },
      NOW,
      'UTC',
    );
    expect(q.granularity).toBe('week');
    expect(q.buckets[0]!.start).toBe('2026-08-31'); // the Monday of the week of 1 September
    expect(q.totals.sent).toBe(9);
    const y = periodReport(
      file.db,
      { from: '2025-01-01', to: '2026-12-31', language: 'en' },
      NOW,
      'UTC',
    );
    expect(y.granularity).toBe('month');
    expect(y.buckets).toHaveLength(24);
    const empty = periodReport(
      file.db,
      { from: '2020-01-01', to: '2020-01-31', language: 'ko' },
      NOW,
    );
    expect(empty.totals.sent).toBe(0);
    expect(empty.totals.medianHours).toBeNull();
    expect(empty.charts.outcome).toContain('이 기간에 접수된 요청이 없습니다.');
  });

  it('draws the same self-contained SVG charts, labelled in Korean or English', () => {
    const en = periodReport(file.db, { ...NOV, language: 'en' }, NOW, 'UTC');
    const ko = periodReport(file.db, { ...NOV, language: 'ko' }, NOW, 'UTC');
    for (const svg of Object.values(en.charts)) {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).not.toMatch(/<script|href=|url\(/);
    }
    expect(en.charts.hosts).toContain('a.example');
    expect(en.charts.hosts).toContain('75%  (3/4)');
    expect(en.charts.hosts).toContain('0%  (0/2)');
    expect(en.charts.bands).toContain('Median time to removal: 2.3 d');
    expect(ko.charts.bands).toContain('삭제까지 걸린 시간 (중앙값): 2.3일');
    expect(ko.charts.timeline).toContain('일별 보낸 요청과 삭제');
  });

  it('prints a PDF with the charts, in both languages', async () => {
    mkdirSync(OUT, { recursive: true });
    const pdf = new ChromiumPdfRenderer();
    try {
      for (const language of ['en', 'ko'] as const) {
        const r = periodReport(file.db, { ...NOV, language }, NOW, 'UTC');
        const bytes = await pdf.htmlToPdf(reportHtml(r), { footerText: 'report' });
        const path = join(OUT, `report-${language}.pdf`);
        writeFileSync(path, bytes);
        const text = execFileSync('pdftotext', ['-layout', path, '-']).toString();
        expect(text).toContain(language === 'en' ? 'Takedown report' : '삭제 요청 보고서');
        expect(text).toContain(
          language === 'en' ? 'Removed by the deadline, per host' : '호스트별 기한 내 삭제율',
        );
        expect(text).toContain('a.example');
        execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUT, `report-${language}`)]);
      }
    } finally {
      await pdf.close();
    }
  }, 120_000);
});
