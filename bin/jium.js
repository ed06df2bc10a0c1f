#!/usr/bin/env node
// The `jium` command: runs the built CLI (npm run build makes out/host/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
