import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { isIP } from 'node:net';
import { join, resolve as resolvePath } from 'node:path';
import { centreQueueOnRedis } from '../../engine';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openHeadlessEngine, packageRoot, resolveCaseFile } from '../host-env';
import { loadCentreIdentity, selfSignedIdentity, type TlsIdentity } from '../centre/tls-identity';
import { isLoopback, startHeadlessHost } from '../http-host';
import { idleLockMinutes, masterKeyFromOptions } from '../master-key-option';

/** `--listen ADDRESS:PORT` → its parts; IPv6 in brackets ([::1]:8443). */
export function parseListen(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!m) return null;
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (port > 65535 || (m[1] && isIP(host) !== 6)) return null;
  return { host, port };
}

/** `jium serve`: the engine on a case file, the renderer and the API on 127.0.0.1. */
export const command: CliCommand = {
  name: 'serve',
  summary:
    'Run Jium without a display: serve the app and its API on 127.0.0.1, or as the centre server',
  usage: `jium serve [--case-file PATH] [--port N] [--passphrase-file PATH]
jium serve --listen ADDRESS:PORT [--name HOST]... [--tls-cert PATH --tls-key PATH] [--case-file PATH]
           [--passphrase-file PATH] [--redis redis://HOST:PORT]

Opens the case file (default: $JIUM_CASE_FILE, else the data directory's default.jium), serves
the app on http://127.0.0.1:PORT and prints the URL with this run's access token. Anyone with
the URL can use the app as whoever signs in there; the token changes on every start.

Victim data is encrypted with a master key protected by a passphrase: the first line of
--passphrase-file, else $JIUM_PASSPHRASE (at least 10 characters). The first start sets it for the
case file; a wrong one is refused. Without one, Jium runs but cases cannot be opened.
Sessions lock after $JIUM_IDLE_LOCK_MINUTES (default 15) minutes without activity.

The centre server (--listen): serves HTTPS on ADDRESS:PORT for the centre's desks, always with
TLS — the centre's certificate and key (--tls-cert, --tls-key: PEM), or a self-signed certificate
made on first start and kept in CASE-FILE.tls/ (renewed with the same key). It prints the
certificate's key fingerprint (SHA-256): desks compare and pin it. --name adds a host name the
desks use for this machine (repeatable). Desks sign in with their accounts; there is no token in
the address. An account is paused after five wrong passwords in fifteen minutes, and one computer
may try ten passwords a minute. Crawl workers on other machines enrol with a one-time code from
\`jium worker-code create\` and this fingerprint (\`jium worker --help\`).

--redis (with --listen) makes the centre's crawls run on those workers: a crawl started here (the
Crawls page, a schedule, \`jium crawl\` against this server) queues its pages and images in Redis
for the workers, and this server decides and records what they fetched; the run ends when every
job's outcome is recorded. Without --redis crawls run in this process, as on one machine.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        ...CASE_FILE_OPTION,
        port: { type: 'string', default: '0' },
        'passphrase-file': { type: 'string' },
        listen: { type: 'string' },
        name: { type: 'string', multiple: true },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        redis: { type: 'string' },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`jium serve: --port must be a number from 0 to 65535\n`);
      return 2;
    }
    const listen = values.listen === undefined ? null : parseListen(values.listen);
    if (values.listen !== undefined && !listen) {
      io.stderr.write(
        'jium serve: --listen takes ADDRESS:PORT, e.g. 192.168.0.10:8443 or [::1]:8443\n',
      );
      return 2;
    }
    if (!listen && (values['tls-cert'] || values['tls-key'] || values.name)) {
      io.stderr.write('jium serve: --tls-cert, --tls-key and --name go with --listen\n');
      return 2;
    }
    if (values.redis !== undefined && (!listen || !/^rediss?:\/\//.test(values.redis))) {
      io.stderr.write('jium serve: --redis takes redis://HOST:PORT and goes with --listen\n');
      return 2;
    }
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
      io.stderr.write('jium serve: give both --tls-cert and --tls-key, or neither\n');
      return 2;
    }
    const root = packageRoot();
    const caseFilePath = resolveCaseFile(values['case-file'], io.env, io.cwd);
    let tls: TlsIdentity | null = null;
    let names: string[] = [];
    if (listen) {
      const wildcard = listen.host === '0.0.0.0' || listen.host === '::';
      names = [
        ...(values.name ?? []),
        ...(wildcard ? [hostname()] : [listen.host]),
        ...(isLoopback(listen.host) ? ['localhost'] : []),
      ].filter((n, i, all) => all.indexOf(n) === i);
      tls =
        values['tls-cert'] && values['tls-key']
          ? loadCentreIdentity(
              resolvePath(io.cwd, values['tls-cert']),
              resolvePath(io.cwd, values['tls-key']),
            )
          : selfSignedIdentity(`${caseFilePath}.tls`, names);
    }
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
    // Centre mode: runs are crawled by workers through the queue (decision 0112).
    const queue = values.redis ? centreQueueOnRedis(values.redis) : null;
    if (queue) engine.crawlManager().queue = queue;
    const host = await startHeadlessHost({
      engine,
      rendererDir: join(root, 'out', 'renderer'),
      port: listen?.port ?? port,
      ...(listen && tls
        ? {
            listenHost: listen.host,
            tls: { cert: tls.cert, key: tls.key },
            serverNames: names,
          }
        : {}),
    });
    io.stdout.write(`Jium ${engine.version} is serving ${caseFilePath}\n`);
    if (tls) {
      const made = {
        created: 'made now',
        kept: 'kept',
        renewed: 'renewed',
        centre: 'the centre’s',
      };
      io.stdout.write(
        `Centre server (TLS, certificate ${made[tls.source]}, valid until ${tls.notAfter.toISOString().slice(0, 10)}).\n`,
      );
      io.stdout.write(`Certificate key fingerprint (SHA-256): ${tls.fingerprint}\n`);
      io.stdout.write(`Certificate fingerprint (SHA-256): ${tls.certificateFingerprint}\n`);
    }
    if (queue) io.stdout.write(`Crawls are queued for workers on ${values.redis}\n`);
    io.stdout.write(`Open: ${host.url}\n`);
    // Scheduled crawls run while Jium serves, whoever is (or is not) signed in.
    // A server continues the crawls a stop or a crash cut short, whoever started them.
    void engine.startCrawlSchedules({ resumeInterrupted: true });
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
    await queue?.close();
    await host.close();
    engine.close();
    return 0;
  },
};
