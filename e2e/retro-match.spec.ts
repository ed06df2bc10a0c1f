/**
 * Retro-matching end to end (issue 18 #1): the fixture site is crawled through the HTTP API for a
 * case whose references are the first two demo pictures; then a counsellor registers a NEW case in
 * the UI with the third demo picture, whose copies were on that crawl. Without another crawl of
 * the site, the counsellor's result line says how many crawled images it was checked against and
 * how many Jium fetches again to verify (decision 0049: one verification run that fetches only
 * those images, decided by the crawler's rule, evidence kept), and the monitor finds the copies in
 * the review queue marked "found in earlier crawls". Screenshots in English and Korean.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoReference } from './fixture-site/images';
import { PLANTED, startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedTeam, TEAM } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

async function signIn(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

/** The planted copies of demo picture 2 that a plain HTTP crawl may see. */
const COPIES = PLANTED.filter((p) => p.reference === 2 && p.http && p.allowed).length;

test('a case registered after a crawl gets its copies from that crawl in review, without a new crawl', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(300_000);
  await seedTeam(request, host);
  const earlier = await api<{ id: number; code: string }>(
    request,
    host,
    TEAM.counsellor,
    'cases.create',
    {
      identity: { name: 'Fictional person', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    },
  );
  for (const i of [0, 1]) {
    await api(request, host, TEAM.counsellor, 'images.add', {
      caseId: earlier.id,
      fileName: `reference-${i}.png`,
      data: (await demoReference(i)).toString('base64'),
    });
  }
  await crawlFixtureSite(request, host, site.origin);
  const runsBefore = await api<{ id: number }[]>(request, host, TEAM.monitor, 'crawls.list', {});
  const requestsBefore = site.requests.length;

  // The counsellor registers a new case in the UI with a picture the crawl had seen.
  const folder = mkdtempSync(join(tmpdir(), 'jium-e2e-retro-'));
  const picture = join(folder, 'new-victim-photo.png');
  writeFileSync(picture, await demoReference(2));
  await signIn(page, host.url, 'counsellor');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-new').click();
  await page.getByTestId('case-name').fill('Another fictional person');
  await page.getByTestId('case-create').click();
  await expect(page.getByTestId('case-code')).toHaveText(/^C-\d{4}-0002$/);
  const code = (await page.getByTestId('case-code').textContent())!;
  await page.getByTestId('image-files-input').setInputFiles(picture);
  const note = page
    .locator('[data-testid="add-result"][data-status="added"]')
    .getByTestId('retro-note');
  await expect(note).toHaveAttribute('data-to-verify', /^[1-9]\d*$/, { timeout: 60_000 });
  const toVerify = Number(await note.getAttribute('data-to-verify'));
  // What the stored hashes propose: at least the copies (verification decides the rest).
  expect(toVerify).toBeGreaterThanOrEqual(COPIES);
  const checked = Number(await note.getAttribute('data-checked'));
  expect(checked).toBeGreaterThan(100); // the fixture crawl stores hundreds of images
  await expect(note).toHaveText(
    `Checked against ${checked} images already crawled: ${toVerify} to verify`,
  );
  await note.scrollIntoViewIfNeeded();
  await screenshot(page, 'retro-01-counsellor-checked-en');
  await switchLanguage(page, 'ko');
  await expect(note).toHaveText(
    `이미 크롤링한 이미지 ${checked}개와 대조함: 다시 확인할 항목 ${toVerify}개`,
  );
  await screenshot(page, 'retro-02-counsellor-checked-ko');
  await switchLanguage(page, 'en');
  await page.getByTestId('sign-out').click();

  // The copies reach review as the crawler verifies them, without a crawl of the site.
  type Queue = { total: number; items: { caseCode: string; foundEarlier: boolean }[] };
  const mine = async () =>
    (
      await api<Queue>(request, host, TEAM.monitor, 'review.list', {
        filter: { state: 'pending' },
        offset: 0,
        limit: 100,
      })
    ).items.filter((i) => i.caseCode === code);
  await expect.poll(async () => (await mine()).length, { timeout: 120_000 }).toBe(COPIES);
  // Each says it was found in earlier crawls once its verification run has settled its
  // candidates (the mark is written when the run ends, after its matches: a fresh-clone CI run
  // read the queue in between).
  await expect
    .poll(async () => (await mine()).every((i) => i.foundEarlier), { timeout: 60_000 })
    .toBe(true);
  expect(await mine()).toHaveLength(COPIES);
  // Verification runs only (one, or more when an image was seen on several pages): they crawled
  // no page and fetched only the candidates — far fewer requests than the crawl.
  const runs = await api<{ id: number; pages: number; images: number; state: string }[]>(
    request,
    host,
    TEAM.monitor,
    'crawls.list',
    {},
  );
  const verification = runs.filter((r) => !runsBefore.some((b) => b.id === r.id));
  expect(verification.length).toBeGreaterThanOrEqual(1);
  for (const run of verification) expect(run).toMatchObject({ state: 'finished', pages: 0 });
  expect(verification.reduce((n, r) => n + r.images, 0)).toBeGreaterThanOrEqual(COPIES);
  expect(site.requests.length - requestsBefore).toBeLessThan(requestsBefore / 2);

  // The monitor sees them in review, marked as found in earlier crawls.
  await signIn(page, host.url, 'monitor');
  await page.getByTestId('nav-review').click();
  await page.getByTestId('review-case-filter').click();
  await page.getByRole('option', { name: `${code} (${COPIES})`, exact: true }).click();
  await expect(page.getByTestId('review-case-code')).toHaveText(code);
  await expect(page.getByTestId('review-found-earlier')).toHaveText('Found in earlier crawls');
  await screenshot(page, 'retro-03-monitor-review-en');
  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('review-found-earlier')).toHaveText('이전 크롤링에서 찾음');
  await screenshot(page, 'retro-04-monitor-review-ko');
  rmSync(folder, { recursive: true, force: true });
});
