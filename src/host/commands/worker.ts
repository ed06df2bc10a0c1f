import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { headlessDataDir, startCrawlWorker } from '../../engine';
import { ApiError } from '../../shared/errors';
import type { WorkerProposal } from '../../shared/worker-types';
import type { CliCommand } from '../cli-types';
import {
  enrolWorker,
  loadWorkerCredential,
  WorkerLink,
  type WorkerCredentialFile,
} from '../centre/worker-link';

/**
 * `jium worker`: a crawl worker on another machine (issue 16 item 3, decision 0111). The first
 * run enrols with the admin's one-time code through the pinned TLS centre server and keeps the
 * credential in a 0600 file; later runs use it. It signs in and reads what it may (site settings,
 * reference hashes); with --redis it then takes crawl jobs from the centre's queue, fetches and
 * fingerprints, and proposes each job's outcome to the server (decision 0112) until stopped.
 */
export const command: CliCommand = {
  name: 'worker',
  summary: 'Run a crawl worker for a centre server (enrol once with a one-time code)',
  usage: `jium worker --server https://HOST:PORT --pin FINGERPRINT [--code CODE]
            [--credential-file PATH] [--redis redis://HOST:PORT [--concurrency N] [--lock-seconds N]]

--pin is the certificate key fingerprint (SHA-256) the centre server prints; a server with
another key is refused before anything is sent. The first run needs --code (from
\`jium worker-code create\` on the server); the credential is then kept in --credential-file
(default: the data directory's worker-credential.json, mode 0600) and used after. A revoked
worker is refused at its next call and exits with code 3.

--redis: take crawl jobs from the centre's queue (the Redis the server runs with \`jium serve
--redis\`) until SIGINT or SIGTERM: fetch each page or image through the site's guarded fetcher
and pace, fingerprint images, and propose what was fetched to the server, which decides and
records it. --concurrency (default 4) jobs at once; a worker silent for --lock-seconds (default
30) has its jobs given to another.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        server: { type: 'string' },
        pin: { type: 'string' },
        code: { type: 'string' },
        'credential-file': { type: 'string' },
        redis: { type: 'string' },
        concurrency: { type: 'string', default: '4' },
        'lock-seconds': { type: 'string', default: '30' },
      },
      strict: true,
    });
    const file = values['credential-file']
      ? resolve(io.cwd, values['credential-file'])
      : join(headlessDataDir(io.env), 'worker-credential.json');
    let saved: WorkerCredentialFile | null = loadWorkerCredential(file);
    if (!saved) {
      if (!values.server || !values.pin || !values.code) {
        io.stderr.write(`jium worker: not enrolled yet: give --server, --pin and --code\n`);
        return 2;
      }
      saved = await enrolWorker(file, values.server, values.pin, values.code);
      io.stderr.write(`Enrolled as worker ${saved.workerId} (${saved.label}); kept in ${file}\n`);
    }
    const link = new WorkerLink(saved);
    try {
      await link.signIn();
      const config = await link.call('workers.config', {});
      io.stderr.write(
        `Worker ${saved.workerId} signed in to ${saved.server}: ${config.sites.length} sites, ${config.references.length} references.\n`,
      );
    } catch (e) {
      io.stderr.write(`jium worker: ${(e as Error).message}\n`);
      return 3;
    }
    if (!values.redis) {
      io.stderr.write('Enrolment checked.\n');
      return 0;
    }
    return takeJobs(
      link,
      values.redis,
      Number(values.concurrency),
      Number(values['lock-seconds']),
      io,
    );
  },
};

/** Takes crawl jobs until stopped (0) or revoked (3). */
async function takeJobs(
  link: WorkerLink,
  redisUrl: string,
  concurrency: number,
  lockSeconds: number,
  io: Parameters<CliCommand['run']>[1],
): Promise<number> {
  if (!/^rediss?:\/\//.test(redisUrl) || !(concurrency >= 1) || !(lockSeconds >= 1)) {
    io.stderr.write(
      'jium worker: --redis redis://HOST:PORT, --concurrency and --lock-seconds >= 1\n',
    );
    return 2;
  }
  let done: (code: number) => void = () => undefined;
  const ended = new Promise<number>((r) => (done = r));
  const propose = async (proposal: WorkerProposal) => {
    try {
      await link.call('workers.propose', proposal);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'unauthenticated') throw e;
      // The server restarted (sessions live in its memory): sign in again, once. Revoked: stop.
      try {
        await link.signIn();
      } catch (again) {
        io.stderr.write(`jium worker: ${(again as Error).message}\n`);
        done(3);
        throw again;
      }
      await link.call('workers.propose', proposal);
    }
  };
  const worker = startCrawlWorker({
    redisUrl,
    config: await link.call('workers.config', {}),
    reloadConfig: () => link.call('workers.config', {}),
    propose,
    concurrency,
    lockDurationMs: lockSeconds * 1000,
    stalledIntervalMs: lockSeconds * 1000,
  });
  worker.on('ready', () => io.stderr.write(`Taking crawl jobs from ${redisUrl}.\n`));
  const stop = () => done(0);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await ended;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await worker.close();
  return code;
}
