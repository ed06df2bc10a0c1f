/**
 * The centre server (issue 16): `jium serve --listen 127.0.0.1:PORT` with its self-signed TLS
 * certificate, and desks as separate browser contexts of a Chromium that pins the printed key
 * fingerprint (--ignore-certificate-errors-spki-list: trusted because pinned, not because errors
 * are ignored). A Chromium with another pin refuses the server.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../playwright.config';
import { expect, ROOT, screenshot, switchLanguage, test } from './fixtures';

interface Centre {
  url: string;
  fingerprint: string;
  child: ChildProcess;
}

async function startCentre(dataDir: string): Promise<Centre> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'out/host/cli.js'),
      'serve',
      '--case-file',
      join(dataDir, 'centre.jium'),
      '--listen',
      '127.0.0.1:0',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, JIUM_DATA_DIR: dataDir, JIUM_PASSPHRASE: 'centre passphrase 1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise<Centre>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /Open: (https:\/\/127\.0\.0\.1:\d+\/)\n/.exec(output)?.[1];
      const fingerprint = /fingerprint \(SHA-256\): ([0-9A-F:]{95})/.exec(output)?.[1];
      if (url && fingerprint) {
        clearTimeout(timer);
        resolve({ url, fingerprint, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

const pinOf = (fingerprint: string) =>
  Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64');

function launchPinned(pin: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--ignore-certificate-errors-spki-list=${pin}`,
    ],
  });
}

/** Calls the API from a desk's page, with the CSRF token the page carries. */
function deskCall<T>(
  page: Page,
  method: string,
  input: unknown,
): Promise<{ ok: boolean; value?: T; error?: { code: string } }> {
  return page.evaluate(
    async ([m, i]) => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="jium-csrf"]')!.content;
      const res = await fetch(`/api/call/${m}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Jium-Csrf': csrf,
          'X-Jium-Client': 'desk-e2e-aaaaaaaaaa',
        },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [method, input] as const,
  );
}

async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-page')).toBeHidden();
}

test('a counsellor desk and a monitor desk work on one centre server over pinned TLS', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-centre-'));
  const centre = await startCentre(dataDir);
  const browser = await launchPinned(pinOf(centre.fingerprint));
  const contexts: BrowserContext[] = [];
  const desk = async () => {
    const c = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    contexts.push(c);
    return c.newPage();
  };
  try {
    // The admin's desk sets the centre up through the screens; no token anywhere in the address.
    const admin = await desk();
    await admin.goto(centre.url);
    expect(admin.url()).toBe(centre.url);
    await expect(admin.getByTestId('setup-page')).toBeVisible();
    await admin.getByTestId('setup-display-name').fill('Centre admin');
    await admin.getByTestId('setup-username').fill('admin');
    await admin.getByTestId('setup-password').fill('admin password 1');
    await admin.getByTestId('setup-confirm').fill('admin password 1');
    await admin.getByTestId('setup-submit').click();
    await expect(admin.getByTestId('setup-page')).toBeHidden();
    for (const role of ['counsellor', 'monitor'] as const)
      expect(
        (
          await deskCall(admin, 'accounts.create', {
            username: role,
            displayName: `${role} one`,
            role,
            password: `${role} password 1`,
          })
        ).ok,
      ).toBe(true);

    const [cookie] = await contexts[0]!.cookies();
    expect(cookie).toMatchObject({
      name: '__Host-jium-desk',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });

    // The counsellor registers a case at her desk.
    const counsellor = await desk();
    await signIn(counsellor, centre.url, 'counsellor', 'counsellor password 1');
    const made = await deskCall<{ code: string }>(counsellor, 'cases.create', {
      identity: { name: 'Fictional person', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' },
    });
    expect(made.ok).toBe(true);
    await counsellor.reload();
    await expect(counsellor.getByText(made.value!.code).first()).toBeVisible();
    await screenshot(counsellor, 'centre-counsellor-desk-en');
    await switchLanguage(counsellor, 'ko');
    await screenshot(counsellor, 'centre-counsellor-desk-ko');

    // The monitor's desk, next door: signed in as herself, the engine still enforces her role.
    const monitor = await desk();
    await signIn(monitor, centre.url, 'monitor', 'monitor password 1');
    const identity = await deskCall(monitor, 'cases.create', {
      identity: { name: 'x', contact: '', notes: '' },
      consent: { searchWeb: true, fileTakedowns: true, storage: 'hashes-only' },
    });
    expect(identity.error?.code).toBe('forbidden');
    // …and sees the counsellor's new case by its code, on the same case file, at her own desk.
    await expect(monitor.getByText(made.value!.code).first()).toBeVisible();
    await expect(monitor.getByText('Fictional person')).toHaveCount(0);
    await screenshot(monitor, 'centre-monitor-desk-en');
    // Signing in at one desk signed in nobody else: the admin's desk is still the admin's.
    expect((await deskCall<{ username: string }>(admin, 'auth.session', {})).value!.username).toBe(
      'admin',
    );
  } finally {
    for (const c of contexts) await c.close();
    await browser.close();
    centre.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a browser pinning another key refuses the centre server', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jium-centre-'));
  const centre = await startCentre(dataDir);
  const browser = await launchPinned(Buffer.alloc(32, 7).toString('base64'));
  try {
    const page = await browser.newPage();
    const error = await page.goto(centre.url).then(
      () => 'loaded',
      (e: Error) => e.message,
    );
    expect(error).toMatch(/ERR_CERT/);
  } finally {
    await browser.close();
    centre.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
