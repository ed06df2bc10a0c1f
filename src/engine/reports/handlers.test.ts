import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAnchor } from '../audit/anchor';
import { listAudit } from '../audit/chain';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
  await withUsers(t);
});
afterEach(() => t.close());

describe('report contract methods', () => {
  it('gives staff and admins the report and its PDF, audited; refuses others and bad periods', async () => {
    const period = { from: '2026-11-01', to: '2026-11-30', language: 'ko' as const };
    expect(await t.err('monitor', 'reports.period', period)).toBe('forbidden');
    expect(await t.err('counsellor', 'reports.pdf', period)).toBe('forbidden');
    expect(await t.err('staff', 'reports.period', { ...period, to: '2026-10-01' })).toBe(
      'validation',
    );
    expect(await t.err('staff', 'reports.period', { ...period, from: '2026-13-45' })).toBe(
      'validation',
    );
    expect(await t.err('staff', 'reports.period', { ...period, from: '2016-01-01' })).toBe(
      'validation',
    );
    const r = await t.ok('staff', 'reports.period', period);
    expect(r.totals.sent).toBe(0);
    expect(r.charts.hosts).toContain('호스트별 기한 내 삭제율');
    const anchor = readAnchor(t.engine.db)!;
    const file = await t.ok('admin', 'reports.pdf', { ...period, language: 'en' });
    expect(file.fileName).toBe('jium-report-2026-11-01-2026-11-30-en.pdf');
    expect(Buffer.from(file.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const entry = listAudit(t.engine.db, { limit: 20 }).find((a) => a.action === 'reports.export');
    expect(entry?.details).toMatchObject({ from: '2026-11-01', to: '2026-11-30', language: 'en' });
    // The audit anchor before the export is printed on it: the count and the whole head hash.
    const pdfPath = join(t.dir, 'report.pdf');
    writeFileSync(pdfPath, Buffer.from(file.data, 'base64'));
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString().replace(/\s+/g, '');
    expect(text).toContain(`Auditlogwhenthisreportwasmade:${anchor.count}entries`);
    expect(text).toContain(anchor.head);
  }, 60_000);
});
