/**
 * Issue 15's "done when", end to end against a real headless host, Debian's FFmpeg and the fixture
 * site's video pages (videos made at test time from the demo's benign photographs): a counsellor
 * registers the reference video; a crawl of the fixture site finds its planted copies; the monitor
 * opens the clip in review and sees its matched segment as upload seconds ↔ reference seconds over
 * blurred greyscale keyframes (one frame revealed while held; no <video> anywhere), in English and
 * Korean, and confirms it, which opens a takedown request. The same crawl finds a cropped re-upload
 * (about 60% of each side) that no frame hash matches, by the crop stage's local features
 * (decisions 0104, 0122): review shows it as `vpdq-local` with "N% of the frames looked at
 * verified", its segment and blurred keyframes, in English and Korean, and it is confirmed too.
 * Staff make the notice PDF, which lists both videos' URLs and their matched time ranges (pages
 * rendered with pdftoppm to test-results/video-takedown-e2e/ to be looked at). Screenshots in
 * e2e/screenshots/ (video-takedown-*, video-crop-*).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { startFixtureSite, type FixtureSite } from './fixture-site/site';
import { CROPPED_VIDEO, demoReferenceVideo, PLANTED_VIDEOS } from './fixture-site/videos';
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

/**
 * A full-page screenshot taken from the top: with the window scrolled, the app's fixed header is
 * drawn across the middle of a full-page capture (a capture artefact, not what a person sees).
 */
