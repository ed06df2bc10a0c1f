/**
 * Hash-list matches in the one Review screen end to end (decisions 0078, 0091): a real headless
 * host and the fixture site on 127.0.0.1. Set-up through the HTTP API: staff import a list holding
 * the SHA-256 of two pictures the site shows, a monitor crawls two gallery pages. Then, through the
 * screens, the monitor filters Review to the hash lists source, looks at one (no picture is kept)
 * in English and Korean, confirms it with the keyboard, undoes and confirms again, rejects the
 * other; the emptied queue says what the sitting did and that staff send the notices; staff see
 * one draft request, marked as from the list, in Takedowns.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const PASSWORD = 'steady-pine-forest-3';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

async function signIn(page: Page, username: string) {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

test('a monitor confirms a hash-list match in Review and staff see the request', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(300_000);
  const admin = 'e2e-list-admin-00001';
  const monitor = 'e2e-list-monitor-0001';
  const staff = 'e2e-list-staff-000001';
  await api(request, host, admin, 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  for (const role of ['monitor', 'staff']) {
    await api(request, host, admin, 'accounts.create', {
      username: role,
      displayName: `List ${role}`,
      role,
      password: PASSWORD,
    });
  }
  await api(request, host, staff, 'auth.signIn', { username: 'staff', password: PASSWORD });
  await api(request, host, monitor, 'auth.signIn', { username: 'monitor', password: PASSWORD });

  // The list another hotline shared: the SHA-256 of the pictures planted on /gallery/3 and /6.
  const hashes: string[] = [];
  for (const id of [0, 1]) {
    const bytes = await (await request.get(`${site.origin}/img/p/${id}.jpg`)).body();
    hashes.push(createHash('sha256').update(bytes).digest('hex'));
  }
  await api(request, host, staff, 'exchange.import', {
    name: 'Partner hotline',
    source: 'e2e',
    text: `sha256\n${hashes.join('\n')}\n`,
  });
  const s = await api(request, host, monitor, 'sites.create', {
    config: {
      name: 'Fixture',
      startUrls: [`${site.origin}/gallery/3`, `${site.origin}/gallery/6`],
      allowAddresses: ['127.0.0.1'],
      maxDepth: 0,
      requestsPerSecond: 200,
      concurrencyPerHost: 6,
      renderMode: 'http',
      timeoutSeconds: 2,
    },
  });
  const run = await api(request, host, monitor, 'crawls.start', { siteId: s.id });
  await expect
    .poll(
      async () =>
        (
          await api<{ id: number; state: string }[]>(request, host, monitor, 'crawls.list', {})
        ).find((r) => r.id === run.id)?.state,
      { timeout: 120_000, intervals: [500] },
    )
    .toBe('finished');

  await page.goto(host.url);
  await signIn(page, 'monitor');
  await switchLanguage(page, 'en');
  await page.getByTestId('nav-review').click();
  await page.getByTestId('review-source').getByText('Hash lists').click();
  const rows = page.getByTestId('review-list').getByRole('option');
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: '/gallery/3' }).click();
  const detail = page.getByTestId('review-list-detail');
  await expect(detail).toContainText('Hash list: Partner hotline');
  await expect(detail).toContainText(`${site.origin}/gallery/3`);
  await expect(detail).toContainText('sha256, distance 0');
  await expect(page.getByTestId('review-no-picture')).toContainText('No picture is kept');
  // The row and the address above the evidence name the page; a list keeps no thumbnail.
  await expect(page.getByTestId('review-page-url')).toHaveText(`${site.origin}/gallery/3`);
  await expect(rows.filter({ hasText: '/gallery/3' }).locator('img')).toHaveCount(0);
  await screenshot(page, 'list-review-en');

  await switchLanguage(page, 'ko');
  await expect(detail).toContainText('해시 목록: Partner hotline');
  await screenshot(page, 'list-review-ko');
  // Confirm from the keyboard, as in the case queue; the match leaves the pending list.
  await page.locator('body').press('c');
  await expect(page.getByTestId('review-status')).toContainText('삭제 요청 초안');
  await expect(rows).toHaveCount(1);
  await expect(rows).not.toContainText('/gallery/3');
  // Z puts it back (and takes it off the draft); confirm again, and reject the other with R.
  await page.locator('body').press('z');
  await expect(page.getByTestId('review-status')).toContainText('검토 대기로 되돌렸습니다');
  await expect(rows).toHaveCount(2);
  await expect
    .poll(async () => (await api<unknown[]>(request, host, staff, 'takedowns.list', {})).length)
    .toBe(0);
  await rows.filter({ hasText: '/gallery/3' }).click();
  await page.locator('body').press('c');
  await expect(rows).toHaveCount(1);
  await rows.filter({ hasText: '/gallery/6' }).click();
  await page.locator('body').press('r');
  await expect(page.getByTestId('review-status')).toContainText('일치하지 않음으로');
  await expect(page.getByTestId('review-empty')).toBeVisible();
  // Issue 17 item 11: the emptied queue says what this sitting did (the undone confirm is not
  // counted) and the next step; Takedowns is staff's, so a monitor is told, not linked.
  const handOff = page.getByTestId('review-hand-off');
  await expect(handOff).toContainText('삭제 요청 1건을 열었습니다');
  await expect(handOff).toContainText('일치하지 않음 1건');
  await expect(page.getByTestId('review-next-staff')).toContainText('삭제 요청에서');
  await expect(page.getByTestId('review-next-takedowns')).toHaveCount(0);
  await screenshot(page, 'list-review-done-ko');
  await switchLanguage(page, 'en');
  await expect(handOff).toContainText('1 takedown request opened');
  await expect(handOff).toContainText('1 not a match');
  await screenshot(page, 'list-review-done-en');
  await switchLanguage(page, 'ko');
  await page.getByTestId('review-state-filter').getByText('확인됨').click();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('/gallery/3');
  await screenshot(page, 'list-review-confirmed-ko');
  await switchLanguage(page, 'en');
  await page.getByTestId('sign-out').click();

  await signIn(page, 'staff');
  await page.getByTestId('nav-takedowns').click();
  const requests = page.getByTestId('takedown-requests');
  await expect(requests).toContainText('/gallery/3');
  await expect(requests).toContainText('Hash list: Partner hotline');
  await expect(requests).not.toContainText('/gallery/6');
  await screenshot(page, 'list-review-takedowns-en');
  await switchLanguage(page, 'ko');
  await expect(requests).toContainText('해시 목록: Partner hotline');
  await screenshot(page, 'list-review-takedowns-ko');
});
