/**
 * Reference videos end to end against a real headless host and Debian's FFmpeg (issue 15 item
 * 3): a counsellor picks a video, a web page saved as .mp4 and a photograph together; the video
 * shows a progress bar with what is happening and the time left, then a tile with its length and
 * a blurred greyscale keyframe strip; the web page is refused with its reason, in English and in
 * Korean, while the rest goes in; a frame is revealed on click. A second video is cancelled. The
 * monitor sees the blurred strip but no file name and cannot reveal. Screenshots go to
 * e2e/screenshots/ (case-videos-*).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { photoSlideshow } from '../src/test-support/videos';
import { demoReference } from './fixture-site/images';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';
const PASSWORD = 'e2e password of all roles';

async function signIn(page: Page, username: string) {
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

test('a counsellor registers a video with progress and a blurred keyframe strip; the monitor sees the strip only', async ({
  page,
  host,
  request,
}) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'jium-e2e-videos-'));
  const shots = await Promise.all([0, 1, 2].map((i) => demoReference(i)));
  // A 23 s 1280×720 video: long enough that its progress bar is seen while it is fingerprinted.
  const long = await photoSlideshow(
    [
      { image: shots[0]!, seconds: 8, motion: 'pan-right' },
      { image: shots[1]!, seconds: 8, motion: 'zoom-in' },
      { image: shots[2]!, seconds: 8, motion: 'pan-left' },
    ],
    { width: 1280, height: 720 },
  );
  const second = await photoSlideshow(
    [
      { image: shots[2]!, seconds: 10, motion: 'pan-down' },
      { image: shots[0]!, seconds: 10, motion: 'pan-up' },
    ],
    { width: 1280, height: 720 },
  );
  const videoFile = join(dir, 'reported-video.mp4');
  const secondFile = join(dir, 'second-video.mp4');
  copyFileSync(long, videoFile);
  copyFileSync(second, secondFile);
  const htmlFile = join(dir, 'download.mp4');
  writeFileSync(htmlFile, '<!DOCTYPE html><html><body>404 Not Found</body></html>\n');
  const photoFile = join(dir, 'photo.png');
  writeFileSync(photoFile, shots[1]!);

  const admin = 'e2e-setup-admin-0001';
  const counsellor = 'e2e-setup-counsellor';
  await api(request, host, admin, 'auth.setup', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  });
  for (const role of ['counsellor', 'monitor'])
    await api(request, host, admin, 'accounts.create', {
      username: role,
      displayName: `E2E ${role}`,
      role,
      password: PASSWORD,
    });
  await api(request, host, counsellor, 'auth.signIn', {
    username: 'counsellor',
    password: PASSWORD,
  });
  const c = await api<{ id: number; code: string }>(request, host, counsellor, 'cases.create', {
    identity: { name: 'Fictional person', contact: '', notes: '' },
    consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
  });

  // The counsellor picks a video, a web page named .mp4 and a photograph at once.
  await page.goto(host.url);
  await signIn(page, 'counsellor');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId(`case-row-${c.code}`).click();
  await page.getByTestId('image-files-input').setInputFiles([htmlFile, photoFile, videoFile]);
  const progress = page.getByTestId('file-progress');
  await expect(progress.getByTestId('file-progress-label')).toContainText(
    /Fingerprinting \d+:\d\d of 0:23 · about \d+ s left/,
    { timeout: 60_000 },
  );
  await progress.scrollIntoViewIfNeeded();
  await screenshot(page, 'case-videos-01-progress-en');
  await expect(page.getByTestId('add-summary')).toContainText('3 of 3 files', { timeout: 120_000 });
  await expect(progress).toHaveCount(0);
  const html = page.locator('[data-testid="add-result"]').filter({ hasText: 'download.mp4' });
  await expect(html).toHaveAttribute('data-status', 'rejected');
  await expect(html).toContainText('web page (HTML)');
  const video = page
    .locator('[data-testid="add-result"]')
    .filter({ hasText: 'reported-video.mp4' });
  await expect(video).toHaveAttribute('data-status', 'added');
  await expect(video).toContainText(/0:23, \d+ frames/);
  await expect(
    page.locator('[data-testid="add-result"]').filter({ hasText: 'photo.png' }),
  ).toHaveAttribute('data-status', 'added');

  // The video's tile: its length, and a strip of five blurred greyscale frames.
  const tile = page.getByTestId('case-video');
  await expect(tile).toHaveCount(1);
  await expect(tile.getByTestId('case-video-duration')).toHaveText('0:23');
  await expect(tile.getByTestId('case-video-name')).toHaveText('reported-video.mp4');
  const frames = tile.getByTestId('video-strip-frame');
  await expect(frames).toHaveCount(5);
  await expect(frames.first()).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  await expect(page.getByTestId('case-image')).toHaveCount(1);
  await tile.scrollIntoViewIfNeeded();
  await screenshot(page, 'case-videos-02-strip-en');

  // Korean: the refusal and the tile in the counsellor's language.
  await switchLanguage(page, 'ko');
  await expect(html).toContainText('웹 페이지(HTML)');
  await expect(page.getByTestId('case-videos-title')).toContainText('기준 영상 (1)');
  await tile.scrollIntoViewIfNeeded();
  await screenshot(page, 'case-videos-03-strip-ko');

  // A second video, cancelled while it is read in or fingerprinted: nothing of it is kept.
  await page.getByTestId('image-files-input').setInputFiles([secondFile]);
  await expect(progress).toBeVisible();
  await screenshot(page, 'case-videos-04-progress-ko');
  await progress.getByTestId('file-progress-cancel').click();
  await expect(
    page.locator('[data-testid="add-result"]').filter({ hasText: 'second-video' }),
  ).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('case-video')).toHaveCount(1);
  await switchLanguage(page, 'en');

  // One frame revealed on click (audited), the others stay blurred.
  await frames.nth(2).click();
  await expect(tile.locator('[data-revealed="true"]')).toHaveCount(1);
  await page.getByTestId('sign-out').click();

  // The monitor: the blurred strip and the length, no file name, nothing to reveal or remove.
  await signIn(page, 'monitor');
  await page.getByTestId('nav-cases').click();
  await page.getByTestId(`case-row-${c.code}`).click();
  const seen = page.getByTestId('case-video').filter({ hasText: '0:23' });
  await expect(seen.getByTestId('video-strip-frame')).toHaveCount(5);
  await expect(seen.locator('[data-revealed="true"]')).toHaveCount(0);
  await expect(seen.getByTestId('case-video-remove')).toHaveCount(0);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain('reported-video');
  await seen.scrollIntoViewIfNeeded();
  await screenshot(page, 'case-videos-05-monitor-en');
  rmSync(dir, { recursive: true, force: true });
});
