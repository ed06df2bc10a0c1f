import { parseArgs } from 'node:util';
import { openCaseFile, verifyAudit } from '../../engine';
import type { CliCommand } from '../cli-types';
import { resolveCaseFile } from '../host-env';

/**
 * `jium audit verify`: walks the case file's audit chain and names the first broken entry. Needs
 * no passphrase and no account: the chain holds no secrets, and checking it must not depend on
 * the software whose actions it records being honest.
 */
export const command: CliCommand = {
  name: 'audit',
  summary: 'Verify the audit log’s hash chain: jium audit verify',
  usage: `jium audit verify [--case-file PATH] [--json]

Checks every entry of the audit log against the previous one. Exit code 0 when the chain holds,
3 when an entry was changed, removed or reordered (the first broken entry is printed).`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { 'case-file': { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals[0] !== 'verify' || positionals.length !== 1) {
      io.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const file = openCaseFile(resolveCaseFile(values['case-file'], io.env, io.cwd), {
      create: false,
    });
    try {
      const result = verifyAudit(file.db);
      if (values.json) io.stdout.write(JSON.stringify(result) + '\n');
      else if (result.ok)
        io.stdout.write(`ok\t${result.entries} entries\thead ${result.head ?? '-'}\n`);
      else
        io.stdout.write(
          `broken\tentry ${result.firstBroken.seq}\t${result.firstBroken.reason}\t(${result.entries} entries before it hold)\n`,
        );
      return result.ok ? 0 : 3;
    } finally {
      file.close();
    }
  },
};
