/**
 * The centre server (issue 16): `jium serve --listen 127.0.0.1:PORT` with its self-signed TLS
 * certificate, and desks as separate browser contexts of a Chromium that pins the printed key
 * fingerprint (--ignore-certificate-errors-spki-list: trusted because pinned, not because errors
 * are ignored). A Chromium with another pin refuses the server.
 */
import type { BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAccounts,
  deskCall,
  launchPinned,
  pinOf,
  setUpAdmin,
  signIn,
  startCentre,
} from './centre-desk';
import { expect, screenshot, switchLanguage, test } from './fixtures';

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
    await setUpAdmin(admin, centre.url, 'admin password 1');
    expect(admin.url().split('#')[0]).toBe(centre.url); // no token in the address
    await createAccounts(admin, ['counsellor', 'monitor'], (role) => `${role} password 1`);

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
