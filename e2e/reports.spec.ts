/**
 * Reports and hash lists end to end: a real headless host and the fixture site on 127.0.0.1.
 * Set-up through the HTTP API (the cases, crawls, review and takedowns specs cover those screens):
 * a case with the demo references, a crawl, a monitor confirming the matches (which opens draft
 * requests), and staff moving requests along (sent, removed, refused). A staff member then opens
 * the period report and the hash lists in the Takedowns area, in English and Korean; exports the
 * hashes of confirmed content and imports the file back as a list, with a bad row reported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, startHost, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedDemoCase, seedTeam } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

test('staff read the period report and exchange hash lists', async ({ page, host, request }) => {
  test.setTimeout(420_000);
  const { monitor, staff } = await seedTeam(request, host);
  await seedDemoCase(request, host);
  await crawlFixtureSite(request, host, site.origin);
  const queue = await api<{ items: { id: number }[] }>(request, host, monitor, 'review.list', {});
  expect(queue.items.length).toBeGreaterThanOrEqual(4);
  await api(request, host, monitor, 'review.decide', {
    itemIds: queue.items.map((i) => i.id),
    decision: 'confirm',
  });

  // Staff move the drafts along: all sent, two removed, one refused.
  const drafts = await api<{ id: number }[]>(request, host, staff, 'takedowns.list', {});
  expect(drafts.length).toBeGreaterThanOrEqual(4);
  for (const d of drafts)
    await api(request, host, staff, 'takedowns.transition', { id: d.id, to: 'sent' });
  await api(request, host, staff, 'takedowns.transition', { id: drafts[0]!.id, to: 'removed' });
  await api(request, host, staff, 'takedowns.transition', { id: drafts[1]!.id, to: 'removed' });
  await api(request, host, staff, 'takedowns.transition', { id: drafts[2]!.id, to: 'refused' });

  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('staff');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedowns-tab-reports').click();
  await expect(page.getByTestId('kpi-sent')).toContainText(String(drafts.length));
  await expect(page.getByTestId('kpi-removed')).toContainText('2');
  await expect(page.getByTestId('kpi-pending')).toContainText(String(drafts.length - 3));
  await expect(page.getByTestId('report-hosts')).toContainText('127.0.0.1');
  for (const c of ['outcome', 'timeline', 'bands', 'hosts']) {
    await expect(page.getByTestId(`report-chart-${c}`)).toBeVisible();
  }
  await screenshot(page, 'reports-en');

  const download = page.waitForEvent('download');
  await page.getByTestId('report-pdf').click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(
    /^jium-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-en\.pdf$/,
  );
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('kpi-removed')).toContainText('삭제됨');
  await expect(page.getByTestId('reports-tab')).toContainText('기한 내 삭제율');
  await screenshot(page, 'reports-ko');

  // Hash lists: export what was confirmed, and import it back as a list with one bad row.
  await page.getByTestId('takedowns-tab-exchange').click();
  const exported = page.waitForEvent('download');
  await page.getByTestId('exchange-export').click();
  const csv = readFileSync((await (await exported).path())!).toString();
  const rows = csv.trim().split('\n');
  expect(rows[0]).toBe('pdq,pdq_quality,blockhash,sha256');
  expect(rows.length).toBeGreaterThanOrEqual(5);
  expect(csv).not.toMatch(/C-\d{4}|http/);
  await expect(page.getByTestId('exchange-exported')).toContainText(String(rows.length - 1));

  await page.getByTestId('exchange-name').fill('파트너 센터 목록');
  await page.getByTestId('exchange-source').fill('e2e');
  await page.locator('input[type=file]').setInputFiles({
    name: 'partner.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${csv}not-a-hash,50,,\n`),
  });
  await page.getByTestId('exchange-import').click();
  await expect(page.getByTestId('exchange-result')).toContainText(`${rows.length - 1}`);
  await expect(page.getByTestId('exchange-rejected')).toContainText(`${rows.length + 1}행`);
  await expect(page.getByTestId('exchange-rejected')).toContainText(
    'PDQ 해시가 16진수 64자리가 아닙니다',
  );
  await expect(page.getByTestId('exchange-lists')).toContainText('파트너 센터 목록');
  await screenshot(page, 'exchange-ko');
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('exchange-tab')).toContainText('Imported lists');
  await screenshot(page, 'exchange-en');

  // A partner centre (another case file, no cases of its own) imports the file and crawls the
  // same site: the copies are found through the list, and a staff member confirms one.
  const partnerDir = mkdtempSync(join(tmpdir(), 'jium-e2e-partner-'));
  const partner = await startHost(partnerDir);
  try {
    const pAdmin = 'e2e-partner-admin-0001';
    const pMonitor = 'e2e-partner-monitor-01';
    await api(request, partner, pAdmin, 'auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    });
    for (const role of ['monitor', 'staff']) {
      await api(request, partner, pAdmin, 'accounts.create', {
        username: role,
        displayName: `Partner ${role}`,
        role,
        password: PASSWORD,
      });
    }
    const csvPath = join(partnerDir, 'from-partner.csv');
    writeFileSync(csvPath, csv);
    await page.goto(partner.url);
    await page.getByTestId('sign-in-username').fill('staff');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('nav-takedowns').click();
    await page.getByTestId('takedowns-tab-exchange').click();
    await expect(page.getByTestId('exchange-tab')).toBeVisible();
    await switchLanguage(page, 'en');
    await page.getByTestId('exchange-name').fill('Centre A');
    await page.locator('input[type=file]').setInputFiles(csvPath);
    await page.getByTestId('exchange-import').click();
    await expect(page.getByTestId('exchange-lists')).toContainText('Centre A');

    await api(request, partner, pMonitor, 'auth.signIn', {
      username: 'monitor',
      password: PASSWORD,
    });
    const ps = await api(request, partner, pMonitor, 'sites.create', {
      config: {
        name: 'Fixture',
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
        requestsPerSecond: 200,
        concurrencyPerHost: 6,
        renderMode: 'http',
        timeoutSeconds: 2,
      },
    });
    const prun = await api(request, partner, pMonitor, 'crawls.start', { siteId: ps.id });
    await expect
      .poll(
        async () =>
          (
            await api<{ id: number; state: string }[]>(
              request,
              partner,
              pMonitor,
              'crawls.list',
              {},
            )
          ).find((r) => r.id === prun.id)?.state,
        { timeout: 180_000, intervals: [500] },
      )
      .toBe('finished');
    await page.getByTestId('takedowns-tab-requests').click();
    await page.getByTestId('takedowns-tab-exchange').click();
    const found = page.getByTestId('exchange-matches');
    await expect(found).toContainText('/gallery/3');
    expect(await found.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    const row = found.locator('tr', { hasText: '/gallery/3' });
    await row.getByRole('button', { name: 'Confirm' }).click();
    await expect(row).toContainText('Confirmed');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'exchange-matches-en');
    await switchLanguage(page, 'ko');
    await expect(found).toContainText('확인됨');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'exchange-matches-ko');
  } finally {
    await partner.stop();
    rmSync(partnerDir, { recursive: true, force: true });
  }
});
