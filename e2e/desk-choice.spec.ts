/**
 * The desktop app's first-start question (issue 16: "desks connect"): open a case file on this
 * computer or connect to the centre's server, checked by its key fingerprint. No Electron binary
 * runs here, so the page is driven in Chromium with the host's own answering function
 * (src/host/desk-choice.ts, which the Electron host binds to IPC) bound to `window.jiumDesk`, against
 * a real TLS server on 127.0.0.1 with a self-signed certificate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { loadDeskChoice } from '../src/host/centre/desk-link';
import { selfSignedIdentity, type TlsIdentity } from '../src/host/centre/tls-identity';
import { answerDesk } from '../src/host/desk-choice';
import { expect, screenshot, switchLanguage, test } from './fixtures';

let dir: string;
let centre: TlsIdentity;
let impostor: TlsIdentity;
let server: Server;
let address: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jium-desk-'));
  centre = selfSignedIdentity(join(dir, 'centre'), ['127.0.0.1']);
  impostor = selfSignedIdentity(join(dir, 'impostor'), ['127.0.0.1']);
  server = createServer({ cert: centre.cert, key: centre.key }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  address = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
test.afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the question page with the host's answering function behind `window.jiumDesk`. */
async function openDeskPage(page: Page, origin: string, file: string): Promise<void> {
  await page.exposeFunction('__jiumDeskAsk', (request: unknown) => answerDesk(file, request));
  await page.addInitScript(() => {
    const w = window as unknown as { __jiumDeskAsk: (r: unknown) => Promise<unknown> };
    Object.assign(window, { jiumDesk: { ask: (r: unknown) => w.__jiumDeskAsk(r) } });
  });
  await page.goto(`${origin}/#desk`);
  await expect(page.getByTestId('desk-choice')).toBeVisible();
}

test('first start: a wrong key is refused with the key shown, the right one is remembered', async ({
  page,
  host,
}) => {
  const file = join(dir, 'desk-en.json');
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDeskPage(page, host.origin, file);
  await switchLanguage(page, 'en');
  await screenshot(page, 'desk-choice-en');

  // Plain HTTP is refused at the field, before connecting anywhere.
  await page.getByTestId('desk-address').fill(`http://${address}`);
  await page.getByTestId('desk-fingerprint').fill(centre.fingerprint);
  await page.getByTestId('desk-check').click();
  await expect(page.getByText('Jium connects to the centre over HTTPS only')).toBeVisible();

  // A server showing another key: "do not connect", and the key it showed.
  await page.getByTestId('desk-address').fill(address);
  await page.getByTestId('desk-fingerprint').fill(impostor.fingerprint);
  await page.getByTestId('desk-connect').click();
  await expect(page.getByTestId('desk-problem')).toContainText('Do not connect');
  await expect(page.getByTestId('desk-seen')).toHaveText(centre.fingerprint);
  await screenshot(page, 'desk-choice-wrong-key-en');
  expect(loadDeskChoice(file)).toBeNull();

  // The printed fingerprint, typed in lower case without colons: checked, then remembered.
  await page
    .getByTestId('desk-fingerprint')
    .fill(centre.fingerprint.replace(/:/g, '').toLowerCase());
  await page.getByTestId('desk-check').click();
  await expect(page.getByTestId('desk-ok')).toContainText('holds the key with this fingerprint');
  expect(loadDeskChoice(file)).toBeNull(); // checking remembers nothing
  await page.getByTestId('desk-connect').click();
  await expect(page.getByTestId('desk-ok')).toContainText('Jium starts again');
  await screenshot(page, 'desk-choice-connected-en');
  expect(loadDeskChoice(file)).toEqual({
    kind: 'centre',
    origin: `https://${address}`,
    fingerprint: centre.fingerprint,
  });
});

test('첫 시작: 다른 키는 거부하고, 이 컴퓨터 사용을 기억한다', async ({ page, host }) => {
  const file = join(dir, 'desk-ko.json');
  await page.setViewportSize({ width: 1280, height: 900 });
  await openDeskPage(page, host.origin, file);
  await switchLanguage(page, 'ko');
  await page.getByTestId('desk-address').fill(address);
  await page.getByTestId('desk-fingerprint').fill(impostor.fingerprint);
  await page.getByTestId('desk-check').click();
  await expect(page.getByTestId('desk-problem')).toContainText('연결하지 마세요');
  await screenshot(page, 'desk-choice-wrong-key-ko');
  await page.getByTestId('desk-fingerprint').fill('AB:CD');
  await page.getByTestId('desk-check').click();
  await expect(page.getByText('지문이 완전하지 않습니다')).toBeVisible();
  await page.getByTestId('desk-local').click();
  await expect(page.getByTestId('desk-ok')).toContainText('다시 시작합니다');
  await screenshot(page, 'desk-choice-local-ko');
  expect(loadDeskChoice(file)).toEqual({ kind: 'local' });
});
