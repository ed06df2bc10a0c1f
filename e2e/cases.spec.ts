/**
 * Cases end to end against a real headless host: the admin creates a counsellor and a monitor; the
 * counsellor registers a case and adds a folder of 20 images (2 corrupt): 18 fingerprinted, 2
 * explained, each tile showing the counsellor its file name and date added (in en and ko); the
 * monitor sees the case code but no identity and no file names; the raw case file holds neither the
 * victim's name nor an original's bytes. Screenshots go to e2e/screenshots/.
 */
import type { Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCaseFolder, writeDarkPhoto, writePostCapture } from './case-images';
import { expect, screenshot, switchLanguage, test } from './fixtures';

// The headless host protects the case keys with this passphrase (the fixture passes process.env).
process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

const ADMIN = { displayName: 'Kim Minji', username: 'minji', password: 'calm-river-stones-42' };
const COUNSELLOR = {
  displayName: 'Park Seoyeon',
  username: 'seoyeon',
  password: 'quiet-harbour-lights-7',
};
const MONITOR = { displayName: 'Lee Jun', username: 'jun', password: 'steady-pine-forest-3' };
const VICTIM = 'Choi Haneul 최하늘';

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

async function createAccount(page: Page, who: typeof COUNSELLOR, role: 'counsellor' | 'monitor') {
  await page.getByTestId('account-display-name').fill(who.displayName);
  await page.getByTestId('account-username').fill(who.username);
  await page.getByTestId('account-role').click();
  await page
    .getByRole('option', { name: role === 'counsellor' ? 'Counsellor' : 'Monitor' })
    .click();
  await page.getByTestId('account-password').fill(who.password);
  await page.getByTestId('account-create').click();
  await expect(page.getByTestId(`account-${who.username}`)).toBeVisible();
}

