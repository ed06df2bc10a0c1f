/**
 * Issue 17, "every screen tells the truth": the Crawls screens in English and Korean. Saving a site
 * whose start address the guards refuse says so on the field; a crawl that could fetch nothing
 * ends failed and says why; a site is archived (kept, never crawled) and brought back, or deleted
 * when it found nothing. Takedowns: a platform registered after the confirms owns their requests
 * (registry count, request list and detail, contact); the period report says "opened, none sent"
 * for drafts, counts Seoul's days once the centre's time zone is set, and draws time to removal
 * per host. A real headless host and the fixture site on 127.0.0.1.
 */
import type { Page } from '@playwright/test';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, SCREENSHOTS, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedDemoCase, seedTeam, TEAM } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

async function signIn(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

const WORDS = {
  en: {
    refused: 'address guards refuse 127.0.0.1',
    nothing: 'no start page could be fetched',
    archived: 'Archived sites',
  },
  ko: {
    refused: '주소 보호 기능이 127.0.0.1 주소를 막습니다',
    nothing: '시작 페이지를 하나도 가져오지 못했습니다',
    archived: '보관한 사이트',
  },
} as const;

test('crawls: a refused address is said on saving, a crawl that fetched nothing fails with its reason, sites are archived', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(180_000);
  await seedTeam(request, host);
  await signIn(page, host.url, 'monitor');

  for (const lang of ['en', 'ko'] as const) {
    const w = WORDS[lang];
    if (lang === 'ko') await switchLanguage(page, 'ko');
    await page.getByTestId('nav-crawls').click();

    // 1. Saving a site on 127.0.0.1 without the allowance: said on the start URLs field.
    await page.getByTestId('site-new').click();
    await page.getByTestId('site-name').fill(`Local ${lang}`);
    await page.getByTestId('site-start-urls').fill(`${site.origin}/`);
    await page.getByTestId('site-save').click();
    await expect(page.getByTestId('site-form')).toContainText(w.refused);
    await screenshot(page, `first-week-site-refused-${lang}`);
    // Allowing loopback saves it; its crawl is a real one.
    await page.getByTestId('site-allow-loopback').check();
    await page.getByTestId('site-start-urls').fill(`${site.origin}/no-such-page-${lang}`);
    await page.getByTestId('site-save').click();
    const row = page.getByTestId(`site-row-Local ${lang}`);
    await expect(row).toBeVisible();

    // 2. A crawl whose only start page is missing: failed, with the reason in words.
    await row.getByTestId('site-start').click();
    const panel = page.getByTestId('run-panel');
    await expect(panel.getByTestId('run-failure')).toContainText(w.nothing, { timeout: 60_000 });
    await expect(row.getByTestId('site-last-run')).not.toContainText(/0 (Matches|일치)/);
    await screenshot(page, `first-week-crawl-failed-${lang}`);

    // A second site that found nothing, to delete.
    await api(request, host, TEAM.monitor, 'sites.create', {
      config: {
        name: `Spare ${lang}`,
        startUrls: [`${site.origin}/`],
        allowAddresses: ['127.0.0.1'],
      },
    });
    await page.getByTestId('nav-review').click();
    await page.getByTestId('nav-crawls').click();

    // 3. Archive the failed site (it found nothing, so Delete is offered too), then bring it back.
    page.once('dialog', (d) => void d.accept());
    await row.getByTestId('site-archive').click();
    const archivedRow = page.getByTestId(`archived-row-Local ${lang}`);
    await expect(page.getByTestId('archived-sites')).toContainText(w.archived);
    await expect(archivedRow).toBeVisible();
    await expect(row).toBeHidden();
    await screenshot(page, `first-week-site-archived-${lang}`);
    await archivedRow.getByTestId('site-unarchive').click();
    await expect(row).toBeVisible();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId(`site-row-Spare ${lang}`).getByTestId('site-delete').click();
    await expect(page.getByTestId(`site-row-Spare ${lang}`)).toBeHidden();
  }

  // The admin reads the audit log as sentences of words, in Korean (the UI stays Korean).
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-username').fill('admin');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-audit').click();
  const audit = page.getByTestId('audit-table');
  // Sentences: who did what to which site (issue 17 item 11).
  await expect(audit).toContainText(/monitor 님이 사이트 #\d+을\(를\) 보관했습니다\./);
  await expect(audit).toContainText(/monitor 님이 사이트 #\d+을\(를\) 다시 사용하게 했습니다\./);
  await expect(audit).not.toContainText('crawl.site.archive');
  await page.getByTestId('audit-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'first-week-audit-ko');
  await switchLanguage(page, 'en');
  await expect(audit).toContainText(/monitor archived site #\d+\./);
  await screenshot(page, 'first-week-audit-en');
});

test('takedowns: a platform registered after the confirms owns its requests; the period report says what is true, in the centre’s days', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(420_000);
  const { monitor, staff } = await seedTeam(request, host);
  await seedDemoCase(request, host);
  await crawlFixtureSite(request, host, site.origin);
  const queue = await api<{ items: { id: number }[] }>(request, host, monitor, 'review.list', {});
  await api(request, host, monitor, 'review.decide', {
    itemIds: queue.items.map((i) => i.id),
    decision: 'confirm',
  });
  const drafts = await api<{ id: number }[]>(request, host, staff, 'takedowns.list', {});
  expect(drafts.length).toBeGreaterThanOrEqual(4);

  await signIn(page, host.url, 'staff');
  await page.getByTestId('nav-takedowns').click();

  // Only drafts so far: the report says so, not "no requests".
  await page.getByTestId('takedowns-tab-reports').click();
  await expect(page.getByTestId('report-empty')).toContainText(
    `${drafts.length} requests were opened in this period and none has been sent yet`,
  );
  await screenshot(page, 'first-week-report-drafts-en');

  // The host is registered only now, in the registry screen.
  await page.getByTestId('takedowns-tab-platforms').click();
  await page.getByTestId('platform-new').click();
  await page.getByTestId('platform-name').fill('Fixture Gallery Co');
  await page.getByTestId('platform-hosts').fill('127.0.0.1');
  await page.getByTestId('platform-email').fill('abuse@gallery.example');
  await page.getByTestId('platform-save').click();
  const platformRow = page.getByTestId('platform-row-Fixture Gallery Co');
  await expect(platformRow).toContainText(String(drafts.length));
  await screenshot(page, 'first-week-platform-after-en');
  await page.getByTestId('takedowns-tab-requests').click();
  await expect(page.getByTestId('takedown-host-127.0.0.1')).toContainText('Fixture Gallery Co');
  await page.getByTestId(`takedown-open-${drafts[0]!.id}`).click();
  await expect(page.getByTestId('takedown-detail')).toContainText('Fixture Gallery Co');
  await expect(page.getByTestId('takedown-contact')).toHaveValue('abuse@gallery.example');
  await screenshot(page, 'first-week-request-platform-en');

  // Sent and some removed; the centre's days are Seoul's.
  for (const d of drafts)
    await api(request, host, staff, 'takedowns.transition', { id: d.id, to: 'sent' });
  await api(request, host, staff, 'takedowns.transition', { id: drafts[0]!.id, to: 'removed' });
  await api(request, host, staff, 'takedowns.transition', { id: drafts[1]!.id, to: 'removed' });
  // The centre's time zone, in Settings.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-time-zone').click();
  const zone = page.getByTestId('notice-centre-time-zone');
  await zone.click();
  await zone.fill('Asia/Seo');
  await page.getByRole('option', { name: 'Asia/Seoul' }).click();
  await expect(zone).toHaveValue('Asia/Seoul');
  await page.getByTestId('time-zone-save').click();
  await expect(page.getByTestId('settings-time-zone')).toContainText('Saved.');
  await page.screenshot({ path: `${SCREENSHOTS}/first-week-time-zone-en.png` });
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedowns-tab-reports').click();
  await expect(page.getByTestId('kpi-sent')).toContainText(String(drafts.length));
  await expect(page.getByTestId('report-chart-hostTimes')).toBeVisible();
  await expect(page.getByTestId('reports-tab')).toContainText('Asia/Seoul');
  await screenshot(page, 'first-week-report-en');
  const download = page.waitForEvent('download');
  await page.getByTestId('report-pdf').click();
  await (await download).saveAs(`${SCREENSHOTS}/first-week-report-en.pdf`);

  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('reports-tab')).toContainText('Asia/Seoul 시간대의 자정부터');
  await screenshot(page, 'first-week-report-ko');
  const downloadKo = page.waitForEvent('download');
  await page.getByTestId('report-pdf').click();
  await (await downloadKo).saveAs(`${SCREENSHOTS}/first-week-report-ko.pdf`);
  await page.getByTestId('takedowns-tab-platforms').click();
  await expect(platformRow).toBeVisible();
  await screenshot(page, 'first-week-platform-after-ko');
  await page.getByTestId('takedowns-tab-requests').click();
  await page.getByTestId(`takedown-open-${drafts[2]!.id}`).click();
  await expect(page.getByTestId('takedown-detail')).toContainText('Fixture Gallery Co');
  await screenshot(page, 'first-week-request-platform-ko');
});
