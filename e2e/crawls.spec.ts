/**
 * Crawling end to end: a real headless host, the fixture site on 127.0.0.1, a case with the demo
 * reference images (set up through the HTTP API; the cases spec covers that UI). The monitor
 * configures the fixture site in the Crawls area, starts a crawl, watches the counters move and
 * sees every planted copy arrive as a match, found by the crawl worker thread (auto mode: the
 * script-rendered copy needs Chromium).
 */
import { demoReference } from './fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, test } from './fixtures';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const PASSWORD = 'steady-pine-forest-3';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

test('a monitor configures the fixture site, runs a crawl and sees the planted copies arrive', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(240_000);
  const admin = 'e2e-setup-admin-0001';
  const counsellor = 'e2e-setup-counsellor';
  await api(request, host, admin, 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  for (const role of ['counsellor', 'monitor']) {
    await api(request, host, admin, 'accounts.create', {
      username: role,
      displayName: `E2E ${role}`,
      role,
      password: PASSWORD,
    });
  }
  await api(request, host, counsellor, 'auth.signIn', {
    username: 'counsellor',
    password: PASSWORD,
  });
  const demoCase = await api(request, host, counsellor, 'cases.create', {
    identity: { name: 'Fictional person', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });
  for (const i of [0, 1, 2]) {
    await api(request, host, counsellor, 'images.add', {
      caseId: demoCase.id,
      fileName: `reference-${i}.png`,
      data: (await demoReference(i)).toString('base64'),
    });
  }

  // The monitor, in the UI.
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('monitor');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
  await page.getByTestId('nav-crawls').click();
  await page.getByTestId('site-new').click();
  await page.getByTestId('site-name').fill('Fixture galleries');
  await page.getByTestId('site-start-urls').fill(`${site.origin}/`);
  await page.getByTestId('site-max-depth').fill('6');
  await page.getByTestId('site-rps').fill('50');
  await page.getByTestId('site-timeout').fill('3');
  await page.getByTestId('site-allow-loopback').check();
  await screenshot(page, 'crawls-site-form');
  await page.getByTestId('site-save').click();
  await expect(page.getByTestId('site-row-Fixture galleries')).toBeVisible();
  await page.getByTestId('site-start').click();

  const panel = page.getByTestId('run-panel');
  await expect(panel).toBeVisible();
  // Progress arrives as events while the crawl runs.
  await expect(page.getByTestId('run-pages')).not.toHaveText('0', { timeout: 30_000 });
  await screenshot(page, 'crawls-running');
  await expect(page.getByTestId('run-state')).toHaveText('finished', { timeout: 180_000 });
  const allowed = PLANTED.filter((p) => p.allowed);
  await expect(page.getByTestId('run-match-table').locator('tbody tr')).toHaveCount(allowed.length);
  await expect(page.getByTestId('run-match-table')).toContainText('/img/p/3.jpg'); // script-rendered
  await expect(page.getByTestId('run-match-table')).not.toContainText('/img/p/8.jpg'); // robots.txt
  await expect(page.getByTestId('run-log')).toContainText('not-an-image');
  await screenshot(page, 'crawls-finished');
});
