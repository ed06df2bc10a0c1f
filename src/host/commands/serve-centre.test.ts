import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { formatFingerprint, spkiDigest } from '../centre/tls-identity';
import { buildTestCli, runCli, type CliRun } from '../test-cli';
import { parseListen } from './serve';

let cli: string;
beforeAll(async () => {
  cli = await buildTestCli('serve-centre');
}, 60_000);

/** Waits until the run prints its Open: line (or exits), then returns its output so far. */
async function opened(run: CliRun): Promise<string> {
  for (;;) {
    if (/Open: \S+/.test(run.stdout())) return run.stdout();
    const done = await Promise.race([
      run.exit.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 100)),
    ]);
    if (done) throw new Error(`jium serve exited:\n${run.stdout()}\n${run.stderr()}`);
  }
}

describe('jium serve --listen (the centre server)', () => {
  it('reads ADDRESS:PORT, IPv6 in brackets', () => {
    expect(parseListen('192.168.0.10:8443')).toEqual({ host: '192.168.0.10', port: 8443 });
    expect(parseListen('[::1]:8443')).toEqual({ host: '::1', port: 8443 });
    expect(parseListen('jium.centre.lan:443')).toEqual({ host: 'jium.centre.lan', port: 443 });
    expect(parseListen('8443')).toBeNull();
    expect(parseListen('::1:8443')).toBeNull();
    expect(parseListen('host:99999')).toBeNull();
  });

  it('makes its certificate on first start, prints the fingerprint desks pin, and keeps it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const caseFile = join(dir, 'centre.jium');
      const env = { JIUM_PASSPHRASE: 'centre passphrase 1', JIUM_DATA_DIR: dir };
      const first = runCli(cli, ['serve', '--case-file', caseFile, '--listen', '127.0.0.1:0'], env);
      const out = await opened(first);
      expect(out).toContain('Centre server (TLS, certificate made now');
      expect(out).toContain(
        `Certificate fingerprint (SHA-256): ${new X509Certificate(readFileSync(`${caseFile}.tls/server-cert.pem`, 'utf8')).fingerprint256}`,
      );
      const printed = /Certificate key fingerprint \(SHA-256\): ([0-9A-F:]{95})/.exec(out)![1]!;
      const cert = readFileSync(`${caseFile}.tls/server-cert.pem`, 'utf8');
      expect(printed).toBe(formatFingerprint(spkiDigest(cert)));
      expect(new X509Certificate(cert).subjectAltName).toContain('IP Address:127.0.0.1');
      const url = /Open: (https:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out)![1]!;
      expect(out).not.toContain('token=');
      // A real HTTPS answer, verified against the printed certificate: the API wants a desk.
      const status = await new Promise<number>((resolve, reject) =>
        request(new URL('api/call/app.info', url), { method: 'POST', ca: cert }, (res) =>
          resolve(res.statusCode!),
        )
          .on('error', reject)
          .end('{}'),
      );
      expect(status).toBe(401);
      first.child.kill('SIGTERM');
      expect(await first.exit).toBe(0);

      const second = runCli(
        cli,
        ['serve', '--case-file', caseFile, '--listen', '127.0.0.1:0'],
        env,
      );
      const again = await opened(second);
      expect(again).toContain('certificate kept');
      expect(again).toContain(printed);
      second.child.kill('SIGTERM');
      await second.exit;
    } finally {
      cleanup();
    }
  }, 60_000);

  it('explains bad centre options with a usage error', async () => {
    const bad = async (args: string[]) => {
      const run = runCli(cli, ['serve', ...args], { JIUM_PASSPHRASE: 'centre passphrase 1' });
      return { code: await run.exit, err: run.stderr() };
    };
    expect(await bad(['--listen', 'nowhere'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('ADDRESS:PORT'),
    });
    expect(await bad(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('go with --listen'),
    });
    expect(await bad(['--listen', '127.0.0.1:0', '--tls-cert', 'c.pem'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('both --tls-cert and --tls-key'),
    });
  });
});
