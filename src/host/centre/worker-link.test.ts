import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../engine';
import { tempDir } from '../../test-support/temp-dir';
import { startHeadlessHost, type HeadlessHost } from '../http-host';
import { buildTestCli, runCli } from '../test-cli';
import { selfSignedIdentity, type TlsIdentity } from './tls-identity';
import { enrolWorker, loadWorkerCredential, WorkerLink, workerCall } from './worker-link';

let cli: string;
let dir: string;
let cleanup: () => void;
let engine: Engine;
let host: HeadlessHost;
let id: TlsIdentity;
let caseFile: string;

beforeAll(async () => {
  cli = await buildTestCli('worker-link');
}, 60_000);
beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  caseFile = join(dir, 'centre.jium');
  engine = new Engine({ caseFilePath: caseFile, host: 'headless', version: 't' });
  id = selfSignedIdentity(join(dir, 'tls'), ['127.0.0.1']);
  host = await startHeadlessHost({ engine, tls: { cert: id.cert, key: id.key } });
});
afterEach(async () => {
  await host.close();
  engine.close();
  cleanup();
});

/** `jium worker-code ...` on the server's case file; its stdout. */
async function workerCode(...args: string[]): Promise<string> {
  const run = runCli(cli, ['worker-code', ...args, '--case-file', caseFile]);
  expect(await run.exit, run.stderr()).toBe(0);
  return run.stdout().trim();
}

describe('crawl worker enrolment through the centre server (issue 16 item 3)', () => {
  it('enrols once with the CLI, keeps the credential 0600, and a revoked worker exits at once', async () => {
    const code = await workerCode('create', '--label', 'rack 2');
    const file = join(dir, 'worker', 'credential.json');
    const args = ['worker', '--server', host.origin, '--pin', id.fingerprint];
    const first = runCli(cli, [...args, '--code', code, '--credential-file', file]);
    expect(await first.exit, first.stderr()).toBe(0);
    expect(first.stderr()).toMatch(/Enrolled as worker 1 \(rack 2\)/);
    expect(first.stderr()).toMatch(
      /signed in to https:\/\/127\.0\.0\.1:\d+: 0 sites, 0 references/,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The code was used: a second enrolment with it is refused.
    await expect(
      enrolWorker(join(dir, 'other.json'), host.origin, id.fingerprint, code),
    ).rejects.toThrow('unknown, used or expired');
    // Later runs use the kept credential, with no code.
    const again = runCli(cli, ['worker', '--credential-file', file]);
    expect(await again.exit, again.stderr()).toBe(0);

    // A worker signed in now is refused at its next call once revoked, and a new run exits 3.
    const link = new WorkerLink(loadWorkerCredential(file)!);
    await link.signIn();
    await expect(link.call('workers.config', {})).resolves.toMatchObject({ sites: [] });
    expect(await workerCode('revoke', '1')).toMatch(/^1\track 2\trevoked /);
    await expect(link.call('workers.config', {})).rejects.toThrow('revoked');
    const revoked = runCli(cli, ['worker', '--credential-file', file]);
    expect(await revoked.exit).toBe(3);
    expect(revoked.stderr()).toContain('revoked');
    expect(await workerCode('list')).toMatch(/^1\track 2\t\S+\t\S+\t\d{4}-/);
  }, 60_000);

  it('sends nothing to a server with another key, and refuses calls without a credential', async () => {
    const code = (await engine.call('x', 'workers.enrol', { code: 'AAAA-AAAA-AAAA-AAAA' })).ok;
    expect(code).toBe(false);
    const other = selfSignedIdentity(join(dir, 'other-tls'), ['127.0.0.1']);
    const wrongPin = runCli(cli, [
      'worker',
      '--server',
      host.origin,
      '--pin',
      other.fingerprint,
      '--code',
      'ABCD-EFGH-JKLM-NPQR',
      '--credential-file',
      join(dir, 'w.json'),
    ]);
    expect(await wrongPin.exit).toBe(1);
    expect(wrongPin.stderr()).toContain('another certificate key');
    // Nothing reached the engine: no refused enrolment was audited for that attempt.
    const refusals = engine.db
      .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'workers.enrol.refused'")
      .get() as { n: number };
    expect(refusals.n).toBe(1); // the direct engine call above, not the pinned-out one
    // The worker route wants a credential, and serves workers.* methods only.
    await expect(
      workerCall(host.origin, id.fingerprint, null, 'workers.config', {}),
    ).rejects.toThrow('A worker credential is required');
    await expect(
      workerCall(host.origin, id.fingerprint, 'x'.repeat(43), 'workers.config', {}),
    ).rejects.toThrow('Please sign in first');
    await expect(
      workerCall(host.origin, id.fingerprint, 'x'.repeat(43), 'cases.list' as 'workers.config', {}),
    ).rejects.toThrow('No such worker route');
  }, 60_000);
});
