/**
 * Issue 17 item 7 in English and Korean: a running crawl shows a progress bar (addresses done of
 * those known, time running, rate) in its panel and in its site's row, whose counts move while it
 * runs (crawl.progress events); its log is grouped by kind in words, with the raw lines one click
 * away. A real headless host and the fixture site on 127.0.0.1, crawled slowly on purpose.
 */
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';
import { PASSWORD, seedDemoCase, seedTeam, TEAM } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

test('crawl progress and the crawl log in words', async ({ page, host, request }) => {
  test.setTimeout(240_000);
  await seedTeam(request, host);
  await seedDemoCase(request, host);
  await api(request, host, TEAM.monitor, 'sites.create', {
    config: {
      name: 'Slow fixture',
      startUrls: [`${site.origin}/`],
      allowAddresses: ['127.0.0.1'],
      requestsPerSecond: 6,
      concurrencyPerHost: 2,
      renderMode: 'http',
      timeoutSeconds: 2,
      maxDepth: 6,
    },
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('monitor');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-crawls').click();
  const row = page.getByTestId('site-row-Slow fixture');
  await row.getByTestId('site-start').click();

  // The row's bar and counts follow the running crawl.
  const counts = row.getByTestId('site-counts');
  await expect(row.getByTestId('site-progress')).toBeVisible();
  await expect(counts).toContainText(/[1-9]\d* Pages/, { timeout: 30_000 });
  const first = await counts.textContent();
  await expect(counts).not.toHaveText(first!, { timeout: 30_000 });
  const done = page.getByTestId('run-panel').getByTestId('crawl-progress-done');
  await expect(done).toContainText(/\d+ of \d+ addresses done/);
  await expect(page.getByTestId('run-panel').getByTestId('crawl-progress')).toContainText(
    /running \d+:\d\d.*\d+ per minute/,
  );
  await screenshot(page, 'first-week-crawl-running-en');
  await switchLanguage(page, 'ko');
  await expect(done).toContainText(/알려진 주소 \d+개 중 \d+개 처리/);
  await expect(counts).toContainText(/\d+ 페이지/);
  await screenshot(page, 'first-week-crawl-running-ko');

  // Let it read some of the broken files, then stop it; the log stays, grouped in words.
  await expect(page.getByTestId('log-kind-not-an-image')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('run-panel').getByRole('button', { name: '크롤링 취소' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('취소됨', { timeout: 30_000 });
  const group = page.getByTestId('log-kind-not-an-image');
  await expect(group).toContainText('이미지가 아님');
  // Words on the row; the raw lines (code, address, message) are hidden until asked for.
  await expect(group.getByRole('button')).not.toContainText('not-an-image');
  await expect(page.getByTestId('log-raw-not-an-image')).toBeHidden();
  await group.getByRole('button').click();
  await expect(page.getByTestId('log-raw-not-an-image')).toBeVisible();
  await expect(page.getByTestId('log-raw-not-an-image')).toContainText('not-an-image');
  await page.getByTestId('run-log').scrollIntoViewIfNeeded();
  await screenshot(page, 'first-week-crawl-log-ko');
  await switchLanguage(page, 'en');
  await expect(group).toContainText('Not an image');
  await expect(page.getByTestId('log-kind-fetched')).toContainText('Read');
  await screenshot(page, 'first-week-crawl-log-en');
});
