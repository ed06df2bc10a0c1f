/**
 * Test support: a centre server over TLS (its self-signed certificate) on a fresh case file in a
 * temporary folder, serving a one-line app page — what the centre host's tests start each time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../engine';
import { passphraseProvider } from '../../engine/crypto/master-key';
import { tempDir } from '../../test-support/temp-dir';
import { startHeadlessHost, type HeadlessHost } from '../http-host';
import { selfSignedIdentity, type TlsIdentity } from './tls-identity';

export interface TestCentre {
  engine: Engine;
  host: HeadlessHost;
  id: TlsIdentity;
  /** Closes the server and the engine, and removes the folder. */
  close(): Promise<void>;
}

export async function startTestCentre(
  page = '<!doctype html><html><head><title>Jium</title></head></html>',
): Promise<TestCentre> {
  const { dir, cleanup } = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), page);
  const engine = new Engine({
    caseFilePath: join(dir, 'centre.jium'),
    host: 'headless',
    version: 't',
    masterKey: passphraseProvider('centre passphrase 1'),
  });
  const id = selfSignedIdentity(join(dir, 'tls'), ['127.0.0.1']);
  const host = await startHeadlessHost({
    engine,
    rendererDir,
    tls: { cert: id.cert, key: id.key },
  });
  return {
    engine,
    host,
    id,
    async close() {
      await host.close();
      engine.close();
      cleanup();
    },
  };
}
