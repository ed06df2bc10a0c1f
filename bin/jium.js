#!/usr/bin/env node
// The `jium` command: runs the built CLI (npm run build makes out/host/cli.js) under Node 24.
// Jium needs Node 24 (node:zlib's zstd, among others). `npm ci` brings its own Node 24 into
// node_modules/node; when this file is started by an older Node (a system Node 20, say), it
// starts itself again under that one. This file must stay parseable by old Node versions.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NEEDED = 24;
const major = Number(process.versions.node.split('.')[0]);

if (major < NEEDED) {
  const dir = fileURLToPath(new URL('../node_modules/node/bin/', import.meta.url));
  const own = [`${dir}node`, `${dir}node.exe`].find((p) => existsSync(p));
  if (!own || process.env.JIUM_NODE_REEXEC === '1') {
    process.stderr.write(
      `jium: Jium needs Node.js ${NEEDED} and this is ${process.version}. ` +
        'Run "npm ci" in the Jium folder (it brings Node 24 along), or install Node 24.\n',
    );
    process.exit(1);
  }
  const child = spawn(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, JIUM_NODE_REEXEC: '1' },
  });
  // Ctrl-C reaches the child from the terminal itself (jium crawl pauses on it): this process
  // waits for the child instead of dying first; a TERM sent to this process is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
} else {
  const cli = fileURLToPath(new URL('../out/host/cli.js', import.meta.url));
  if (!existsSync(cli)) {
    process.stderr.write('jium: not built yet. Run "npm run build" in the Jium folder first.\n');
    process.exit(1);
  }
  const { main } = await import(cli);
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  });
}
