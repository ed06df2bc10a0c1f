import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openHeadlessEngine, packageRoot, resolveCaseFile } from '../host-env';
import { startHeadlessHost } from '../http-host';
import { idleLockMinutes, masterKeyFromOptions } from '../master-key-option';

/** `jium serve`: the engine on a case file, the renderer and the API on 127.0.0.1. */
export const command: CliCommand = {
  name: 'serve',
  summary: 'Run Jium without a display: serve the app and its API on 127.0.0.1',
  usage: `jium serve [--case-file PATH] [--port N] [--passphrase-file PATH]

Opens the case file (default: $JIUM_CASE_FILE, else the data directory's default.jium), serves
the app on http://127.0.0.1:PORT and prints the URL with this run's access token. Anyone with
the URL can use the app as whoever signs in there; the token changes on every start.

Victim data is encrypted with a master key protected by a passphrase: the first line of
--passphrase-file, else $JIUM_PASSPHRASE (at least 10 characters). The first start sets it for the
case file; a wrong one is refused. Without one, Jium runs but cases cannot be opened.
Sessions lock after $JIUM_IDLE_LOCK_MINUTES (default 15) minutes without activity.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...CASE_FILE_OPTION,
        port: { type: 'string', default: '0' },
        'passphrase-file': { type: 'string' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`jium serve: --port must be a number from 0 to 65535\n`);
      return 2;
    }
    const root = packageRoot();
    const caseFilePath = resolveCaseFile(values['case-file'], io.env, io.cwd);
    const masterKey = masterKeyFromOptions(values['passphrase-file'], io.env, io.cwd);
    // A wrong passphrase is refused here (cli.ts prints it as "jium serve: …", exit code 1).
    const engine = await openHeadlessEngine({
      caseFilePath,
      masterKey,
      idleLockMinutes: idleLockMinutes(io.env),
    });
    if (!masterKey) {
      io.stderr.write(
        'jium serve: no passphrase given (JIUM_PASSPHRASE or --passphrase-file): cases are unavailable.\n',
      );
    }
    const host = await startHeadlessHost({
      engine,
      rendererDir: join(root, 'out', 'renderer'),
      port,
    });
    io.stdout.write(`Jium ${engine.version} is serving ${caseFilePath}\n`);
    io.stdout.write(`Open: ${host.url}\n`);
    // Scheduled crawls run while Jium serves, whoever is (or is not) signed in.
    void engine.startCrawlSchedules();
    await new Promise<void>((resolveStop) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolveStop();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await engine.stopCrawls(); // running crawls pause; the next start continues them
    await host.close();
    engine.close();
    return 0;
  },
};
