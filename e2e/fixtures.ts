/**
 * Playwright fixtures: each test gets its own data directory and case file, and a real headless
 * host (the built `jium serve`, as a child process) on 127.0.0.1 with its own token.
 */
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

export interface JiumHost {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  /** The URL with the token, as printed by `jium serve`. */
  url: string;
  token: string;
  dataDir: string;
  caseFile: string;
  /** Stops the host (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts the host again on the same case file (a new port and token). */
  restart(): Promise<JiumHost>;
}

/** Starts `node out/host/cli.js serve` on a case file and waits for its URL line. */
export async function startHost(
  dataDir: string,
  caseFile = join(dataDir, 'case.jium'),
): Promise<JiumHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'out/host/cli.js'), 'serve', '--case-file', caseFile],
    {
      cwd: ROOT,
      env: { ...process.env, JIUM_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`jium serve did not start:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jium serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    origin: parsed.origin,
    url,
    token: parsed.searchParams.get('token')!,
    dataDir,
    caseFile,
    stop,
    restart: async () => {
      await stop();
      return startHost(dataDir, caseFile);
    },
  };
}

/** Saves a full-page screenshot under e2e/screenshots/ (ignored by git) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Transitions (a dialog fading in) are finished first: the picture shows what a person sees.
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/**
 * Calls a contract method over the host's HTTP API, as the client `client` (a session per client
 * id), for set-up that the spec does not exercise through the screens. Throws the engine's error.
 */
export async function api<T = { id: number }>(
  request: APIRequestContext,
  host: { origin: string; token: string },
  client: string,
  method: string,
  input: unknown,
): Promise<T> {
  const res = await request.post(`${host.origin}/api/call/${method}`, {
    headers: { authorization: `Bearer ${host.token}`, 'x-jium-client': client },
    data: input,
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

/** Switches the UI language through the header's menu and waits until the menu has closed. */
export async function switchLanguage(page: Page, language: 'ko' | 'en'): Promise<void> {
  await page.getByTestId('language-menu').click();
  await page.getByTestId(`language-${language}`).click();
  await expect(page.getByTestId(`language-${language}`)).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

export const test = base.extend<{ host: JiumHost }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jium-e2e-'));
    const host = await startHost(dataDir);
    let current = host;
    await use({
      ...host,
      restart: async () => {
        current = await current.restart();
        return current;
      },
      stop: () => current.stop(),
    });
    await current.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
