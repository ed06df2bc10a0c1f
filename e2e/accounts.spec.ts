/**
 * Accounts and case follow-ups end to end against a real headless host: the admin changes a role,
 * resets a password and changes their own; a counsellor edits a victim's identity, reassigns the
 * case and removes one reference image after confirming; the idle-lock warning counts down, can be
 * dismissed, and ends on the lock page. Screenshots in English and Korean go to e2e/screenshots/.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCaseFolder } from './case-images';
import { expect, screenshot, startHost, switchLanguage, test } from './fixtures';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

const ADMIN = { displayName: 'Kim Minji', username: 'minji', password: 'calm-river-stones-42' };
const COUNSELLOR = {
  displayName: 'Park Seoyeon',
  username: 'seoyeon',
  password: 'quiet-harbour-lights-7',
};
const SECOND = { displayName: 'Jang Yuna', username: 'yuna', password: 'bright-cedar-hill-9' };
const MONITOR = { displayName: 'Lee Jun', username: 'jun', password: 'steady-pine-forest-3' };

async function setUp(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

async function createAccount(page: Page, who: typeof COUNSELLOR, role: 'Counsellor' | 'Monitor') {
  await page.getByTestId('account-display-name').fill(who.displayName);
  await page.getByTestId('account-username').fill(who.username);
  await page.getByTestId('account-role').click();
  await page.getByRole('option', { name: role, exact: true }).click();
  await page.getByTestId('account-password').fill(who.password);
  await page.getByTestId('account-create').click();
  await expect(page.getByTestId(`account-${who.username}`)).toBeVisible();
}

test('admin manages roles and passwords; a counsellor edits identity, reassigns and removes an image', async ({
  page,
  host,
}) => {
  test.setTimeout(240_000);
  const folder = mkdtempSync(join(tmpdir(), 'jium-e2e-images-'));
  await writeCaseFolder(folder, 3);

  await setUp(page, host.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-accounts').click();
  await createAccount(page, COUNSELLOR, 'Counsellor');
  await createAccount(page, SECOND, 'Counsellor');
  await createAccount(page, MONITOR, 'Monitor');

  // A role change: the monitor becomes staff.
  await page.getByTestId('account-jun').getByTestId('account-row-role').click();
  await page.getByRole('option', { name: 'Staff', exact: true }).click();
  await expect(page.getByTestId('accounts-message')).toContainText('Role changed');
  await expect(page.getByTestId('account-jun').getByTestId('account-row-role')).toHaveValue(
    'Staff',
  );
  // The last administrator cannot demote themselves: said plainly, nothing changes.
  await page.getByTestId('account-minji').getByTestId('account-row-role').click();
  await page.getByRole('option', { name: 'Monitor', exact: true }).click();
  await expect(page.getByTestId('accounts-message')).toContainText('last active administrator');
  await expect(page.getByTestId('account-minji').getByTestId('account-row-role')).toHaveValue(
    'Administrator',
  );

  // A password reset for the second counsellor.
  await page.getByTestId('account-yuna').getByTestId('account-row-reset').click();
  await page.getByTestId('account-reset-password').fill('short');
  await expect(page.getByTestId('account-reset-submit')).toBeDisabled();
  await page.getByTestId('account-reset-password').fill('new-yuna-password-1');
  await screenshot(page, 'accounts-01-reset-password-en');
  await page.getByTestId('account-reset-submit').click();
  await expect(page.getByTestId('accounts-message')).toContainText('Password of Jang Yuna reset');
  await page.getByTestId('accounts-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'accounts-02-accounts-panel-en');

  // The admin's own password: a wrong current one is refused on its field.
  await page.getByTestId('settings-nav-general').click();
  const panel = page.getByTestId('settings-password');
  await panel.getByTestId('password-current').fill('not my password');
  await panel.getByTestId('password-new').fill('new-admin-password-77');
  await panel.getByTestId('password-repeat').fill('new-admin-password-7');
  await expect(panel.getByTestId('password-save')).toBeDisabled();
  await panel.getByTestId('password-repeat').fill('new-admin-password-77');
  await panel.getByTestId('password-save').click();
  await expect(panel).toContainText('The current password is wrong.');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'accounts-03-own-password-wrong-en');
  await panel.getByTestId('password-current').fill(ADMIN.password);
  await panel.getByTestId('password-save').click();
  await expect(panel.getByTestId('password-message')).toHaveText('Your password was changed.');
  await page.getByTestId('sign-out').click();
  await signIn(page, { username: ADMIN.username, password: 'new-admin-password-77' });
  await page.getByTestId('sign-out').click();
  // The reset password works for its owner.
  await signIn(page, { username: SECOND.username, password: 'new-yuna-password-1' });
  await page.getByTestId('sign-out').click();

  // Counsellor: a case with three images.
  await signIn(page, COUNSELLOR);
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-new').click();
  await page.getByTestId('case-name').fill('Choi Haneul 최하늘');
  await page.getByTestId('case-contact').fill('010-2222-3333');
  await page.getByTestId('case-create').click();
  await expect(page.getByTestId('case-code')).toHaveText(/^C-\d{4}-0001$/);
  await page.getByTestId('image-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('case-image')).toHaveCount(3, { timeout: 60_000 });

  // Identity: edit and save; the new name shows, the old one is gone.
  await page.getByTestId('case-show-identity').click();
  await page.getByTestId('identity-edit').click();
  await page.getByTestId('identity-name').fill('Choi Haneul 최하늘 (최은비)');
  await page.getByTestId('identity-contact').fill('010-4444-5555');
  await screenshot(page, 'accounts-04-identity-edit-en');
  await page.getByTestId('identity-save').click();
  await expect(page.getByTestId('case-identity-name')).toContainText('최은비');
  await expect(page.getByTestId('case-private')).toContainText('010-4444-5555');

  // Reassign to the other counsellor.
  await page.getByTestId('case-assign').click();
  await page.getByRole('option', { name: SECOND.displayName }).click();
  await expect(page.getByTestId('case-notice')).toContainText(`assigned to ${SECOND.displayName}`);
  await expect(page.getByTestId('case-assign')).toHaveValue(SECOND.displayName);

  // Remove one image: confirm first (cancel keeps it), then it is gone.
  await page.getByTestId('case-image-remove').first().click();
  await expect(page.getByRole('dialog')).toContainText('cannot be undone');
  await screenshot(page, 'accounts-05-remove-image-en');
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('case-image')).toHaveCount(3);
  await page.getByTestId('case-image-remove').first().click();
  await page.getByTestId('case-image-remove-confirm').click();
  await expect(page.getByTestId('case-image')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Reference images (2)' })).toBeVisible();

  // Korean: the same views.
  await switchLanguage(page, 'ko');
  await page.getByTestId('identity-edit').click();
  await screenshot(page, 'accounts-06-identity-edit-ko');
  await page.getByRole('button', { name: '취소' }).first().click();
  await page.getByTestId('case-image-remove').first().click();
  await expect(page.getByRole('dialog')).toContainText('되돌릴 수 없습니다');
  await screenshot(page, 'accounts-07-remove-image-ko');
  await page.getByRole('button', { name: '유지' }).click();
  await page.getByTestId('sign-out').click();
  await signIn(page, { username: ADMIN.username, password: 'new-admin-password-77' });
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-password').scrollIntoViewIfNeeded();
  await screenshot(page, 'accounts-08-settings-ko');
  await page.getByTestId('settings-nav-accounts').click();
  await page.getByTestId('account-yuna').getByTestId('account-row-reset').click();
  await page.getByTestId('account-reset-password').fill('another-yuna-pass-2');
  await screenshot(page, 'accounts-09-reset-password-ko');
  rmSync(folder, { recursive: true, force: true });
});

test('the idle-lock warning counts down, can be dismissed, and ends on the lock page', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Its own host with a short idle time (30 s: the warning shows for the last 15).
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-e2e-idle-'));
  process.env.JIUM_IDLE_LOCK_MINUTES = '0.5';
  const host = await startHost(dataDir).finally(() => delete process.env.JIUM_IDLE_LOCK_MINUTES);
  try {
    await setUp(page, host.url);
    const warning = page.getByTestId('idle-stay');
    await expect(warning).toBeVisible({ timeout: 40_000 });
    await expect(page.getByRole('dialog')).toContainText(/locks in \d+ seconds/);
    await screenshot(page, 'accounts-10-idle-warning-en');
    await warning.click();
    await expect(warning).toBeHidden();
    // Still signed in after the dismissal: the engine counted it as activity.
    await page.getByTestId('nav-cases').click();
    await expect(page.getByTestId('lock-page')).toHaveCount(0);

    await switchLanguage(page, 'ko');
    await expect(warning).toBeVisible({ timeout: 40_000 });
    await expect(page.getByRole('dialog')).toContainText('초 후에 Jium이 잠깁니다');
    await screenshot(page, 'accounts-11-idle-warning-ko');
    // Nobody answers: the countdown ends on the lock page, and the password opens it again.
    await expect(page.getByTestId('lock-page')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('lock-password').fill(ADMIN.password);
    await page.getByTestId('lock-submit').click();
    await expect(page.getByTestId('sign-out')).toBeVisible();
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
