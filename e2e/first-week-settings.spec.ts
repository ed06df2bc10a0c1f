/**
 * Issue 17 items 3 and 8 in English and Korean: after set-up the admin lands on the first-run
 * checklist, which ticks itself and disappears when done; Settings has sections with their own
 * addresses; the new-account form names the new person and gives the password a full-width box;
 * engine errors come back as specific sentences on exactly the fields they name (a taken
 * username, a bad abuse e-mail) and a host without a master key says so. Real headless hosts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { api, expect, screenshot, startHost, switchLanguage, test } from './fixtures';
import { PASSWORD, TEAM } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

const ADMIN = { username: 'haneul', displayName: 'Haneul Park', password: PASSWORD };

async function setUp(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

const WORDS = {
  en: {
    progress0: '0 of 4 done',
    progress1: '1 of 4 done',
    newName: 'The new person’s name',
    taken: 'That username is taken. Choose another one.',
    takenField: 'That is taken already.',
    short: 'Use at least 10 characters.',
    email: 'Enter an e-mail address such as abuse@example.com.',
    check: 'Check the fields marked in red.',
    noKey: 'Jium was started without a passphrase',
  },
  ko: {
    progress0: '4개 중 0개 완료',
    progress1: '4개 중 1개 완료',
    newName: '새 사용자의 이름',
    taken: '이미 사용 중인 아이디입니다. 다른 아이디를 고르세요.',
    takenField: '이미 사용 중입니다.',
    short: '10자 이상 입력하세요.',
    email: 'abuse@example.com 같은 이메일 주소를 입력하세요.',
    check: '빨간색으로 표시된 항목을 확인하세요.',
    noKey: '지움이 암호문 없이 시작되어',
  },
} as const;

test('first run: the checklist, settings sections, the account form and its errors', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await setUp(page, host.url);

  // 1. The admin lands on the checklist, every step open.
  await expect(page).toHaveURL(/#\/start$/);
  await expect(page.getByTestId('first-run-progress')).toHaveText(WORDS.en.progress0);
  await screenshot(page, 'first-week-checklist-en');

  for (const lang of ['en', 'ko'] as const) {
    const w = WORDS[lang];
    if (lang === 'ko') {
      await switchLanguage(page, 'ko');
      await page.getByTestId('nav-start').click();
      await screenshot(page, 'first-week-checklist-ko');
    }
    // 2. The accounts step opens Settings → Accounts at its own address.
    await page.getByTestId('first-run-accounts-go').click();
    await expect(page).toHaveURL(/#\/settings\/accounts$/);
    await expect(page.getByTestId('settings-nav-accounts')).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const form = page.getByTestId('account-form');
    await expect(form).toContainText(w.newName);
    const box = await page.getByTestId('account-password').boundingBox();
    expect(box!.width).toBeGreaterThan(400);

    // 3. A taken username: said on the username field, nowhere else.
    await page.getByTestId('account-display-name').fill('Someone Else');
    await page.getByTestId('account-username').fill(ADMIN.username);
    await page.getByTestId('account-password').fill('a long enough password');
    await page.getByTestId('account-create').click();
    await expect(page.getByTestId('account-create-error')).toHaveText(w.taken);
    await expect(form.locator('.mantine-InputWrapper-error')).toHaveCount(1);
    await expect(form.locator('.mantine-InputWrapper-error')).toHaveText(w.takenField);
    await expect(page.getByTestId('account-username')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, `first-week-account-taken-${lang}`);

    // A password too short: the engine's rule, on the password only.
    await page.getByTestId('account-username').fill(`person-${lang}`);
    await page.getByTestId('account-password').fill('short');
    await page.getByTestId('account-create').click();
    await expect(page.getByTestId('account-create-error')).toHaveText(w.check);
    await expect(form.locator('.mantine-InputWrapper-error')).toHaveText([w.short]);
    await screenshot(page, `first-week-account-short-${lang}`);
  }

  // 4. One real account ticks the first step (the UI is Korean now).
  await page.getByTestId('account-password').fill('a long enough password');
  await page.getByTestId('account-create').click();
  await expect(page.getByTestId('account-person-ko')).toBeVisible();
  await page.getByTestId('nav-start').click();
  await expect(page.getByTestId('first-run-progress')).toHaveText(WORDS.ko.progress1);
  await expect(page.getByTestId('first-run-accounts')).toHaveAttribute('data-done', 'true');
  await screenshot(page, 'first-week-checklist-one-done-ko');

  // 5. The registry's form marks the bad abuse e-mail only, in both languages.
  await switchLanguage(page, 'en');
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedowns-tab-platforms').click();
  await page.getByTestId('platform-new').click();
  await page.getByTestId('platform-name').fill('Example Images');
  await page.getByTestId('platform-hosts').fill('images.example.com');
  await page.getByTestId('platform-email').fill('not an address');
  await page.getByTestId('platform-save').click();
  const platformForm = page.getByTestId('platform-form');
  for (const lang of ['en', 'ko'] as const) {
    if (lang === 'ko') await switchLanguage(page, 'ko');
    await expect(platformForm.locator('.mantine-InputWrapper-error')).toHaveText([
      WORDS[lang].email,
    ]);
    await expect(page.getByTestId('platform-email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('platform-name')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('platform-hosts')).not.toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, `first-week-platform-email-${lang}`);
  }

  // 6. Centre details, a site and a case: the checklist is done and goes away.
  await page.getByTestId('nav-start').click();
  await page.getByTestId('first-run-centre-go').click();
  await expect(page).toHaveURL(/#\/settings\/centre$/);
  await page.getByTestId('notice-centre-name').fill('Sunflower Centre');
  // The name, address and signatory per notice language: a Korean notice is signed in Korean.
  await page.getByTestId('notice-centre-l-name').fill('해바라기센터');
  await page.getByTestId('notice-centre-l-address').fill('서울특별시 중구 세종대로 110');
  await page.getByTestId('notice-centre-l-signatory').fill('삭제지원팀');
  await page.getByTestId('notice-centre-save').click();
  await expect(page.getByTestId('notice-centre')).toContainText('저장했습니다.');
  await screenshot(page, 'first-week-settings-centre-ko');
  const admin = 'e2e-first-run-admin';
  await api(request, host, admin, 'auth.signIn', { username: ADMIN.username, password: PASSWORD });
  const preview = (language: string) =>
    api<{ blocks: unknown }>(request, host, admin, 'notices.preview', { language, route: 'ncii' });
  expect(JSON.stringify(await preview('ko'))).toContain('해바라기센터');
  expect(JSON.stringify(await preview('en'))).toContain('Sunflower Centre');
  await api(request, host, admin, 'sites.create', {
    config: { name: 'Example', startUrls: ['https://images.example.com/'] },
  });
  await api(request, host, admin, 'accounts.create', {
    username: 'counsellor',
    displayName: 'Counsellor',
    role: 'counsellor',
    password: PASSWORD,
  });
  await api(request, host, TEAM.counsellor, 'auth.signIn', {
    username: 'counsellor',
    password: PASSWORD,
  });
  await api(request, host, TEAM.counsellor, 'cases.create', {
    identity: { name: 'Fictional person', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' },
  });
  await page.getByTestId('nav-start').click();
  await expect(page.getByTestId('nav-start')).toBeHidden();
  await expect(page.getByTestId('first-run')).toBeHidden();
  await expect(page.getByTestId('main-cases')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('nav-cases')).toBeVisible();
  await expect(page.getByTestId('nav-start')).toBeHidden();
  await screenshot(page, 'first-week-checklist-gone-ko');

  // Settings sections keep their address across a reload.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-audit').click();
  await expect(page).toHaveURL(/#\/settings\/audit$/);
  await page.reload();
  await expect(page.getByTestId('audit-panel')).toBeVisible();
  // The audit log reads as sentences in the person's language.
  await expect(page.getByTestId('audit-table')).toContainText(
    `${ADMIN.username} 님이 로그인했습니다.`,
  );
  await expect(page.getByTestId('audit-table')).toContainText(
    `${ADMIN.username} 님이 기관 정보를 저장했습니다.`,
  );
  await screenshot(page, 'first-week-settings-audit-ko');
  await switchLanguage(page, 'en');
  await expect(page.getByTestId('audit-table')).toContainText(
    `${ADMIN.username} saved the centre’s details.`,
  );
  await screenshot(page, 'first-week-settings-audit-en');
});

test('a host without a master key says so, not "may be from a newer Jium"', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const passphrase = process.env.JIUM_PASSPHRASE;
  delete process.env.JIUM_PASSPHRASE;
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-e2e-nokey-'));
  const host = await startHost(dataDir);
  process.env.JIUM_PASSPHRASE = passphrase;
  try {
    await api(request, host, TEAM.admin, 'auth.setup', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    });
    await api(request, host, TEAM.admin, 'accounts.create', {
      username: 'counsellor',
      displayName: 'Counsellor',
      role: 'counsellor',
      password: PASSWORD,
    });
    await page.goto(host.url);
    await page.getByTestId('sign-in-username').fill('counsellor');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-name').fill('Fictional person');
    for (const lang of ['en', 'ko'] as const) {
      if (lang === 'ko') await switchLanguage(page, 'ko');
      await page.getByTestId('case-create').click();
      // The case form shows its error in a read-only text box (cases/new-case-form.tsx).
      const said = page.getByTestId('case-new-form').locator('textarea[readonly]');
      await expect(said).toHaveValue(new RegExp(WORDS[lang].noKey));
      await expect(said).not.toHaveValue(/newer|더 새로운/);
      await screenshot(page, `first-week-no-master-key-${lang}`);
    }
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
