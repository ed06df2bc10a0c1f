/**
 * Live updates reach every desk of a centre (issue 16 item 2): one TLS centre server, and a
 * counsellor, a monitor, a staff member and an admin at their own desks (browser contexts, each
 * signed in as itself). The counsellor registers a case with a benign photograph; the monitor's
 * desk crawls one page of the 127.0.0.1 fixture site, and the match appears in the review queue
 * the monitor has open — no reload. The monitor confirms it, and the staff desk's open requests
 * and the admin's review queue follow, again without a reload; the admin's crawls list, open in
 * another tab, learns of the site and its finished run from the run's progress. Screenshots in English and Korean.
 *
 * The admin's Settings → Crawl workers: a one-time code shown once with the `jium worker` command
 * and the server's key fingerprint; the command, run as shown, enrols a real worker process; the
 * list shows it with its last contact; revoking it (confirmed) makes its next run refused.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAccounts,
  launchPinned,
  pinOf,
  registerCase,
  setUpAdmin,
  signIn,
  startCentre,
  startOnePageCrawl,
} from './centre-desk';
import { demoReference } from './fixture-site/images';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { expect, ROOT, screenshot, switchLanguage, test } from './fixtures';
import { PASSWORD, seedTeam } from './seed';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

const ADMIN_PASSWORD = 'admin password 1';
const passwordOf = (role: string) => `${role} password 1`;

/** Marks a page's document: a desk that reloaded (to see news) would have lost the mark. */
async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => ((window as unknown as { jiumMark: number }).jiumMark = 1));
  return () => page.evaluate(() => (window as unknown as { jiumMark?: number }).jiumMark === 1);
}

