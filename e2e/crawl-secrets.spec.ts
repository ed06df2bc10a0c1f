/**
 * A site's login cookie and header values in the Crawls UI: entered once, then shown only as "set"
 * with the header names, replaced or cleared on purpose; the values never come back to the page and
 * are not readable in the raw case file. Screenshots in English and Korean.
 */
import type { Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const PASSWORD = 'steady-pine-forest-3';
const COOKIE = 'sid=e2e-cookie-7d1f0a';
const HEADER = 'e2e-header-55b2c9';

async function editSite(page: Page, name: string) {
  await page
    .getByTestId(`site-row-${name}`)
    .getByRole('button', { name: /Edit|수정/ })
    .click();
  await expect(page.getByTestId('site-form')).toBeVisible();
}

test('a monitor saves login secrets that are then shown as set, replaced or cleared, never in clear', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(120_000);
  await api(request, host, 'e2e-setup-admin-0001', 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  await api(request, host, 'e2e-setup-admin-0001', 'accounts.create', {
    username: 'monitor',
    displayName: 'Lee Jun',
    role: 'monitor',
    password: PASSWORD,
  });
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('monitor');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-crawls').click();

  await page.getByTestId('site-new').click();
  await page.getByTestId('site-name').fill('Members area');
  await page.getByTestId('site-start-urls').fill('https://example.org/members/');
  await page.getByTestId('site-headers').fill(`X-Api-Key: ${HEADER}`);
  await page.getByTestId('site-cookies').fill(COOKIE);
  await page.getByTestId('site-save').click();
  await expect(page.getByTestId('site-row-Members area')).toBeVisible();

  // Editing shows that both are set (the header's name only), not their values.
  await editSite(page, 'Members area');
  await expect(page.getByTestId('site-headers-saved')).toContainText('X-Api-Key');
  await expect(page.getByTestId('site-headers-saved')).toContainText('Set');
  await expect(page.getByTestId('site-cookies-saved')).toContainText('Set');
  const text = await page.locator('body').innerText();
  expect(text).not.toContain(HEADER);
  expect(text).not.toContain('e2e-cookie');
  await page.getByTestId('site-form').scrollIntoViewIfNeeded();
  await screenshot(page, 'crawl-secrets-01-saved-en');

  // Replace the cookie, clear the headers.
  await page.getByTestId('site-cookies-replace').click();
  await page.getByTestId('site-cookies').fill('sid=e2e-new-cookie');
  await page.getByTestId('site-headers-clear').click();
  await expect(page.getByTestId('site-headers-saved')).toContainText('Will be removed');
  await screenshot(page, 'crawl-secrets-02-replace-clear-en');
  await page.getByTestId('site-save').click();
  await editSite(page, 'Members area');
  await expect(page.getByTestId('site-headers')).toHaveValue(''); // nothing saved any more
  await expect(page.getByTestId('site-cookies-saved')).toContainText('Set');

  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('site-cookies-saved')).toContainText('설정됨');
  await screenshot(page, 'crawl-secrets-03-saved-ko');

  const raw = Buffer.concat(
    [host.caseFile, `${host.caseFile}-wal`]
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p)),
  );
  for (const needle of [HEADER, 'e2e-cookie', 'e2e-new-cookie'])
    expect(raw.includes(Buffer.from(needle)), needle).toBe(false);
});
