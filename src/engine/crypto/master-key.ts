/**
 * The master key protects every per-case key. It is a random 256-bit key made once per case file
 * and stored there only in protected form: wrapped by a key the host provides (Electron's
 * safeStorage, i.e. the OS keychain) or by a key derived from a passphrase (headless). The engine
 * never sees the host's secret, only this interface.
 */
import { randomBytes, scrypt as scryptCb } from 'node:crypto';
import { open, seal, SealError } from './aead';

/** How the host protects the master key. Implemented in src/main (safeStorage) and below. */
export interface MasterKeyProvider {
  /** Recorded in the case file, so a file made under one kind is not opened with another. */
  readonly kind: 'passphrase' | 'os-keystore';
  /** Protects a master key for storage. `salt` is random per case file and stored beside it. */
  protect(masterKey: Buffer, salt: Buffer): Promise<Buffer>;
  /** Recovers the master key; throws `WrongSecretError` when the secret does not fit. */
  recover(blob: Buffer, salt: Buffer): Promise<Buffer>;
}

/** The passphrase (or OS key store) does not open this case file's master key. */
export class WrongSecretError extends Error {
  constructor(message = 'The passphrase does not open this case file.') {
    super(message);
    this.name = 'WrongSecretError';
  }
}

/**
 * scrypt N = 2^16, r = 8 (64 MiB, ~0.2 s): run once per start, so it can afford to be slower than
 * password hashing. Stored with the blob's format version; raising it means a new version.
 */
const KDF = { N: 2 ** 16, r: 8, p: 1 };
const MASTER_AAD = 'jium/master-key/v1';

function deriveKek(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      passphrase.normalize('NFKC'),
      salt,
      32,
      { ...KDF, maxmem: 256 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/**
 * Headless mode: the master key is sealed (AES-256-GCM) with a key derived from a passphrase by
 * scrypt. The GCM tag doubles as the verifier: a wrong passphrase fails to open it, clearly.
 */
export function passphraseProvider(passphrase: string): MasterKeyProvider {
  if (passphrase.length < 10) throw new Error('The passphrase must have at least 10 characters.');
  return {
    kind: 'passphrase',
    async protect(masterKey, salt) {
      return seal(await deriveKek(passphrase, salt), masterKey, MASTER_AAD);
    },
    async recover(blob, salt) {
      try {
        return open(await deriveKek(passphrase, salt), blob, MASTER_AAD);
      } catch (e) {
        if (e instanceof SealError) throw new WrongSecretError();
        throw e;
      }
    },
  };
}

/** A fresh salt for `protect`. */
export function newSalt(): Buffer {
  return randomBytes(16);
}
