import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { Engine } from '../core/engine';
import { openCaseFile } from '../db/case-file';
import { open, seal, SealError } from './aead';
import { KeyVault } from './key-vault';
import { passphraseProvider, WrongSecretError } from './master-key';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir() {
  const d = tempDir();
  cleanups.push(d.cleanup);
  return d.dir;
}

describe('AES-256-GCM sealing', () => {
  const key = Buffer.alloc(32, 7);
  it('opens with the same key and AAD only', () => {
    const sealed = seal(key, Buffer.from('victim name'), 'case/1');
    expect(open(key, sealed, 'case/1').toString()).toBe('victim name');
    expect(sealed.includes(Buffer.from('victim name'))).toBe(false);
    expect(() => open(key, sealed, 'case/2')).toThrow(SealError);
    expect(() => open(Buffer.alloc(32, 8), sealed, 'case/1')).toThrow(SealError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => open(key, tampered, 'case/1')).toThrow(SealError);
  });
  it('uses a fresh nonce each time', () => {
    expect(seal(key, Buffer.from('x'), 'a').equals(seal(key, Buffer.from('x'), 'a'))).toBe(false);
  });
});

describe('master key and case key wrapping', () => {
  it('wraps with a passphrase and refuses a wrong one', async () => {
    const provider = passphraseProvider('correct passphrase here');
    const salt = Buffer.alloc(16, 1);
    const master = Buffer.alloc(32, 9);
    const blob = await provider.protect(master, salt);
    expect(blob.includes(master)).toBe(false);
    expect((await provider.recover(blob, salt)).equals(master)).toBe(true);
    await expect(passphraseProvider('wrong passphrase here').recover(blob, salt)).rejects.toThrow(
      WrongSecretError,
    );
  });

  it('keeps the master key across restarts and binds case keys to their case', async () => {
    const path = join(dir(), 'k.jium');
    const file = openCaseFile(path);
    const vault = new KeyVault(file.db, file.info.fileId, passphraseProvider('correct passphrase'));
    const master = Buffer.from(await vault.unlock());
    const { key, wrapped } = vault.newCaseKey(1);
    expect(wrapped.includes(key)).toBe(false);
    expect(vault.unwrapCaseKey(1, wrapped).equals(key)).toBe(true);
    // A wrapped key copied onto another case does not open.
    expect(() => vault.unwrapCaseKey(2, wrapped)).toThrow(SealError);
    // The stored row holds neither the master key nor the passphrase.
    const row = file.db.prepare('SELECT wrapped_master FROM key_vault').get() as {
      wrapped_master: Buffer;
    };
    expect(row.wrapped_master.includes(master)).toBe(false);
    file.close();

    const again = openCaseFile(path);
    const vault2 = new KeyVault(
      again.db,
      again.info.fileId,
      passphraseProvider('correct passphrase'),
    );
    expect((await vault2.unlock()).equals(master)).toBe(true);
    expect(vault2.unwrapCaseKey(1, wrapped).equals(key)).toBe(true);
    const wrong = new KeyVault(
      again.db,
      again.info.fileId,
      passphraseProvider('not the passphrase'),
    );
    await expect(wrong.unlock()).rejects.toMatchObject({
      code: 'case-file',
      message: expect.stringMatching(/passphrase does not open/),
    });
    again.close();
  });

  it('lets the engine refuse a wrong passphrase at start-up, and run without keys clearly', async () => {
    const path = join(dir(), 'e.jium');
    const make = (p: string | null) =>
      new Engine({
        caseFilePath: path,
        host: 'headless',
        version: 't',
        masterKey: p ? passphraseProvider(p) : null,
      });
    const first = make('the right passphrase');
    await first.unlockKeys();
    first.close();
    const wrong = make('the wrong passphrase');
    await expect(wrong.unlockKeys()).rejects.toMatchObject({ code: 'case-file' });
    wrong.close();
    const none = make(null);
    await expect(none.unlockKeys()).rejects.toMatchObject({
      message: expect.stringMatching(/JIUM_PASSPHRASE/),
    });
    none.close();
  });
});
