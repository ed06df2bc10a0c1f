/**
 * Notices and exports through the contract: roles, audit, bad input, and files that round-trip —
 * on a real engine and case file (passphrase-protected keys), with the real Chromium for the PDF.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, withUsers, type TestEngine } from '../cases/test-support';
import { openTakedownForMatch } from '../takedowns/open-request';
import { sha } from '../takedowns/test-support';
import { parseCsv } from './csv';
import { EXPORT_COLUMNS } from './export-requests';
import { pdfText } from './test-support';

const CHROMIUM = process.env['JIUM_CHROMIUM'] ?? '/usr/bin/chromium';
const VICTIM = { name: '김지우', contact: 'jiwoo@example.org', notes: '' };

describe('notices and exports through the contract', () => {
  let t: TestEngine;
  let staffId: number;
  let caseCode: string;
  const requestIds: number[] = [];
  let otherHostRequest = 0;

  beforeAll(async () => {
    t = await startTestEngine();
    const ids = await withUsers(t, ['counsellor', 'monitor', 'staff']);
    staffId = ids.staff!;
    const c = await t.ok('counsellor', 'cases.create', {
      identity: VICTIM,
      consent: { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' },
    });
    caseCode = c.code;
    const db = t.engine.db;
    const at = t.clock.now().toISOString();
    const refId = Number(
      db
        .prepare(
          `INSERT INTO reference_images (case_id, sha256, file_name, format, width, height,
             byte_size, low_quality, added_at, added_by)
           VALUES (?, ?, x'00', 'jpeg', 10, 10, 100, 0, ?, ?)`,
        )
        .run(c.id, sha('reference'), at, staffId).lastInsertRowid,
    );
    const match = (page: string, image: string) =>
      Number(
        db
          .prepare(
            `INSERT INTO crawl_matches (case_id, reference_image_id, page_url, image_url,
               image_sha256, found_at, http_status, http_headers, redirect_chain, server_ip,
               distance, algo, transform, review_state)
             VALUES (?, ?, ?, ?, ?, ?, 200, '{}', '[]', '127.0.0.1', 4, 'pdq', 'identity',
               'confirmed')`,
          )
          .run(c.id, refId, page, image, sha(image), at).lastInsertRowid,
      );
    for (const n of [1, 2, 3]) {
      const m = match(`https://board.example/post/${n}`, `https://board.example/img/${n}.jpg`);
      requestIds.push(...openTakedownForMatch(db, m, staffId, t.clock.now()).requestIds);
    }
    const other = match('https://other.example/p', 'https://other.example/i.jpg');
    otherHostRequest = openTakedownForMatch(db, other, staffId, t.clock.now()).requestIds[0]!;
    // Notes are free text: Korean, quotes, a line break, and a formula someone pasted.
    db.prepare('UPDATE takedown_requests SET notes = ? WHERE id = ?').run(
      '=HYPERLINK("http://evil.example","클릭")\n두 번째 줄, "인용"',
      requestIds[0],
    );
  });
  afterAll(() => t?.close());

  it('only staff and admins may export or make notices', async () => {
    for (const who of ['monitor', 'counsellor']) {
      expect(await t.err(who, 'notices.exportRequests', { format: 'csv' })).toBe('forbidden');
      expect(await t.err(who, 'notices.pdf', { requestIds })).toBe('forbidden');
      expect(await t.err(who, 'notices.templates', {})).toBe('forbidden');
    }
  });

  it('exports CSV that round-trips, with formulas neutralised and Korean intact; audited', async () => {
    const file = await t.ok('staff', 'notices.exportRequests', { format: 'csv' });
    expect(file.fileName).toMatch(/^jium-takedown-requests-\d{8}-\d{4}\.csv$/);
    const bytes = Buffer.from(file.data, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual(EXPORT_COLUMNS);
    expect(rows).toHaveLength(5);
    const col = (name: string) => EXPORT_COLUMNS.indexOf(name);
    const first = rows.find((r) => r[col('id')] === String(requestIds[0]))!;
    expect(first[col('notes')]).toBe(
      `'=HYPERLINK("http://evil.example","클릭")\n두 번째 줄, "인용"`,
    );
    expect(first[col('url')]).toBe('https://board.example/post/1');
    expect(first[col('case_codes')]).toBe(caseCode);
    expect(first[col('image_sha256')]).toBe(sha('https://board.example/img/1.jpg'));
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const raw = bytes.toString('utf8');
    expect(raw).not.toContain(VICTIM.name);
    expect(raw).not.toContain(VICTIM.contact);
    const audit = t.engine.db
      .prepare("SELECT actor, details FROM audit_log WHERE action = 'takedowns.export'")
      .all() as { actor: string; details: string }[];
    expect(audit).toEqual([{ actor: 'staff', details: '{"format":"csv","requests":4}' }]);
  });

  it('signs a notice with the centre’s name and address in its own language (issue 17 item 11)', async () => {
    const base = {
      name: 'Digital Sex Crime Victim Support Centre',
      address: '110 Sejong-daero, Jung-gu, Seoul',
      email: 'takedown@centre.example',
      phone: '+82 2-000-0000',
      website: '',
      signatory: 'Takedown team',
    };
    const saved = await t.ok('admin', 'notices.saveCentre', {
      ...base,
      localized: {
        ko: {
          name: '디지털성범죄피해자지원센터',
          address: '서울특별시 중구 세종대로 110',
          signatory: '',
        },
      },
    });
    expect(saved.localized).toEqual({
      ko: {
        name: '디지털성범죄피해자지원센터',
        address: '서울특별시 중구 세종대로 110',
        signatory: '',
      },
    });
    const text = (p: { subject: string; blocks: unknown }) => JSON.stringify(p);
    const ko = text(await t.ok('staff', 'notices.preview', { language: 'ko', route: 'ncii' }));
    expect(ko).toContain('디지털성범죄피해자지원센터');
    expect(ko).toContain('서울특별시 중구 세종대로 110');
    expect(ko).not.toContain(base.name);
    expect(ko).toContain(base.signatory); // no Korean signatory given: the default's
    const en = text(await t.ok('staff', 'notices.preview', { language: 'en', route: 'ncii' }));
    expect(en).toContain(base.name);
    expect(en).not.toContain('디지털성범죄피해자지원센터');
    // A time-zone save that leaves the languages out keeps them.
    const { localized: _kept, ...withoutLanguages } = saved;
    await t.ok('admin', 'notices.saveCentre', { ...withoutLanguages, timeZone: 'Asia/Seoul' });
    expect((await t.ok('admin', 'notices.centre', {})).localized.ko?.name).toBe(
      '디지털성범죄피해자지원센터',
    );
  });

  it('exports a selection as JSON and XLSX', async () => {
    const json = await t.ok('staff', 'notices.exportRequests', {
      format: 'json',
      requestIds: requestIds.slice(0, 2),
    });
    const parsed = JSON.parse(Buffer.from(json.data, 'base64').toString('utf8')) as {
      requests: { id: number; images: { sha256: string }[] }[];
    };
    expect(parsed.requests.map((r) => r.id)).toEqual(requestIds.slice(0, 2));
    expect(parsed.requests[0]!.images[0]!.sha256).toBe(sha('https://board.example/img/1.jpg'));
    const xlsx = await t.ok('admin', 'notices.exportRequests', {
      format: 'xlsx',
      host: 'board.example',
    });
    expect(xlsx.count).toBe(3);
    expect(Buffer.from(xlsx.data, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses bad input with specific errors and saves nothing', async () => {
    expect(await t.err('staff', 'notices.exportRequests', { format: 'pdf' })).toBe('validation');
    expect(
      await t.err('staff', 'notices.exportRequests', { format: 'csv', requestIds: [999] }),
    ).toBe('not-found');
    expect(await t.err('staff', 'notices.pdf', { requestIds: [] })).toBe('validation');
    expect(
      await t.err('staff', 'notices.pdf', { requestIds: [requestIds[0], otherHostRequest] }),
    ).toBe('validation');
    const bad = await t.engine.call('staff', 'notices.saveTemplate', {
      language: 'en',
      route: 'ncii',
      subject: 'x',
      body: 'Dear {{victim.name}}',
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation');
      expect(bad.error.message).toContain('{{victim.name}} is not a known placeholder');
      expect(bad.error.message).toContain('must contain {{items}}');
    }
    const badSubject = await t.engine.call('staff', 'notices.saveTemplate', {
      language: 'en',
      route: 'ncii',
      subject: 'Removal for {{victim.name}} {{items}}',
      body: '{{items}}',
    });
    expect(badSubject.ok ? null : badSubject.error.issues).toEqual([
      { path: 'subject', message: 'Subject: Line 1: {{victim.name}} is not a known placeholder.' },
      { path: 'subject', message: 'Subject: Line 1: {{items}} must stand alone on its line.' },
    ]);
    expect(
      await t.err('staff', 'notices.saveTemplate', {
        language: 'EN!',
        route: 'ncii',
        subject: 'x',
        body: '{{items}}',
      }),
    ).toBe('validation');
    expect(await t.err('staff', 'notices.resetTemplate', { language: 'th', route: 'ncii' })).toBe(
      'not-found',
    );
    const list = await t.ok('staff', 'notices.templates', {});
    expect(list.filter((x) => x.customised)).toEqual([]);
  });

  it('edits, adds and resets templates (audited)', async () => {
    const saved = await t.ok('staff', 'notices.saveTemplate', {
      language: 'th',
      route: 'ncii',
      subject: 'คำขอลบ {{host}}',
      body: '# คำขอลบเนื้อหา\n\n{{items}}',
    });
    expect(saved).toMatchObject({ builtIn: false, customised: true });
    const list = await t.ok('staff', 'notices.templates', {});
    expect(list.map((x) => `${x.language}/${x.route}`)).toEqual([
      'ko/ncii',
      'ko/copyright',
      'en/ncii',
      'en/copyright',
      'ja/ncii',
      'ja/copyright',
      'zh/ncii',
      'zh/copyright',
      'th/ncii',
    ]);
    const preview = await t.ok('staff', 'notices.preview', { language: 'th', route: 'ncii' });
    expect(preview.subject).toBe('คำขอลบ images.example.com');
    expect(
      await t.ok('staff', 'notices.resetTemplate', { language: 'th', route: 'ncii' }),
    ).toBeNull();
    const edited = await t.ok('admin', 'notices.saveTemplate', {
      language: 'ko',
      route: 'copyright',
      subject: '제목',
      body: '# 수정한 문안\n{{items}}',
    });
    expect(edited.customised).toBe(true);
    const reset = await t.ok('admin', 'notices.resetTemplate', {
      language: 'ko',
      route: 'copyright',
    });
    expect(reset).toMatchObject({ customised: false, builtIn: true, updatedAt: null });
    expect(reset!.body).toContain('저작권 침해 게시물');
    const actions = t.engine.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'notices.template.%' ORDER BY seq")
      .all()
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual([
      'notices.template.save',
      'notices.template.reset',
      'notices.template.save',
      'notices.template.reset',
    ]);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'makes a notice PDF for one host without the victim or the case code; audited',
    async () => {
      await t.ok('staff', 'notices.saveCentre', {
        name: 'Test Centre',
        address: 'Seoul',
        email: 'takedown@centre.example',
        phone: '',
        website: '',
        signatory: '',
      });
      const file = await t.ok('staff', 'notices.pdf', {
        requestIds,
        language: 'ko',
        includeEvidence: true,
      });
      expect(file.fileName).toMatch(/^notice-board\.example-ko-ncii-\d{4}-\d{2}-\d{2}\.pdf$/);
      const text = pdfText(Buffer.from(file.data, 'base64')).replace(/\s+/g, '');
      for (const n of [1, 2, 3]) expect(text).toContain(`https://board.example/post/${n}`);
      expect(text).toContain('takedown@centre.example');
      expect(text).not.toContain(VICTIM.name);
      expect(text).not.toContain(caseCode);
      const row = t.engine.db
        .prepare("SELECT record_id, details FROM audit_log WHERE action = 'notices.export'")
        .get() as { record_id: string; details: string };
      expect(row.record_id).toBe('board.example');
      expect(JSON.parse(row.details)).toMatchObject({
        requests: 3,
        language: 'ko',
        route: 'ncii',
        evidence: true,
      });
    },
    120_000,
  );
});