test('counsellor registers a case with a folder of images; the monitor sees only its code', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000);
  const folder = mkdtempSync(join(tmpdir(), 'jium-e2e-images-'));
  const { corrupt } = await writeCaseFolder(folder);
  const originalBytes = readFileSync(join(folder, 'photo-01.jpg'));

  // Admin: first run, then two accounts in Settings.
  await page.goto(host.url);
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-accounts').click();
  await createAccount(page, COUNSELLOR, 'counsellor');
  await createAccount(page, MONITOR, 'monitor');
  await page.getByTestId('accounts-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'cases-01-admin-accounts');
  await page.getByTestId('sign-out').click();

  // Counsellor: a new case with identity and consent.
  await signIn(page, COUNSELLOR);
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-new').click();
  await page.getByTestId('case-name').fill(VICTIM);
  await page.getByTestId('case-contact').fill('010-2222-3333');
  await page.getByTestId('case-notes').fill('Reported through the hotline.');
  await screenshot(page, 'cases-02-new-case-form');
  await page.getByTestId('case-create').click();
  await expect(page.getByTestId('case-code')).toHaveText(/^C-\d{4}-0001$/);
  const code = (await page.getByTestId('case-code').textContent())!;

  // A whole folder (with a sub-folder) of 20 files, 2 of them corrupt.
  await page.getByTestId('image-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('add-summary')).toContainText('20 of 20 files', {
    timeout: 120_000,
  });
  await expect(page.locator('[data-testid="add-result"][data-status="added"]')).toHaveCount(18);
  const rejected = page.locator('[data-testid="add-result"][data-status="rejected"]');
  await expect(rejected).toHaveCount(2);
  for (const name of corrupt) await expect(rejected.filter({ hasText: name })).toHaveCount(1);
  await expect(rejected.filter({ hasText: 'broken-download.jpg' })).toContainText(
    /cut off|damaged/,
  );
  await expect(rejected.filter({ hasText: 'not-really.jpg' })).toContainText('Not an image file');
  await expect(page.getByTestId('case-image')).toHaveCount(18);
  await screenshot(page, 'cases-03-folder-added');

  // The same image again is detected and said.
  await page.getByTestId('image-files-input').setInputFiles(join(folder, 'photo-01.jpg'));
  await expect(page.locator('[data-testid="add-result"][data-status="duplicate"]')).toContainText(
    code,
  );

  // A dark, low-contrast photograph goes in, and the counsellor is told why copies may be hard to
  // find, right after registering and on the image itself.
  const dark = join(folder, 'night.jpg');
  await writeDarkPhoto(dark);
  await page.getByTestId('image-files-input').setInputFiles(dark);
  const added = page.locator('[data-testid="add-result"][data-status="added"]');
  await expect(added.getByTestId('hard-to-find')).toHaveAttribute('data-reason', 'low-contrast');
  await expect(added.getByTestId('hard-to-find')).toContainText('very dark');
  await expect(page.getByTestId('case-image')).toHaveCount(19);
  await expect(page.getByTestId('case-image').getByTestId('hard-to-find')).toHaveCount(1);
  await screenshot(page, 'cases-03b-dark-photo-note');

  // A screenshot of a post: the counsellor is told that the picture inside it may be missed when
  // it is re-posted on its own, and asked for that picture by itself (in en and ko).
  const post = join(folder, 'post-screenshot.jpg');
  await writePostCapture(post);
  await page.getByTestId('image-files-input').setInputFiles(post);
  const note = page
    .locator('[data-testid="add-result"][data-status="added"]')
    .filter({ hasText: 'post-screenshot.jpg' })
    .getByTestId('hard-to-find');
  await expect(note).toHaveAttribute('data-reason', 'inner-picture');
  await expect(note).toContainText('re-posted on its own');
  await expect(page.getByTestId('case-image')).toHaveCount(20);
  await expect(page.getByTestId('case-image').getByTestId('hard-to-find')).toHaveCount(2);
  await screenshot(page, 'cases-03c-screenshot-note');
  await switchLanguage(page, 'ko');
  await expect(note).toContainText('함께 등록해 주세요');
  await screenshot(page, 'cases-03d-screenshot-note-ko');
  await switchLanguage(page, 'en');

  await page.getByTestId('case-show-identity').click();
  await expect(page.getByTestId('case-identity-name')).toContainText(VICTIM);
  await screenshot(page, 'cases-04-counsellor-case-detail');

  // The counsellor tells images apart by file name and the day added, in the UI's language.
  const tile = page.getByTestId('case-image').filter({ hasText: 'photo-01.jpg' });
  await expect(tile).toHaveCount(1);
  // Added from a folder: the tile shows the file's name, its path in the folder on hover.
  await expect(tile.getByTestId('case-image-name')).toHaveText('photo-01.jpg');
  await expect(tile.getByTestId('case-image-name')).toHaveAttribute('title', /\/photo-01\.jpg$/);
  await expect(tile.getByTestId('case-image-added')).toHaveText(/^Added \d{1,2} \w{3,4} \d{4}$/);
  await tile.scrollIntoViewIfNeeded();
  await screenshot(page, 'cases-04b-counsellor-image-names');
  await switchLanguage(page, 'ko');
  await expect(tile.getByTestId('case-image-added')).toHaveText(
    /^\d{4}\. \d{1,2}\. \d{1,2}\. 등록$/,
  );
  await screenshot(page, 'cases-04c-counsellor-image-names-ko');
  await switchLanguage(page, 'en');
  await page.getByTestId('sign-out').click();

  // Monitor: the case code, blurred thumbnails, no identity anywhere on the page.
  await signIn(page, MONITOR);
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId(`case-row-${code}`)).toBeVisible();
  await screenshot(page, 'cases-05-monitor-list');
  await page.getByTestId(`case-row-${code}`).click();
  await expect(page.getByTestId('case-identity-hidden')).toBeVisible();
  await expect(page.getByTestId('case-image')).toHaveCount(20);
  await expect(page.getByTestId('case-private')).toHaveCount(0);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('Choi');
  expect(text).not.toContain('최하늘');
  expect(text).not.toContain('010-2222-3333');
  // File names can name the victim: the monitor's tiles show fingerprints and dates only.
  expect(text).not.toContain('photo-01.jpg');
  expect(text).not.toContain('photo-');
  await expect(page.getByTestId('case-image-added')).toHaveCount(20);
  await screenshot(page, 'cases-06-monitor-case');
  await page.getByTestId('sign-out').click();

  // Admin: the audit chain holds.
  await signIn(page, ADMIN);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-audit').click();
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-result')).toContainText('The chain holds');
  await page.getByTestId('audit-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'cases-07-admin-audit');

  // The raw case file (and its WAL) holds neither the victim's name nor an original's bytes.
  const raw = Buffer.concat(
    [host.caseFile, `${host.caseFile}-wal`, `${host.caseFile}-shm`]
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p)),
  );
  expect(raw.length).toBeGreaterThan(100_000);
  for (const needle of ['Choi Haneul', '최하늘', '010-2222-3333', 'photo-01'])
    expect(raw.includes(Buffer.from(needle)), needle).toBe(false);
  expect(raw.includes(originalBytes.subarray(2000, 2064))).toBe(false);
  rmSync(folder, { recursive: true, force: true });
});
