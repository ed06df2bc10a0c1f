/**
 * host/ owns the ways to run the engine without Electron: the `jium` CLI (this file dispatches to
 * src/host/commands/*) and the headless HTTP host (http-host.ts). Like the Electron host it imports
 * only the engine's public entry (src/engine/index.ts; a lint rule enforces it) and changes state
 * only through the contract: a command that opens a case file calls `engine.call` as a local
 * operator in one role (operator.ts, src/engine/core/operator.ts), so roles, validation and the
 * audit apply as for anyone signed in. `fingerprint` and `match` open no case file.
 */
import type { CliCommand, CliIO } from './cli-types';
import { COMMANDS } from './commands';
import { jiumVersion } from './host-env';

function help(io: CliIO): void {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  io.stdout.write(
    `Jium (지움) ${jiumVersion()} — find and take down re-uploads of victims' images.\n\n` +
      `Usage: jium <command> [options]\n\nCommands:\n` +
      COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
      `\n  ${'help'.padEnd(width)}  Show this help, or a command's: jium help <command>\n`,
  );
}

/** Runs the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] && COMMANDS.find((c) => c.name === rest[0]);
    if (topic) io.stdout.write(topic.usage + '\n');
    else help(io);
    return 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(jiumVersion() + '\n');
    return 0;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`jium: unknown command "${name}". Run "jium help" for the list.\n`);
    return 2;
  }
  // `jium <command> --help` (before any `--`): the command's usage, not "Unknown option".
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`jium ${name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`jium ${name}: ${err.message}\n`);
    return 1;
  }
}

const isEntry =
  import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/out/host/cli.js');
if (isEntry) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`jium: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
