/**
 * Test support for the centre with real processes (issue 16): `jium serve --listen … [--redis …]`
 * and `jium worker --redis …` as child processes of a built CLI (src/host/test-cli.ts or
 * out/host/cli.js), each waited for until it says it is ready. Used by the centre crawl tests and
 * bench/centre-workers.bench.ts.
 */
import { runCli, type CliRun } from '../host/test-cli';

export { freePort } from './redis';

/** Polls until `ready()`; throws with the process's output when it exits or a minute passes. */
async function waitUntil(run: CliRun, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${what} did not start: ${run.stderr()} ${run.stdout()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A running centre server: its process, its https origin and the key fingerprint it printed. */
export interface ServeRun {
  run: CliRun;
  origin: string;
  pin: string;
}

const OPEN = /Open: (https:\/\/\S+)/;

/**
 * Runs `jium serve --case-file FILE --listen 127.0.0.1:PORT [--redis URL]` (port 0: any) and
 * waits for the address and fingerprint it prints. `track` gets the process before the wait, so
 * a caller's clean-up stops it even when the start fails.
 */
export async function startServe(
  cli: string,
  o: {
    caseFile: string;
    port?: number;
    redisUrl?: string;
    env?: Record<string, string>;
    track?: CliRun[];
  },
): Promise<ServeRun> {
  const run = runCli(
    cli,
    [
      ...['serve', '--case-file', o.caseFile, '--listen', `127.0.0.1:${o.port ?? 0}`],
      ...(o.redisUrl ? ['--redis', o.redisUrl] : []),
    ],
    o.env,
  );
  o.track?.push(run);
  await waitUntil(run, () => OPEN.test(run.stdout()), 'serve');
  return {
    run,
    origin: new URL(OPEN.exec(run.stdout())![1]!).origin,
    pin: /Certificate key fingerprint \(SHA-256\): (\S+)/.exec(run.stdout())![1]!,
  };
}

/**
 * Runs `jium worker` enrolled with a one-time `code` on the server at `origin` (pinned by `pin`),
 * taking jobs from `redisUrl`; resolves once it takes jobs.
 */
export async function startWorker(
  cli: string,
  o: {
    origin: string;
    pin: string;
    code: string;
    credentialFile: string;
    redisUrl: string;
    concurrency: number;
    lockSeconds: number;
    track?: CliRun[];
  },
): Promise<CliRun> {
  const run = runCli(cli, [
    'worker',
    ...['--server', o.origin, '--pin', o.pin, '--code', o.code],
    ...['--credential-file', o.credentialFile, '--redis', o.redisUrl],
    ...['--concurrency', String(o.concurrency), '--lock-seconds', String(o.lockSeconds)],
  ]);
  o.track?.push(run);
  await waitUntil(run, () => run.stderr().includes('Taking crawl jobs'), 'worker');
  return run;
}
