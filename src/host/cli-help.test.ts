/**
 * `jium <command> --help` prints that command's usage and exits 0 (issue 17 #5); it said
 * "Unknown option '--help'" and exited 2. An argument after `--` is not an option.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './cli';
import { COMMANDS } from './commands';

async function run(argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (c: Buffer) => (chunks.out += c.toString()));
  err.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await main(argv, {
    stdout: out,
    stderr: err,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  });
  return { code, ...chunks };
}

describe('jium <command> --help', () => {
  it.each(COMMANDS.map((c) => [c.name, c.usage]))(
    '%s --help prints its usage',
    async (name, usage) => {
      for (const flag of ['--help', '-h']) {
        const r = await run([name, flag]);
        expect(r.code, `${name} ${flag}`).toBe(0);
        expect(r.out).toBe(`${usage}\n`);
        expect(r.err).toBe('');
      }
    },
  );

  it('keeps an argument after -- for the command', async () => {
    const r = await run(['fingerprint', '--', '--help']);
    expect(r.out).not.toContain('Usage');
    expect(r.code).not.toBe(0); // a file named --help that does not exist
  });
});
