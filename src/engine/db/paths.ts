import { homedir } from 'node:os';
import { join } from 'node:path';

/** The file name of the default case file inside a data directory. */
export const DEFAULT_CASE_FILE_NAME = 'default.jium';

/**
 * The headless host's data directory, XDG-style: $JIUM_DATA_DIR, else $XDG_DATA_HOME/jium, else
 * ~/.local/share/jium (Linux), ~/Library/Application Support/Jium (macOS), %APPDATA%\Jium (Windows).
 * The Electron host uses app.getPath('userData') instead.
 */
export function headlessDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.JIUM_DATA_DIR) return env.JIUM_DATA_DIR;
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Jium');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Jium');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'jium');
}

/** The case file a host opens when none is named: $JIUM_CASE_FILE or the default in the data dir. */
export function defaultCaseFilePath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.JIUM_CASE_FILE || join(dataDir, DEFAULT_CASE_FILE_NAME);
}
