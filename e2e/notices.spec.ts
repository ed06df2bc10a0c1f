/**
 * Notices and exports end to end: a real headless host and the fixture site on 127.0.0.1. Set-up
 * through the HTTP API (the crawls, review and takedowns specs cover those screens): a case with
 * the demo references, a crawl, a monitor confirming the matches, which opens draft requests. A
 * staff member fills in the centre's details in Settings → Notices, makes notice PDFs for the
 * fixture host in Korean, English, Japanese and Chinese (pages rendered with pdftoppm to
 * test-results/notices-e2e/ to be looked at), and exports the requests as CSV (parsed back) and
 * XLSX. Screenshots in English and Korean.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parseCsv } from '../src/engine/documents/csv';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, ROOT, screenshot, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedDemoCase, seedTeam } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const OUT = join(ROOT, 'test-results', 'notices-e2e');
const VICTIM = 'Fictional Person Seo';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});
test.afterAll(async () => {
  await site.close();
});

/** Clicks and saves the download it starts under test-results/notices-e2e/. */
async function download(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(OUT, name);
  await d.saveAs(path);
  return path;
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

test('staff make notice PDFs in four languages and export the requests', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(300_000);
  const { monitor, staff } = await seedTeam(request, host);
  const demoCase = await seedDemoCase(request, host, {
    name: VICTIM,
    contact: 'seo@example.org',
    notes: '',
  });
  await api(request, host, staff, 'platforms.create', {
    platform: {
      name: 'Fixture galleries',
      hosts: ['127.0.0.1'],
      abuseEmail: 'abuse@fixture.example',
      language: 'ja',
    },
  });
  await crawlFixtureSite(request, host, site.origin);
  const queue = await api<{ items: { id: number }[] }>(request, host, monitor, 'review.list', {});
  expect(queue.items.length).toBeGreaterThanOrEqual(4);
  await api(request, host, monitor, 'review.decide', {
    itemIds: queue.items.map((i) => i.id),
    decision: 'confirm',
  });
  const requests = await api<{ id: number; url: string }[]>(
    request,
    host,
    staff,
    'takedowns.list',
    { filter: 'all' },
  );
  expect(requests.length).toBeGreaterThanOrEqual(2);
  // Free-text notes: Korean with quotes and a line break, and a formula someone pasted in.
  const notes = '=HYPERLINK("http://evil.example","열기")\n담당: 삭제지원팀, "긴급"';
  await api(request, host, staff, 'takedowns.update', { id: requests[0]!.id, edit: { notes } });

  // Settings → Notices: the centre's details, and a look at a template's preview.
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('staff');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-centre').click();
  await page
    .getByTestId('notice-centre-name')
    .fill('Seoul Digital Sex Crime Victim Support Centre');
  await page.getByTestId('notice-centre-email').fill('takedown@centre.example');
  await page.getByTestId('notice-centre-phone').fill('+82 2-000-0000');
  await page.getByTestId('notice-centre-signatory').fill('Takedown team');
  await page.getByTestId('notice-centre-address').fill('110 Sejong-daero, Jung-gu, Seoul');
  await page.getByTestId('notice-centre-save').click();
  await expect(page.getByTestId('notice-centre')).toContainText('Saved.');
  await page.getByTestId('settings-nav-notices').click();
  const panel = page.getByTestId('settings-notices');
  await expect(panel).toBeVisible();
  await page.getByTestId('notice-template-language').click();
  await page.getByRole('option', { name: /English/ }).click();
  await expect(page.getByTestId('notice-preview')).toContainText(
    'Request for removal of non-consensual intimate imagery',
  );
  await expect(page.getByTestId('notice-preview')).toContainText('takedown@centre.example');
  // A broken placeholder is caught before saving.
  const body = page.getByTestId('notice-template-body');
  await body.fill(`${await body.inputValue()}\nDear {{victim.name}}`);
  await expect(panel).toContainText('{{victim.name}} is not a known placeholder');
  await expect(page.getByTestId('notice-template-save')).toBeDisabled();
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'notices-settings-en');
  await switchLanguage(page, 'ko');
  await expect(panel).toContainText('알 수 없는 자리표시자');
  await page.getByTestId('notice-template-language').click();
  await page.getByRole('option', { name: /한국어/ }).click();
  await expect(page.getByTestId('notice-preview')).toContainText('불법촬영물등 삭제 요청서');
  await screenshot(page, 'notices-settings-ko');
  await switchLanguage(page, 'en');

  // Takedowns → Requests: one notice per host, in the platform's language by default.
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedown-filter').getByText('All').click();
  const group = page.getByTestId('takedown-host-127.0.0.1');
  await expect(group).toBeVisible();
  const expected: Record<string, string> = {
    ko: '불법촬영물등 삭제 요청서',
    en: 'Request for removal of non-consensual intimate imagery',
    ja: '私的な性的画像の削除依頼書',
    zh: '关于删除未经同意的私密影像的通知',
  };
  for (const language of ['ja', 'ko', 'en', 'zh']) {
    await page.getByTestId('notice-open-127.0.0.1').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    if (language === 'ja') {
      // The registry says the platform reads Japanese: that is the default.
      await expect(page.getByTestId('notice-language')).toHaveValue(/Japanese/);
      await page.getByTestId('notice-evidence').check();
      await screenshot(page, 'notices-dialog-en');
    } else {
      await page.getByTestId('notice-language').click();
      await page.getByRole('option', { name: new RegExp(`\\(${language}\\)`) }).click();
    }
    const path = await download(
      page,
      () => page.getByTestId('notice-make').click(),
      `notice-${language}.pdf`,
    );
    await expect(page.getByTestId('notice-status')).toContainText('saved');
    const text = pdfText(path).replace(/\s+/g, '');
    expect(text).toContain(expected[language]!.replace(/\s+/g, ''));
    for (const r of requests) expect(text).toContain(r.url.replace(/\s+/g, ''));
    expect(text).toContain('takedown@centre.example');
    expect(text).not.toContain(VICTIM.replace(/\s+/g, ''));
    expect(text).not.toContain(demoCase.code);
    execFileSync('pdftoppm', ['-png', '-r', '60', path, join(OUT, `notice-${language}`)]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  expect(readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(4);

  // Exports: CSV parses back with the notes intact (formula neutralised), XLSX is a workbook.
  await page.getByTestId('export-menu').click();
  const csvPath = await download(
    page,
    () => page.getByTestId('export-csv').click(),
    'requests.csv',
  );
  const rows = parseCsv(readFileSync(csvPath, 'utf8'));
  expect(rows.length).toBe(requests.length + 1);
  const header = rows[0]!;
  const first = rows.find((r) => r[header.indexOf('id')] === String(requests[0]!.id))!;
  expect(first[header.indexOf('notes')]).toBe(`'${notes}`);
  for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  await page.getByTestId('export-menu').click();
  const xlsxPath = await download(
    page,
    () => page.getByTestId('export-xlsx').click(),
    'requests.xlsx',
  );
  expect(execFileSync('unzip', ['-t', xlsxPath], { encoding: 'utf8' })).toContain(
    'No errors detected',
  );
  await expect(page.getByTestId('export-status')).toContainText(
    `.xlsx saved (${requests.length} requests)`,
  );
  await screenshot(page, 'notices-requests-en');

  await switchLanguage(page, 'ko');
  await page.getByTestId('notice-open-127.0.0.1').click();
  await expect(page.getByRole('dialog')).toContainText('삭제 요청서');
  await screenshot(page, 'notices-dialog-ko');
});
