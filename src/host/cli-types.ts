/**
 * The shape of one `jium` sub-command. Each command lives in src/host/commands/<name>.ts and is
 * listed in src/host/commands/index.ts; src/host/cli.ts only parses the command name and dispatches.
 */
export interface CliIO {
  /** Standard output: machine-readable results (TSV or JSON), nothing else. */
  stdout: NodeJS.WritableStream;
  /** Standard error: errors, warnings and progress. */
  stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal, so progress may be drawn in place. */
  stderrIsTTY: boolean;
  /** The process environment (for JIUM_* settings). */
  env: NodeJS.ProcessEnv;
  /** The working directory relative paths resolve against. */
  cwd: string;
}

export interface CliCommand {
  /** The sub-command word, e.g. `fingerprint`. */
  name: string;
  /** One line for `jium help`. */
  summary: string;
  /** Usage text printed by `jium help <name>` and on a usage error. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}
