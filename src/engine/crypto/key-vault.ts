/**
 * The key vault of one case file: unlocks (or, the first time, creates) the master key through the
 * host's provider, and wraps and unwraps per-case data keys with it. Keys live in memory only.
 */
import type Database from 'better-sqlite3';
import { ApiError } from '../../shared/errors';
import { open, randomKey, seal } from './aead';
import { newSalt, WrongSecretError, type MasterKeyProvider } from './master-key';

interface DbVault {
  kind: string;
  salt: Buffer;
  wrapped_master: Buffer;
}

/** Runs a provider call; its failures (wrong secret, no OS key store) become clear case-file errors. */
async function keyStoreCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof WrongSecretError)
      throw new ApiError('case-file', e.message, undefined, 'wrong-key');
    if (e instanceof Error) throw new ApiError('case-file', e.message);
    throw e;
  }
}

/** Holds the unlocked master key of one open case file. */
export class KeyVault {
  private master: Buffer | null = null;
  private pending: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly fileId: string,
    private readonly provider: MasterKeyProvider | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** True once the master key is in memory. */
  get unlocked(): boolean {
    return this.master !== null;
  }

  /**
   * Unlocks the master key, creating it on first use. Throws ApiError('case-file') when the host
   * gave no key provider, the provider's secret is wrong, or the file was protected another way.
   */
  async unlock(): Promise<Buffer> {
    if (this.master) return this.master;
    this.pending ??= this.load().finally(() => (this.pending = null));
    this.master = await this.pending;
    return this.master;
  }

  private async load(): Promise<Buffer> {
    if (!this.provider) {
      throw new ApiError(
        'case-file',
        'No master key is available: start Jium with a passphrase (JIUM_PASSPHRASE or --passphrase-file) to use cases.',
        undefined,
        'no-master-key',
      );
    }
    const row = this.db
      .prepare('SELECT kind, salt, wrapped_master FROM key_vault WHERE id = 1')
      .get() as DbVault | undefined;
    if (row) {
      if (row.kind !== this.provider.kind) {
        throw new ApiError(
          'case-file',
          `This case file's keys are protected by ${row.kind === 'passphrase' ? 'a passphrase' : "the operating system's key store"}; open it that way.`,
          undefined,
          'keys-other-way',
        );
      }
      return keyStoreCall(() => this.provider!.recover(row.wrapped_master, row.salt));
    }
    const master = randomKey();
    const salt = newSalt();
    const wrapped = await keyStoreCall(() => this.provider!.protect(master, salt));
    // A concurrent first unlock (another connection) may have won: keep theirs.
    const inserted = this.db
      .prepare(
        'INSERT OR IGNORE INTO key_vault (id, kind, salt, wrapped_master, created_at) VALUES (1, ?, ?, ?, ?)',
      )
      .run(this.provider.kind, salt, wrapped, this.now().toISOString());
    return inserted.changes === 1 ? master : this.load();
  }

  /** The master key; throws if `unlock` has not completed (async handlers await it first). */
  private key(): Buffer {
    if (!this.master)
      throw new ApiError('case-file', 'The case file is locked: its master key is not open.');
    return this.master;
  }

  /** A new random data key for a case, and its wrapped form to store. */
  newCaseKey(caseId: number): { key: Buffer; wrapped: Buffer } {
    const key = randomKey();
    return { key, wrapped: seal(this.key(), key, this.aad(caseId)) };
  }

  /** Unwraps a stored case key. */
  unwrapCaseKey(caseId: number, wrapped: Buffer): Buffer {
    return open(this.key(), wrapped, this.aad(caseId));
  }

  /**
   * Seals a small secret that belongs to the case file rather than to a case (a crawl site's login
   * cookies and header values) with the master key, bound to `purpose` and this case file.
   */
  sealSecret(purpose: string, plain: Uint8Array): Buffer {
    return seal(this.key(), plain, this.secretAad(purpose));
  }

  /** Opens a value made by `sealSecret` for the same purpose; throws SealError otherwise. */
  openSecret(purpose: string, sealed: Uint8Array): Buffer {
    return open(this.key(), sealed, this.secretAad(purpose));
  }

  private secretAad(purpose: string): string {
    return `jium/secret/v1/${this.fileId}/${purpose}`;
  }

  /** Binds a wrapped key to this case file and case: a key row moved elsewhere does not open. */
  private aad(caseId: number): string {
    return `jium/case-key/v1/${this.fileId}/${caseId}`;
  }

  /** Forgets the master key (case file closed or switched). */
  lock(): void {
    this.master?.fill(0);
    this.master = null;
  }
}
