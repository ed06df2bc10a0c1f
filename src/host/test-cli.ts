/**
 * Test support for the `jium` CLI: bundles src/host/cli.ts and the crawl worker the way
 * scripts/build-host.mjs does (into node_modules/.cache, so packages resolve as in out/host/) and
 * runs the result as a real child process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../..');

/** esbuild settings of an entry run by plain Node, as scripts/build-host.mjs bundles them. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  banner: {
    js: "import { createRequire as __jiumCreateRequire } from 'node:module'; const require = __jiumCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
} as const;

/** Builds the CLI and its crawl worker into their own folder (one per test file: they run in parallel). */
export async function buildTestCli(name: string): Promise<string> {
  const outdir = join(ROOT, 'node_modules/.cache', `jium-cli-${name}`);
  await build({
    entryPoints: {
      cli: join(ROOT, 'src/host/cli.ts'),
      'crawl-worker': join(ROOT, 'src/engine/crawl/worker.ts'),
      'video-worker': join(ROOT, 'src/engine/video/worker.ts'),
      'hash-worker': join(ROOT, 'src/engine/crawl/hash-worker.ts'),
    },
    outdir,
    ...NODE_BUNDLE,
  });
  return join(outdir, 'cli.js');
}

/** A running `jium` child process with its output collected. */
export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves to the exit code (or the signal's name). */
  exit: Promise<number | string>;
}

export function runCli(cli: string, args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | string>((resolveExit) =>
    child.on('close', (code, signal) => resolveExit(code ?? signal ?? -1)),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}
