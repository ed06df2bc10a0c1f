/**
 * Issue 15's "done when", end to end against a real headless host, Debian's FFmpeg and the fixture
 * site's video pages (videos made at test time from the demo's benign photographs): a counsellor
 * registers the reference video; a crawl of the fixture site finds its planted copies; the monitor
 * opens the clip in review and sees its matched segment as upload seconds ↔ reference seconds over
 * blurred greyscale keyframes (one frame revealed while held; no <video> anywhere), in English and
 * Korean, and confirms it, which opens a takedown request; staff make the notice PDF, which lists
 * the video's URL and its matched time ranges (pages rendered with pdftoppm to
 * test-results/video-takedown-e2e/ to be looked at). Screenshots in e2e/screenshots/
 * (video-takedown-*).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { demoReferenceVideo, PLANTED_VIDEOS } from './fixture-site/videos';
import { api, expect, ROOT, screenshot, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedTeam } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const OUT = join(ROOT, 'test-results', 'video-takedown-e2e');

let site: FixtureSite;
test.beforeAll(async () => {
  test.setTimeout(300_000);
  site = await startFixtureSite({ videos: true });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});
test.afterAll(async () => {
  await site?.close();
});

async function signIn(page: Page, username: string) {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

test('a registered video is found as a clip, reviewed by its seconds, confirmed and noticed', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(600_000);
  const team = await seedTeam(request, host);
  const c = await api<{ id: number; code: string }>(
    request,
    host,
    team.counsellor,
    'cases.create',
    {
      identity: { name: 'Fictional person', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
    },
  );

  // The counsellor registers the reference video through the case screen.
  const dir = mkdtempSync(join(tmpdir(), 'jium-e2e-video-takedown-'));
  const referenceFile = join(dir, 'reported-video.mp4');
  copyFileSync(await demoReferenceVideo(), referenceFile);
  await page.goto(host.url);
  await signIn(page, 'counsellor');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId(`case-row-${c.code}`).click();
  await page.getByTestId('image-files-input').setInputFiles([referenceFile]);
  await expect(page.getByTestId('add-summary')).toContainText('1 of 1', { timeout: 180_000 });
  await expect(page.getByTestId('case-video')).toHaveCount(1);
  await page.getByTestId('sign-out').click();
  rmSync(dir, { recursive: true, force: true });

  // The monitor crawls the fixture site's video pages.
  await crawlFixtureSite(request, host, site.origin, {
    startUrls: [`${site.origin}/videos`],
    maxDepth: 1,
  });
  const clip = PLANTED_VIDEOS.find((v) => v.kind === 'clip')!;
  const queue = await api<{ items: { id: number }[] }>(
    request,
    host,
    team.monitor,
    'review.list',
    {},
  );
  const details = await Promise.all(
    queue.items.map((i) =>
      api<{ id: number; algo: string; pages: { pageUrl: string }[] }>(
        request,
        host,
        team.monitor,
        'review.item',
        { itemId: i.id },
      ),
    ),
  );
  const item = details.find((d) => d.pages.some((p) => p.pageUrl === site.origin + clip.page));
  expect(item, 'the clip is in the review queue').toBeDefined();
  expect(item!.algo).toBe('vpdq');

  // Review: the clip's segment with its times, blurred greyscale keyframes, no <video>.
  await signIn(page, 'monitor');
  await page.getByTestId('nav-review').click();
  await page.locator(`[data-item-id="${item!.id}"]`).click();
  const view = page.getByTestId('review-view');
  await expect(view).toHaveAttribute('data-item-id', String(item!.id));
  const strip = page.getByTestId('video-segment-strip');
  await expect(strip).toBeVisible();
  const times = strip.getByTestId('video-segment-times').first();
  // The clip holds seconds 4–9 of the reference: "0:00–0:05 of the upload ↔ 0:04–0:09 of the
  // reference", give or take a sampling step.
  await expect(times).toContainText(
    /0:0\d–0:0\d of the upload ↔ 0:0[3-5]–0:(0[8-9]|10) of the reference/,
  );
  const frames = strip.getByTestId('video-segment-frame');
  expect(await frames.count()).toBeGreaterThanOrEqual(2);
  await expect(frames.first()).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(0);
  await expect(page.locator('video, audio')).toHaveCount(0);
  // The item says what it is: the share of frames found, a reference video (not "hashes only"),
  // and the page's address reads as one line beside the facts, not a one-letter column.
  await expect(page.getByTestId('review-shares')).toContainText('% of the upload');
  await expect(page.getByTestId('review-view')).toContainText('A reference video');
  await expect(page.getByTestId('review-view')).not.toContainText('Hashes only');
  // (Before the fix the address was one letter wide, ~10 px; now it keeps at least 45% of the
  // panel beside the facts: 276 px at CI's 1280 px window.)
  const address = (await page.getByTestId('review-page-url').boundingBox())!;
  expect(address.width).toBeGreaterThan(200);
  await strip.scrollIntoViewIfNeeded();
  await screenshot(page, 'video-takedown-01-review-en');

  // One frame revealed while the mouse is held on it, and only that one.
  const box = (await frames.nth(1).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(1);
  await expect(frames.nth(1)).toHaveAttribute('data-revealed', 'true');
  await page.mouse.up();
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(0);

  await switchLanguage(page, 'ko');
  await expect(times).toContainText(/업로드 영상 0:0\d–0:0\d ↔ 원본 영상 0:0[3-5]–0:(0[8-9]|10)/);
  await strip.scrollIntoViewIfNeeded();
  await screenshot(page, 'video-takedown-02-review-ko');
  await switchLanguage(page, 'en');

  // Confirming opens a takedown request for the clip's page.
  await page.getByTestId('review-confirm').click();
  await expect
    .poll(
      async () =>
        (
          await api<{ url: string }[]>(request, host, team.staff, 'takedowns.list', {
            filter: 'all',
          })
        ).map((r) => r.url),
      { timeout: 20_000 },
    )
    .toContain(site.origin + clip.page);
  await page.getByTestId('sign-out').click();

  // Staff: the notice PDF for the fixture host lists the video and its matched time ranges.
  await signIn(page, 'staff');
  await page.getByTestId('nav-takedowns').click();
  await page.getByTestId('takedown-filter').getByText('All').click();
  await page.getByTestId('notice-open-127.0.0.1').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByTestId('notice-language').click();
  await page.getByRole('option', { name: /\(en\)/ }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('notice-make').click(),
  ]);
  const pdf = join(OUT, 'notice-en.pdf');
  await download.saveAs(pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(`${site.origin}${clip.url}`);
  expect(flat).toContain(`${site.origin}${clip.page}`);
  // The label wraps in its column, so pdftotext may print the value between its lines.
  expect(text).toContain('Matched time');
  expect(flat).toContain('ranges(ofthevideo)');
  expect(flat).toMatch(/0:0\d–0:0\d/);
  expect(flat).not.toContain('Fictional');
  expect(flat).not.toContain(c.code);
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(OUT, 'notice-en')]);
  await screenshot(page, 'video-takedown-03-notice-dialog-en');
});
