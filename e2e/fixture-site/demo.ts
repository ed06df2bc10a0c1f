/**
 * `npm run demo`: starts the fixture site on 127.0.0.1, creates a demo case file (an admin, a
 * counsellor and a monitor; one case with the demo reference images; the fixture site configured
 * for crawling) through the engine's real API, then opens Jium on it (the headless host; its URL
 * is printed). Sign in as `monitor` and start a crawl of "Demo fixture site" to see the planted
 * copies arrive — among them, on the site's dark-theme and phone-layout feed pages, screenshots of a
 * post, half crops, mirrored half crops and collages (heavy.ts), outlined in review where local
 * features decided. Accounts' passwords and the case file's passphrase are printed: demo data only.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine, passphraseProvider } from '../../src/engine';
import { demoReference } from './images';
import { startFixtureSite } from './site';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const DATA = resolve(process.env['JIUM_DEMO_DIR'] ?? join(tmpdir(), 'jium-demo'));
const CASE_FILE = join(DATA, 'demo.jium');
const PASSPHRASE = 'demo passphrase (not secret)';
const PASSWORD = 'demo password 1';
const PORT = Number(process.env['JIUM_DEMO_SITE_PORT'] ?? 0);

async function call(engine: Engine, caller: string, method: string, input: unknown) {
  const r = await engine.call(caller, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as { id: number; code?: string };
}

const site = await startFixtureSite({ port: PORT, heavy: true });
console.log(`Fixture site: ${site.origin}/`);
rmSync(DATA, { recursive: true, force: true });
mkdirSync(DATA, { recursive: true });
const engine = new Engine({
  caseFilePath: CASE_FILE,
  host: 'headless',
  version: 'demo',
  masterKey: passphraseProvider(PASSPHRASE),
});
await engine.unlockKeys();
await call(engine, 'setup', 'auth.setup', {
  username: 'admin',
  displayName: 'Admin',
  password: PASSWORD,
});
for (const role of ['counsellor', 'monitor']) {
  await call(engine, 'setup', 'accounts.create', {
    username: role,
    displayName: `Demo ${role}`,
    role,
    password: PASSWORD,
  });
  await call(engine, role, 'auth.signIn', { username: role, password: PASSWORD });
}
const demoCase = await call(engine, 'counsellor', 'cases.create', {
  identity: { name: 'Demo victim (fictional)', contact: '', notes: 'Demo data' },
  consent: { searchWeb: true, fileTakedowns: true, storage: 'originals' },
});
for (const i of [0, 1, 2]) {
  await call(engine, 'counsellor', 'images.add', {
    caseId: demoCase.id,
    fileName: `demo-reference-${i + 1}.png`,
    data: (await demoReference(i)).toString('base64'),
  });
}
await call(engine, 'monitor', 'sites.create', {
  config: {
    name: 'Demo fixture site',
    startUrls: [`${site.origin}/`],
    allowAddresses: ['127.0.0.1'],
    maxDepth: 6,
    maxPages: 300,
    requestsPerSecond: 50,
    concurrencyPerHost: 4,
    renderMode: 'auto',
    timeoutSeconds: 3,
  },
});
engine.close();
console.log(`Demo case file: ${CASE_FILE} (case ${demoCase.code})`);
console.log(`Accounts: admin, counsellor, monitor — password "${PASSWORD}"`);

const cli = join(ROOT, 'out/host/cli.js');
if (!existsSync(cli)) {
  console.log('Jium is not built: run `npm run build`, then `npm run demo` again.');
} else {
  const child = spawn(process.execPath, [cli, 'serve', '--case-file', CASE_FILE], {
    stdio: 'inherit',
    env: { ...process.env, JIUM_PASSPHRASE: PASSPHRASE, JIUM_DATA_DIR: DATA },
  });
  const stop = () => {
    child.kill('SIGTERM');
    void site.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.once('exit', () => void site.close().then(() => process.exit(0)));
}
