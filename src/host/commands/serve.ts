import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { Engine } from '../../engine';
import type { CliCommand } from '../cli-types';
import { jiumVersion, packageRoot, resolveCaseFile } from '../host-env';
import { startHeadlessHost } from '../http-host';

/** `jium serve`: the engine on a case file, the renderer and the API on 127.0.0.1. */
export const command: CliCommand = {
  name: 'serve',
  summary: 'Run Jium without a display: serve the app and its API on 127.0.0.1',
  usage: `jium serve [--case-file PATH] [--port N]

Opens the case file (default: $JIUM_CASE_FILE, else the data directory's default.jium), serves
the app on http://127.0.0.1:PORT and prints the URL with this run's access token. Anyone with
the URL can use the app as whoever signs in there; the token changes on every start.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { 'case-file': { type: 'string' }, port: { type: 'string', default: '0' } },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`jium serve: --port must be a number from 0 to 65535\n`);
      return 2;
    }
    const root = packageRoot();
    const caseFilePath = resolveCaseFile(values['case-file'], io.env, io.cwd);
    const engine = new Engine({ caseFilePath, host: 'headless', version: jiumVersion(root) });
    const host = await startHeadlessHost({
      engine,
      rendererDir: join(root, 'out', 'renderer'),
      port,
    });
    io.stdout.write(`Jium ${engine.version} is serving ${caseFilePath}\n`);
    io.stdout.write(`Open: ${host.url}\n`);
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    engine.close();
    return 0;
  },
};
