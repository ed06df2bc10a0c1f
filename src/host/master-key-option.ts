import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { passphraseProvider, type MasterKeyProvider } from '../engine';

/**
 * The headless host's master-key provider: a passphrase from --passphrase-file (first line) or
 * $JIUM_PASSPHRASE. Null when neither is given: Jium then runs, but cases stay unavailable with a
 * message saying how to provide one. The passphrase is never printed or logged.
 */
export function masterKeyFromOptions(
  passphraseFile: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): MasterKeyProvider | null {
  const fromFile = passphraseFile
    ? (readFileSync(resolve(cwd, passphraseFile), 'utf8').split(/\r?\n/)[0] ?? '')
    : undefined;
  const passphrase = fromFile ?? env.JIUM_PASSPHRASE;
  return passphrase ? passphraseProvider(passphrase) : null;
}

/** Idle minutes before a session locks: $JIUM_IDLE_LOCK_MINUTES, else the engine's default. */
export function idleLockMinutes(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.JIUM_IDLE_LOCK_MINUTES);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
