/**
 * Takedowns end to end: a real headless host and the fixture site on 127.0.0.1. Set-up through
 * the HTTP API (the cases, crawls and review specs cover those screens): a case with the demo
 * references, a crawl of the fixture site, and a monitor confirming the matches in review, which
 * opens draft requests. A staff member registers the fixture host, opens the requests in the
 * Takedowns area, marks one sent; the fixture site takes that image down; a re-check marks the
 * request removed with the evidence. Screenshots in English and Korean.
 */
import Database from 'better-sqlite3';
import { PLANTED, startFixtureSite, type FixtureSite } from './fixture-site/site';
import { api, expect, screenshot, switchLanguage, test } from './fixtures';
import { crawlFixtureSite, PASSWORD, seedDemoCase, seedTeam } from './seed';

process.env.JIUM_PASSPHRASE = 'e2e case file passphrase';

let site: FixtureSite;
test.beforeAll(async () => {
  site = await startFixtureSite();
});
test.afterAll(async () => {
  await site.close();
});

test('staff chase a confirmed match to verified removal', async ({ page, host, request }) => {
  test.setTimeout(240_000);
  const { monitor } = await seedTeam(request, host, { staff: 'Jiwoo Staff' });
  await seedDemoCase(request, host);

  // The staff member registers the fixture host first, so new requests are pre-filled.
  await page.goto(host.url);
  await page.getByTestId('sign-in-username').fill('staff');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-takedowns').click();
  await expect(page.getByTestId('empty-takedowns-title')).toBeVisible();
  await page.getByTestId('takedowns-tab-platforms').click();
  await page.getByTestId('platform-new').click();
  await page.getByTestId('platform-name').fill('Fixture galleries');
  await page.getByTestId('platform-hosts').fill('127.0.0.1');
  await page.getByTestId('platform-email').fill('abuse@fixture.example');
  await page.getByTestId('platform-save').click();
  await expect(page.getByTestId('platform-row-Fixture galleries')).toContainText(
    'abuse@fixture.example',
  );
  await screenshot(page, 'takedowns-platforms-en');

  // A crawl finds the planted copies; the monitor confirms them in review (through the API).
  await crawlFixtureSite(request, host, site.origin, {
    // The galleries are a chain: the srcset copy on /gallery/6 is six links from the start page,
    // one past the default depth of 5 (which left it uncrawled and without a request).
    maxDepth: 6,
  });
  // Every copy a plain HTTP crawl can see, each its own content: one review item each.
  const expectedPages = PLANTED.filter((p) => p.http && p.allowed).map((p) => p.page);
  expect(expectedPages).toContain('/gallery/6');
  const queue = await api<{ items: { id: number }[] }>(request, host, monitor, 'review.list', {});
  expect(queue.items).toHaveLength(expectedPages.length);
  await api(request, host, monitor, 'review.decide', {
    itemIds: queue.items.map((i) => i.id),
    decision: 'confirm',
  });

  // Staff: the drafts arrived, grouped by host and filled in from the registry.
  await page.getByTestId('takedowns-tab-requests').click();
  const hostGroup = page.getByTestId('takedown-host-127.0.0.1');
  await expect(hostGroup).toBeVisible();
  await expect(hostGroup).toContainText('Fixture galleries');
  // One draft request per page that carries a confirmed copy, the srcset copy included.
  await expect(hostGroup.locator('tbody tr')).toHaveCount(expectedPages.length);
  for (const p of expectedPages) {
    await expect(hostGroup.locator(`tbody [title="${site.origin}${p}"]`)).toHaveCount(1);
  }
  await screenshot(page, 'takedowns-requests-en');

  const row = hostGroup.locator('tr', { hasText: '/gallery/3' });
  await row.getByRole('button').first().click();
  const detail = page.getByTestId('takedown-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('takedown-detail-state')).toHaveText('Draft');
  await expect(page.getByTestId('takedown-contact')).toHaveValue('abuse@fixture.example');
  await expect(page.getByTestId('takedown-images')).toContainText('/img/p/0.jpg');
  await page.getByTestId('takedown-reference').fill('FX-2026-0042');
  await page.getByTestId('takedown-save').click();
  await page.getByTestId('takedown-to-sent').click();
  await expect(page.getByTestId('takedown-detail-state')).toHaveText('Sent');
  await expect(page.getByTestId('takedown-history')).toContainText('Draft → Sent');
  await expect(page.getByTestId('takedown-history')).toContainText('Jiwoo Staff');

  // Still online: a re-check records it present.
  await page.getByTestId('takedown-recheck').click();
  await expect(page.getByTestId('takedown-checks')).toContainText('Still online');
  await expect(page.getByTestId('takedown-detail-state')).toHaveText('Sent');

  // The host takes the image down; the next re-check proves it.
  site.remove('/img/p/0.jpg');
  await page.getByTestId('takedown-recheck').click();
  await expect(page.getByTestId('takedown-detail-state')).toHaveText('Removed');
  await expect(page.getByTestId('takedown-images')).toContainText('Gone: image answers 410');
  await expect(page.getByTestId('takedown-checks').locator('tbody tr').first()).toContainText(
    '410',
  );
  await expect(page.getByTestId('takedown-history')).toContainText('Sent → Removed');
  await screenshot(page, 'takedowns-removed-en');

  await switchLanguage(page, 'ko');
  await expect(page.getByTestId('takedown-detail-state')).toHaveText('삭제됨');
  await expect(page.getByTestId('takedown-images')).toContainText('삭제: 이미지 응답 410');
  await screenshot(page, 'takedowns-removed-ko');
  await page.getByTestId('takedown-back').click();
  await page.getByTestId('takedown-filter').getByText('전체').click();
  await expect(hostGroup).toContainText('삭제됨');
  // One notice to the host covers its other pages: record that sending once.
  await page.getByTestId('takedown-send-drafts-127.0.0.1').click();
  await expect(hostGroup).not.toContainText('초안');
  await expect(hostGroup).toContainText('전송함');
  await screenshot(page, 'takedowns-requests-ko');

  // Three days pass without an answer (the host is stopped and the sending times moved back, as a
  // clock would). On start the schedule re-checks the sent pages: still online past the deadline
  // (every page but /gallery/3, whose image was taken down).
  await host.stop();
  const db = new Database(host.caseFile);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  db.prepare(
    `UPDATE takedown_requests SET first_sent_at = ?, last_sent_at = ?, deadline_at = ?
      WHERE state = 'sent'`,
  ).run(hoursAgo(72), hoursAgo(72), hoursAgo(24));
  db.close();
  const again = await host.restart();
  await page.goto(again.url);
  await page.getByTestId('sign-in-username').fill('staff');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav-takedowns').click();
  await switchLanguage(page, 'ko'); // a new port is a new origin: the saved choice stays behind
  await expect(page.getByTestId('takedown-count-overdue')).toHaveText('6');
  await expect(page.getByTestId('takedown-count-resendDue')).toHaveText('6');
  await expect(page.getByTestId('takedown-count-flagged')).toHaveText('6', { timeout: 30_000 });
  await page.getByTestId('takedown-filter').getByText('기한 초과').click();
  await expect(hostGroup.locator('tbody tr')).toHaveCount(expectedPages.length - 1);
  await expect(hostGroup).toContainText('아직 게시 중');
  await screenshot(page, 'takedowns-overdue-ko');
  await switchLanguage(page, 'en');
  await expect(hostGroup).toContainText('Still online');
  await screenshot(page, 'takedowns-overdue-en');
});
