import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { headlessDataDir } from '../../engine';
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
 * reference hashes); taking crawl jobs from the centre's queue is the next step (issue 16).
 */
export const command: CliCommand = {
  name: 'worker',
  summary: 'Run a crawl worker for a centre server (enrol once with a one-time code)',
  usage: `jium worker --server https://HOST:PORT --pin FINGERPRINT [--code CODE]
            [--credential-file PATH]

--pin is the certificate key fingerprint (SHA-256) the centre server prints; a server with
another key is refused before anything is sent. The first run needs --code (from
\`jium worker-code create\` on the server); the credential is then kept in --credential-file
(default: the data directory's worker-credential.json, mode 0600) and used after. A revoked
worker is refused at its next call and exits with code 3.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        server: { type: 'string' },
        pin: { type: 'string' },
        code: { type: 'string' },
        'credential-file': { type: 'string' },
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
    io.stderr.write('Enrolment checked.\n');
    return 0;
  },
};
