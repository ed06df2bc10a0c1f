/**
 * The renderer shell against a real headless host: first-run set-up, every area, the language
 * switch, sign-out/in, and the no-token page. Screenshots go to e2e/screenshots/ (ignored).
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, switchLanguage, test } from './fixtures';

const ADMIN = { displayName: 'Kim Minji', username: 'minji', password: 'calm-river-stones-42' };
const AREAS = ['cases', 'crawls', 'review', 'takedowns'] as const;

/** Opens the host's URL and creates the first admin through the set-up page. */
async function setUp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('setup-page')).toBeVisible();
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('nav-cases')).toBeVisible();
}

test('the shell loads, shows every area and switches to Korean and back', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await expect(page.getByTestId('setup-page')).toBeVisible();
  // The token leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
  await expect(page.getByTestId('case-file-note')).toContainText('case.jium');
  await screenshot(page, 'setup-en');

  // The engine's validation comes back field by field, in the user's language.
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-username').fill('Minji Kim');
  await page.getByTestId('setup-password').fill('short');
  await page.getByTestId('setup-confirm').fill('short');
  await page.getByTestId('setup-submit').click();
  await expect(page.getByText('Use 3 to 40 lowercase letters')).toBeVisible();
  await expect(page.getByText('The password needs at least 10 characters.')).toBeVisible();
  await expect(page.getByTestId('setup-error')).toHaveText('Some fields need attention.');
  await screenshot(page, 'setup-errors-en');

  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();

  // The admin sees every area; the first is Cases.
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  await expect(page.getByTestId('role-badge')).toHaveText('Administrator');
  await expect(page.getByTestId('case-file-name')).toHaveText('case.jium');
  for (const area of AREAS) {
    await page.getByTestId(`nav-${area}`).click();
    await expect(page.getByTestId(`main-${area}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${area}`)).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveURL(new RegExp(`#/${area}$`));
  }
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('empty-cases-title')).toHaveText('No cases yet');
  await screenshot(page, 'shell-cases-en');
  await page.getByTestId('nav-review').click();
  await screenshot(page, 'shell-review-en');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('app-version')).not.toBeEmpty();
  await expect(page.getByTestId('settings-case-file')).toContainText(host.caseFile);

  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('nav-cases')).toContainText('사례');
  await expect(page.getByTestId('settings-title')).toHaveText('설정');
  await expect(page.getByTestId('role-badge')).toHaveText('관리자');
  await expect(page).toHaveTitle('Jium 지움');
  await screenshot(page, 'settings-ko');
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('empty-cases-title')).toHaveText('아직 등록된 사례가 없습니다');
  await screenshot(page, 'shell-cases-ko');
  await page.getByTestId('nav-review').click();
  await expect(page.getByTestId('main-review')).toBeVisible();
  await screenshot(page, 'shell-review-ko');

  // The choice survives a reload, and switching back works.
  await page.reload();
  await expect(page.getByTestId('nav-review')).toContainText('검토');
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('nav-cases')).toHaveText('Cases');
  await expect(page.getByTestId('nav-review')).toHaveText('Review');
  await expect(page.getByTestId('main-review')).toBeVisible();
});

test('a reload keeps the session; sign-out and sign-in again work', async ({ page, host }) => {
  await setUp(page, host.url);
  await page.getByTestId('nav-takedowns').click();

  // The session is bound to this tab's client id (sessionStorage), so a reload keeps it.
  await page.reload();
  await expect(page.getByTestId('empty-takedowns-title')).toBeVisible();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in-page')).toBeVisible();
  await screenshot(page, 'sign-in-en');

  await page.getByTestId('sign-in-username').fill(ADMIN.username);
  await page.getByTestId('sign-in-password').fill('not-the-password');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toHaveText(
    'The username or password is wrong, or the account is disabled.',
  );

  await page.getByTestId('sign-in-password').fill(ADMIN.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('current-user')).toContainText(ADMIN.displayName);
  await expect(page.getByTestId('nav-settings')).toBeVisible();
});

test('without the token the page explains what to open, and the API refuses', async ({
  page,
  host,
  request,
}) => {
  await page.goto(host.origin);
  await expect(page.getByTestId('no-token')).toBeVisible();
  await expect(page.getByText('Open Jium from its address')).toBeVisible();
  await screenshot(page, 'no-token-en');
  await switchLanguage(page, 'ko');
  await expect(page.getByText('지움이 알려 준 주소로 열어 주세요')).toBeVisible();
  await screenshot(page, 'no-token-ko');

  const res = await request.post(`${host.origin}/api/call/app.info`, {
    headers: { 'Content-Type': 'application/json', 'X-Jium-Client': 'e2e-client-without-token' },
    data: {},
  });
  expect(res.status()).toBe(401);
  const body = (await res.json()) as { ok: boolean; error: { code: string } };
  expect(body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
});
