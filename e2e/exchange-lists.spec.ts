/**
 * Hash lists under control end to end (issue 13 item 5, decision 0053): a real headless host and
 * the fixture site on 127.0.0.1. Set-up through the HTTP API: staff import a known-benign list
 * (one picture the galleries show) and a partner's list at distance 16; a monitor crawls the
 * twelve galleries; staff then import a dump holding 80 of the gallery pictures, which matches far
 * more than a list should and is quarantined at once. Through the screens: the monitor is told
 * in Review, in English and Korean, why; the admin sees kinds, distances, what the benign list
 * kept out and the quarantine in the Hash lists tab, widens the partner's distance, and releases
 * the dump, whose held matches then wait in the queue.
 */
import { createHash } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
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

async function sha256Of(request: APIRequestContext, path: string): Promise<string> {
  const bytes = await (await request.get(`${site.origin}${path}`)).body();
  return createHash('sha256').update(bytes).digest('hex');
}

test('lists keep their own distance, benign ones keep pictures out, a flood is held until released', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(300_000);
  const admin = 'e2e-lists-admin-0001';
  const monitor = 'e2e-lists-monitor-01';
  const staff = 'e2e-lists-staff-0001';
  await api(request, host, admin, 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  for (const role of ['monitor', 'staff']) {
    await api(request, host, admin, 'accounts.create', {
      username: role,
      displayName: `Lists ${role}`,
      role,
      password: PASSWORD,
    });
  }
  await api(request, host, staff, 'auth.signIn', { username: 'staff', password: PASSWORD });
  await api(request, host, monitor, 'auth.signIn', { username: 'monitor', password: PASSWORD });

  await api(request, host, staff, 'exchange.import', {
    name: 'Site logos',
    source: 'e2e',
    kind: 'benign',
    text: `sha256\n${await sha256Of(request, '/img/u/100.jpg')}\n`,
  });
  const partner = [
    await sha256Of(request, '/img/p/0.jpg'),
    await sha256Of(request, '/img/p/1.jpg'),
  ];
  await api(request, host, staff, 'exchange.import', {
    name: 'Partner hotline',
    source: 'e2e',
    pdqDistance: 16,
    text: `sha256\n${partner.join('\n')}\n`,
  });
  const s = await api(request, host, monitor, 'sites.create', {
    config: {
      name: 'Fixture',
      startUrls: Array.from({ length: 12 }, (_, i) => `${site.origin}/gallery/${i + 1}`),
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
      { timeout: 180_000, intervals: [500] },
    )
    .toBe('finished');

  const dump: string[] = [];
  for (let i = 0; i < 80; i++) dump.push(await sha256Of(request, `/img/u/${i}.jpg`));
  const flood = await api<{ list: { quarantine: unknown; held: number } }>(
    request,
    host,
    staff,
    'exchange.import',
    { name: 'Bulk dump', source: 'forum', text: `sha256\n${dump.join('\n')}\n` },
  );
  expect(flood.list.quarantine).not.toBeNull();
  expect(flood.list.held).toBeGreaterThanOrEqual(80);

  // The monitor is told in Review, in words.
  await page.goto(host.url);
  await signIn(page, 'monitor');
  await switchLanguage(page, 'en');
  await page.getByTestId('nav-review').click();
  const notice = page.getByTestId('list-quarantine');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('Hash list “Bulk dump” is held back');
  await expect(notice).toContainText('per 1,000');
  await expect(notice).toContainText('not sent to review until you release it');
  await screenshot(page, 'exchange-lists-review-en');
  await switchLanguage(page, 'ko');
  await expect(notice).toContainText('보류했습니다');
  await expect(notice).toContainText('1,000개당');
  await screenshot(page, 'exchange-lists-review-ko');
  await page.getByTestId('sign-out').click();

  // The admin's Hash lists tab: kinds, distances, what the benign list kept out, the quarantine.
  await signIn(page, 'admin');
  await switchLanguage(page, 'en');
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedowns-tab-exchange').click();
  const rows = page.getByTestId('exchange-list-row');
  await expect(rows).toHaveCount(3);
  const logos = rows.filter({ hasText: 'Site logos' });
  await expect(logos).toContainText('Known benign');
  await expect(logos).toContainText('1 kept out');
  const partnerRow = rows.filter({ hasText: 'Partner hotline' });
  await expect(partnerRow.getByTestId('list-distance')).toHaveValue('16 bits');
  await expect(rows.filter({ hasText: 'Bulk dump' }).getByTestId('list-state')).toHaveText(
    'Quarantined',
  );
  await expect(page.getByTestId('list-quarantine')).toContainText('80 of');
  await screenshot(page, 'exchange-lists-en');
  await switchLanguage(page, 'ko');
  await expect(logos).toContainText('무해한 사진');
  await expect(rows.filter({ hasText: 'Bulk dump' }).getByTestId('list-state')).toHaveText(
    '격리됨',
  );
  await screenshot(page, 'exchange-lists-ko');
  await switchLanguage(page, 'en');

  // A wider distance for the partner's list, saved on Enter.
  const distance = partnerRow.getByTestId('list-distance');
  await distance.fill('18');
  await distance.press('Enter');
  await expect
    .poll(
      async () =>
        (
          await api<{ name: string; pdqDistance: number }[]>(
            request,
            host,
            staff,
            'exchange.lists',
            {},
          )
        ).find((l) => l.name === 'Partner hotline')?.pdqDistance,
    )
    .toBe(18);

  // Release: the held matches go to the queue.
  await page.getByTestId('release-list').click();
  await expect(page.getByTestId('list-quarantine')).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Bulk dump' }).getByTestId('list-state')).toHaveText(
    'In use normally',
  );
  const released = (
    await api<{ name: string; held: number; matches: { pending: number } }[]>(
      request,
      host,
      monitor,
      'exchange.lists',
      {},
    )
  ).find((l) => l.name === 'Bulk dump')!;
  expect(released.held).toBe(0);
  expect(released.matches.pending).toBeGreaterThanOrEqual(80);
  await screenshot(page, 'exchange-lists-released-en');
});