async function screenshotFromTop(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/**
 * The queue row's case code reads whole beside its `vpdq-local 100%` badge (it read "C-···" at
 * the window width e2e uses: the badge took the line).
 */
async function caseCodeReadable(row: Locator, caseCode: string) {
  const title = row.getByTestId('review-row-title');
  await expect(title).toHaveText(caseCode);
  expect(await title.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(row).toContainText('vpdq-local 100%');
}

/**
 * The cropped re-upload in review, as the monitor sees it, then confirmed: found by local features
 * (not by the share of its frames), its segment over blurred keyframes, nothing that plays.
 */
async function reviewCroppedCopy(page: Page, itemId: number, caseCode: string, clipPage: string) {
  const row = page.getByTestId('review-list').locator(`[data-item-id="${itemId}"]`);
  await row.click();
  const view = page.getByTestId('review-view');
  await expect(view).toHaveAttribute('data-item-id', String(itemId));
  // The clip's "Confirmed. …" is not said over the crop as if about it: gone once another item
  // is shown, and named by the clip's address while it is there.
  const status = (await page.getByTestId('review-status').innerText()).trim();
  if (status) expect(status).toContain(clipPage);
  await caseCodeReadable(row, caseCode);
  await expect(view).toContainText(CROPPED_VIDEO.url);
  const shares = page.getByTestId('review-shares');
  await expect(shares).toContainText(
    /\d+% of the frames looked at verified · \d+% of the reference/,
  );
  await expect(view).toContainText('Local features');
  await expect(view).toContainText('vpdq-local');
  // Not "as is" (it said so before: a crop is not the video as is).
  await expect(page.getByTestId('review-transform')).toHaveText(
    'by local features, not as whole frames (a crop or an altered copy)',
  );
  const strip = page.getByTestId('video-segment-strip');
  // The crop holds the whole reference (0:00–0:11); the crop stage's segment runs from its first
  // to its last verified frame, paired with reference keyframes whose offsets agree within 3 s:
  // the reference's times are "about" and a note says why.
  const times = strip.getByTestId('video-segment-times').first();
  await expect(times).toContainText(
    /0:0\d–0:(0\d|1[0-2]) of the upload ↔ about 0:0\d–0:(0\d|1[0-2]) of the reference/,
  );
  await expect(strip.getByTestId('video-segment-local-note')).toContainText('approximate');
  const frames = strip.getByTestId('video-segment-frame');
  expect(await frames.count()).toBeGreaterThanOrEqual(2);
  await expect(frames.first()).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(0);
  // The vPDQ shares of the strip say nothing about a crop-stage match: not shown.
  await expect(strip.getByTestId('video-segment-shares')).toHaveCount(0);
  await expect(page.locator('video, audio')).toHaveCount(0);
  await screenshotFromTop(page, 'video-crop-01-review-en');

  await switchLanguage(page, 'ko');
  await expect(view).toContainText('국소 특징 대조');
  await expect(shares).toContainText(/살펴본 장면의 \d+% 확인/);
  await expect(times).toContainText(/업로드 영상 0:0\d–0:\d\d ↔ 원본 영상 약 0:0\d–0:\d\d/);
  await expect(page.getByTestId('review-transform')).toContainText('국소 특징');
  await caseCodeReadable(row, caseCode);
  await screenshotFromTop(page, 'video-crop-02-review-ko');
  await switchLanguage(page, 'en');
  await page.getByTestId('review-confirm').click();
}

test('a registered video is found as a clip and as a crop, reviewed by its seconds, confirmed and noticed', async ({
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
  // The crop: no frame hash matches it; the crop stage found it (decision 0122's algorithm name).
  const crop = details.find((d) =>
    d.pages.some((p) => p.pageUrl === site.origin + CROPPED_VIDEO.page),
  );
  expect(crop, 'the cropped copy is in the review queue').toBeDefined();
  expect(crop!.algo).toBe('vpdq-local');

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
  await screenshotFromTop(page, 'video-takedown-01-review-en');

  // One frame revealed while the mouse is held on it, and only that one.
  await frames.nth(1).scrollIntoViewIfNeeded();
  const box = (await frames.nth(1).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(1);
  await expect(frames.nth(1)).toHaveAttribute('data-revealed', 'true');
  await page.mouse.up();
  await expect(strip.locator('[data-revealed="true"]')).toHaveCount(0);

  await switchLanguage(page, 'ko');
  await expect(times).toContainText(/업로드 영상 0:0\d–0:0\d ↔ 원본 영상 0:0[3-5]–0:(0[8-9]|10)/);
  await screenshotFromTop(page, 'video-takedown-02-review-ko');
  await switchLanguage(page, 'en');

  // Confirming opens a takedown request for the clip's page.
  const requestUrls = async () =>
    (
      await api<{ url: string }[]>(request, host, team.staff, 'takedowns.list', { filter: 'all' })
    ).map((r) => r.url);
  await page.getByTestId('review-confirm').click();
  await expect.poll(requestUrls, { timeout: 20_000 }).toContain(site.origin + clip.page);
  // The queue moves on once the decision is written: only then is the crop picked from it.
  await expect(view).not.toHaveAttribute('data-item-id', String(item!.id));
  // The outcome names the item it was about, now that another is on screen.
  const clipAddress = (site.origin + clip.page).replace('http://', '');
  await expect(page.getByTestId('review-status')).toContainText(`${clipAddress}: Confirmed.`);

  await reviewCroppedCopy(page, crop!.id, c.code, clipAddress);
  await expect.poll(requestUrls, { timeout: 20_000 }).toContain(site.origin + CROPPED_VIDEO.page);
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
  expect(flat).toContain(`${site.origin}${CROPPED_VIDEO.url}`);
  expect(flat).toContain(`${site.origin}${CROPPED_VIDEO.page}`);
  // The crop's own item carries its time range (the upload's seconds), after its video URL.
  const cropItem = flat.split(`${site.origin}${CROPPED_VIDEO.url}`)[1]!.split('SHA-256')[0]!;
  expect(cropItem).toMatch(/0:0\d–0:(0\d|1[0-2])/);
  // The label wraps in its column, so pdftotext may print the value between its lines.
  expect(text).toContain('Matched time');
  expect(flat).toContain('ranges(ofthevideo)');
  expect(flat).toMatch(/0:0\d–0:0\d/);
  expect(flat).not.toContain('Fictional');
  expect(flat).not.toContain(c.code);
  // It says what each item carries: a video its SHA-256 and time ranges, no perceptual hash.
  expect(flat).toContain('avideobyitsaddress,itsSHA-256checksumandthetimerangesofitthatmatch');
  expect(flat).not.toContain('Eachitemisidentifiedbyitsaddress,thetimewefirstfoundit,its');
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(OUT, 'notice-en')]);
  await screenshot(page, 'video-takedown-03-notice-dialog-en');

  // The same notice in Korean, rendered to be looked at too.
  await page.getByTestId('notice-language').click();
  await page.getByRole('option', { name: /\(ko\)/ }).click();
  const [downloadKo] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('notice-make').click(),
  ]);
  const pdfKo = join(OUT, 'notice-ko.pdf');
  await downloadKo.saveAs(pdfKo);
  const flatKo = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfKo, '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, '');
  expect(flatKo).toContain(`${site.origin}${CROPPED_VIDEO.url}`);
  expect(flatKo).toContain('영상은주소,SHA-256값과일치하는구간');
  execFileSync('pdftoppm', ['-png', '-r', '70', pdfKo, join(OUT, 'notice-ko')]);
});
