/**
 * The desktop app itself: launches the built Electron main with Playwright's _electron and checks
 * the window's secure defaults and that the shell loads through the preload bridge. Electron's
 * binary is downloaded lazily on first launch; where it is absent (machines that cannot reach the
 * download host) this spec skips and says why instead of failing.
 */
import { _electron as electron, test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, screenshot } from './fixtures';

function electronBinary(): { path: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      missing: `no Electron binary installed (${pathFile} is absent; run "npx install-electron" where the download host is reachable)`,
    };
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary)
    ? { path: binary }
    : { missing: `the Electron binary ${binary} is missing` };
}

const found = electronBinary();
if ('missing' in found) console.log(`[e2e] Electron spec skipped: ${found.missing}.`);

test.describe('Electron app', () => {
  test.skip('missing' in found, 'missing' in found ? `Skipped: ${found.missing}.` : '');

  test('opens a sandboxed window that shows the shell through the preload bridge', async () => {
    if ('missing' in found) return;
    const dataDir = mkdtempSync(join(tmpdir(), 'jium-electron-'));
    const app = await electron.launch({
      executablePath: found.path,
      args: [join(ROOT, 'out/main/index.js'), '--no-sandbox'],
      env: { ...process.env, JIUM_CASE_FILE: join(dataDir, 'case.jium') },
    });
    try {
      const win = await app.firstWindow();
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        // getLastWebPreferences is missing from Playwright's bundled Electron types.
        const p = (
          w.webContents as unknown as {
            getLastWebPreferences(): Record<string, unknown> | null;
          }
        ).getLastWebPreferences();
        return {
          sandbox: p?.sandbox,
          contextIsolation: p?.contextIsolation,
          nodeIntegration: p?.nodeIntegration,
        };
      });
      expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(
        await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require),
      ).toBe('undefined');
      expect(await win.evaluate(() => Object.keys(window.jium ?? {}).sort())).toEqual([
        'call',
        'on',
      ]);
      const info = await win.evaluate(() => window.jium!.call('app.info', {}));
      expect(info).toMatchObject({ ok: true, value: { host: 'electron', needsSetup: true } });
      // Navigation away from the app is blocked.
      await win.evaluate(() => {
        window.location.href = 'https://example.com/';
      });
      await win.waitForTimeout(500);
      expect(win.url()).toMatch(/^file:/);
      await screenshot(win, 'electron-first-run');
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
