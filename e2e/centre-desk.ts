/**
 * Helpers of the centre specs (issue 16): `jium serve --listen 127.0.0.1:0` as a child process
 * with its self-signed TLS certificate, a Chromium that pins the printed key fingerprint
 * (--ignore-certificate-errors-spki-list: trusted because pinned, not because errors are ignored),
 * desks as browser contexts, and calls from a desk's page with the CSRF token it carries.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../playwright.config';
import { expect, ROOT } from './fixtures';

export interface Centre {
  url: string;
  /** The certificate key fingerprint (SHA-256) as `jium serve` prints it, hex pairs with colons. */
  fingerprint: string;
  child: ChildProcess;
}

/** Starts the centre server on a case file in `dataDir` and waits for its address and key. */
export async function startCentre(dataDir: string, extraArgs: string[] = []): Promise<Centre> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'out/host/cli.js'),
      'serve',
      '--case-file',
      join(dataDir, 'centre.jium'),
      '--listen',
      '127.0.0.1:0',
      ...extraArgs,
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

/** The fingerprint in the form Chromium's --ignore-certificate-errors-spki-list takes. */
export const pinOf = (fingerprint: string) =>
  Buffer.from(fingerprint.replace(/:/g, ''), 'hex').toString('base64');

/** A Chromium that trusts the server whose key digest is `pin`, and only because of it. */
export function launchPinned(pin: string): Promise<Browser> {
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
export function deskCall<T>(
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

/** Signs a desk in through the sign-in screen. */
export async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-page')).toBeHidden();
}

/** The first admin, through the set-up screen of a new centre's case file. */
export async function setUpAdmin(page: Page, url: string, password: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('setup-page')).toBeVisible();
  await page.getByTestId('setup-display-name').fill('Centre admin');
  await page.getByTestId('setup-username').fill('admin');
  await page.getByTestId('setup-password').fill(password);
  await page.getByTestId('setup-confirm').fill(password);
  await page.getByTestId('setup-submit').click();
  await expect(page.getByTestId('setup-page')).toBeHidden();
}

/** A counsellor's desk registers a case with one photograph through her screens; returns its code. */
export async function registerCase(page: Page, name: string, photo: Buffer): Promise<string> {
  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-new').click();
  await page.getByTestId('case-name').fill(name);
  await page.getByTestId('case-create').click();
  await expect(page.getByTestId('case-code')).toHaveText(/^C-\d{4}-\d{4}$/);
  const code = (await page.getByTestId('case-code').textContent())!;
  const folder = mkdtempSync(join(tmpdir(), 'jium-centre-photo-'));
  try {
    const file = join(folder, 'photo.png');
    writeFileSync(file, photo);
    await page.getByTestId('image-files-input').setInputFiles(file);
    await expect(page.locator('[data-testid="add-result"][data-status="added"]')).toHaveCount(1, {
      timeout: 30_000,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return code;
}

/**
 * A monitor's desk makes a site of one page (depth 0) of the 127.0.0.1 fixture and starts its
 * crawl through the Crawls screens; `rps` paces it.
 */
export async function startOnePageCrawl(
  page: Page,
  name: string,
  pageUrl: string,
  rps?: number,
): Promise<void> {
  await page.getByTestId('nav-crawls').click();
  await page.getByTestId('site-new').click();
  await page.getByTestId('site-name').fill(name);
  await page.getByTestId('site-start-urls').fill(pageUrl);
  await page.getByTestId('site-max-depth').fill('0');
  if (rps !== undefined) await page.getByTestId('site-rps').fill(String(rps));
  await page.getByTestId('site-timeout').fill('3');
  await page.getByTestId('site-allow-loopback').check();
  await page.getByTestId('site-save').click();
  await expect(page.getByTestId(`site-row-${name}`)).toBeVisible();
  await page.getByTestId('site-start').click();
}

/** The admin's desk makes one account per role (username = role, "<role> one"). */
export async function createAccounts(
  admin: Page,
  roles: readonly ('counsellor' | 'monitor' | 'staff')[],
  passwordOf: (role: string) => string,
): Promise<void> {
  for (const role of roles) {
    const made = await deskCall(admin, 'accounts.create', {
      username: role,
      displayName: `${role} one`,
      role,
      password: passwordOf(role),
    });
    expect(made.ok).toBe(true);
  }
}