test('a match found from one desk reaches the monitor and the staff desks without a reload', async () => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-centre-desks-'));
  const centre = await startCentre(dataDir);
  const browser = await launchPinned(pinOf(centre.fingerprint));
  const contexts: BrowserContext[] = [];
  const desk = async () => {
    const c = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    contexts.push(c);
    return c.newPage();
  };
  try {
    const admin = await desk();
    await setUpAdmin(admin, centre.url, ADMIN_PASSWORD);
    await createAccounts(admin, ['counsellor', 'monitor', 'staff'], passwordOf);

    // The counsellor registers a case with a photograph, through her screens.
    const counsellor = await desk();
    await signIn(counsellor, centre.url, 'counsellor', passwordOf('counsellor'));
    const code = await registerCase(counsellor, 'Fictional person', await demoReference(0));

    // The monitor keeps the review queue open in one tab (empty so far) and sets up the crawl in
    // another tab of the same desk.
    const monitor = await desk();
    await signIn(monitor, centre.url, 'monitor', passwordOf('monitor'));
    await monitor.getByTestId('nav-review').click();
    await expect(monitor.getByTestId('review-empty')).toBeVisible();
    const monitorSame = await markDocument(monitor);

    // The staff desk watches its open requests; the admin's desk has the review queue open too.
    const staff = await desk();
    await signIn(staff, centre.url, 'staff', passwordOf('staff'));
    await staff.getByTestId('nav-takedowns').click();
    await expect(staff.getByTestId('takedown-count-open')).toHaveText('0');
    const staffSame = await markDocument(staff);
    await admin.getByTestId('nav-review').click();
    await expect(admin.getByTestId('review-empty')).toBeVisible();
    const adminSame = await markDocument(admin);
    // …and, in a second tab, the crawls list, which has no site yet.
    const adminCrawls = await admin.context().newPage();
    await adminCrawls.goto(centre.url);
    await adminCrawls.getByTestId('nav-crawls').click();
    await expect(adminCrawls.getByTestId('site-new')).toBeVisible();
    const adminCrawlsSame = await markDocument(adminCrawls);

    const crawls = await monitor.context().newPage();
    await crawls.goto(centre.url);
    // One gallery page with a resized copy of the photo among 23 unrelated pictures.
    await startOnePageCrawl(crawls, 'Fixture gallery 3', `${site.origin}/gallery/3`);
    await expect(crawls.getByTestId('run-state')).toHaveText('finished', { timeout: 60_000 });
    // The admin's crawls list learnt of the site and its finished run from the run's progress.
    const row = adminCrawls.getByTestId('site-row-Fixture gallery 3');
    await expect(row.getByTestId('site-last-run')).toContainText('finished');
    await expect(row.getByTestId('site-counts')).toHaveText(/^1 /);

    // The match is in the queue the monitor had open, and the admin's, without a reload.
    await expect(monitor.getByTestId('review-case-code')).toHaveText(code, { timeout: 15_000 });
    await expect(monitor.getByTestId('review-position')).toHaveText('1 of 1');
    await expect(admin.getByTestId('review-case-code')).toHaveText(code);
    await screenshot(monitor, 'centre-desks-01-monitor-match-en');
    await switchLanguage(monitor, 'ko');
    await screenshot(monitor, 'centre-desks-02-monitor-match-ko');
    await switchLanguage(monitor, 'en');

    // The monitor confirms it: the staff desk's open requests and the admin's queue follow.
    await monitor.getByTestId('review-confirm').click();
    await expect(monitor.getByTestId('review-status')).toContainText('Confirmed');
    await expect(staff.getByTestId('takedown-count-open')).toHaveText('1');
    await expect(staff.locator('[data-testid^="takedown-row-"]')).toHaveCount(1);
    await expect(admin.getByTestId('review-empty')).toBeVisible();
    await screenshot(staff, 'centre-desks-03-staff-requests-en');
    await switchLanguage(staff, 'ko');
    await screenshot(staff, 'centre-desks-04-staff-requests-ko');

    // None of the watching desks reloaded: each still shows the document it had.
    const same = [monitorSame, staffSame, adminSame, adminCrawlsSame];
    expect(await Promise.all(same.map((f) => f()))).toEqual([true, true, true, true]);
  } finally {
    for (const c of contexts) await c.close();
    await browser.close();
    centre.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** Runs a `jium worker …` command line as shown on screen, with the built CLI, in `dataDir`. */
function runWorker(
  commandLine: string,
  dataDir: string,
): { status: number | null; output: string } {
  const [program, ...args] = commandLine.split(' ');
  expect(program).toBe('jium');
  const r = spawnSync(process.execPath, [join(ROOT, 'out/host/cli.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, JIUM_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('an admin enrols a crawl worker with a one-time code and revokes it', async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-centre-workers-'));
  const workerDir = mkdtempSync(join(tmpdir(), 'jium-worker-'));
  const centre = await startCentre(dataDir);
  const browser = await launchPinned(pinOf(centre.fingerprint));
  try {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 860 },
    });
    const admin = await context.newPage();
    await setUpAdmin(admin, centre.url, ADMIN_PASSWORD);
    await admin.getByTestId('nav-settings').click();
    await admin.getByTestId('settings-nav-workers').click();
    await expect(admin.getByTestId('workers-none')).toBeVisible();

    await admin.getByTestId('worker-label').fill('Crawl machine 2');
    await admin.getByTestId('worker-code-create').click();
    const dialog = admin.getByTestId('worker-code-dialog');
    await expect(dialog).toBeVisible();
    const code = (await admin.getByTestId('worker-code').textContent())!;
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    // The fingerprint shown is the one the server printed at start.
    await expect(admin.getByTestId('worker-fingerprint')).toHaveText(centre.fingerprint);
    const commandLine = (await admin.getByTestId('worker-command').textContent())!;
    expect(commandLine).toBe(
      `jium worker --server ${centre.url.replace(/\/$/, '')} --pin ${centre.fingerprint} --code ${code}`,
    );
    await screenshot(admin, 'centre-desks-05-worker-code-en');
    await admin.getByTestId('worker-code-done').click();
    await expect(dialog).toBeHidden();

    // The command, run as shown on the worker's computer, enrols and signs in.
    const enrolled = runWorker(commandLine, workerDir);
    expect(enrolled.output).toContain('Enrolled as worker');
    expect(enrolled.status).toBe(0);
    // The code was shown once and works once: another computer cannot enrol with it.
    const again = runWorker(commandLine, mkdtempSync(join(workerDir, 'again-')));
    expect(again.status).not.toBe(0);
    expect(again.output).toContain('unknown, used or expired');

    await admin.reload();
    const row = admin.getByTestId('worker-row-Crawl machine 2');
    await expect(row.getByTestId('worker-state')).toHaveText('Active');
    await expect(row.getByTestId('worker-last-seen')).not.toHaveText('Not yet');
    await switchLanguage(admin, 'ko');
    await expect(row.getByTestId('worker-state')).toHaveText('사용 중');
    await screenshot(admin, 'centre-desks-06-workers-ko');

    await row.getByTestId('worker-revoke').click();
    await expect(admin.getByTestId('worker-revoke-dialog')).toBeVisible();
    await screenshot(admin, 'centre-desks-07-revoke-ko');
    await admin.getByTestId('worker-revoke-confirm').click();
    await expect(row.getByTestId('worker-state')).toContainText('해지됨');
    await expect(row.getByTestId('worker-revoke')).toHaveCount(0);
    await switchLanguage(admin, 'en');
    await expect(row.getByTestId('worker-state')).toContainText('Revoked');
    await expect(admin.getByTestId('workers-message')).toHaveText('Crawl machine 2 is revoked.');
    await screenshot(admin, 'centre-desks-08-revoked-en');

    // The worker's next run (its kept credential) is refused: exit code 3.
    const refused = runWorker(commandLine, workerDir);
    expect(refused.status).toBe(3);
    expect(refused.output).toContain('revoked');
    await context.close();
  } finally {
    await browser.close();
    centre.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workerDir, { recursive: true, force: true });
  }
});

test('on one computer (no centre server) the workers section offers no code nobody could use', async ({
  page,
  host,
  request,
}) => {
  await seedTeam(request, host);
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('admin');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-nav-workers').click();
  await expect(page.getByTestId('workers-not-centre')).toContainText('jium serve --listen');
  await expect(page.getByTestId('worker-code-create')).toHaveCount(0);
  await expect(page.getByTestId('workers-none')).toBeVisible();
});
