import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCaseFilePath, Engine, headlessDataDir, type MasterKeyProvider } from '../engine';

/**
 * Finds the package root from the running file (out/host/cli.js or src/host/*.ts), so the CLI
 * works from any working directory.
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`Cannot find Jium's package.json above ${from}`);
}

/** Jium's version, from package.json. */
export function jiumVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The case file a headless command uses: --case-file, else $JIUM_CASE_FILE, else the default. */
export function resolveCaseFile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): string {
  return flag ? resolve(cwd, flag) : defaultCaseFilePath(headlessDataDir(env), env);
}

/** The --case-file option of every command that opens a case file (for parseArgs). */
export const CASE_FILE_OPTION = { 'case-file': { type: 'string' } } as const;

/**
 * Opens the engine of a headless host (`jium serve`, and the CLI's operator commands) and, with a
 * master key, opens the case file's keys at once, so a wrong passphrase is refused now rather than
 * at the first case (the engine is closed again and the error thrown).
 */
export async function openHeadlessEngine(o: {
  caseFilePath: string;
  masterKey: MasterKeyProvider | null;
  create?: boolean;
  idleLockMinutes?: number | undefined;
}): Promise<Engine> {
  const engine = new Engine({
    caseFilePath: o.caseFilePath,
    host: 'headless',
    version: jiumVersion(),
    masterKey: o.masterKey,
    create: o.create ?? true,
    idleLockMinutes: o.idleLockMinutes,
  });
  if (o.masterKey) {
    try {
      await engine.unlockKeys();
    } catch (e) {
      engine.close();
      throw e;
    }
  }
  return engine;
}
