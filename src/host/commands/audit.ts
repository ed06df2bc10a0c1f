import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openAsOperator } from '../operator';

/**
 * `jium audit verify`: walks the case file's audit chain and checks it against its anchor (the
 * entry count and head hash kept outside the log, decision 0043), through the contract's
 * `audit.verify` as a local operator in the admin role; the verification is audited when it holds.
 * It needs no account; with the passphrase it also checks the anchor's sealed copy, which a
 * rewrite of the file cannot forge.
 */
export const command: CliCommand = {
  name: 'audit',
  summary: 'Verify the audit log’s hash chain and anchor: jium audit verify',
  usage: `jium audit verify [--case-file PATH] [--passphrase-file PATH] [--json]

Checks every entry of the audit log against the previous one, and the log against its anchor
(entries and head hash kept outside it). Prints
  ok<TAB>N entries<TAB>head HASH<TAB>anchor holds (HOW)
  broken<TAB>entry N<TAB>reason<TAB>(M entries before it hold)<TAB>anchor FINDING (HOW)
where FINDING is holds, truncated (entries cut off or removed), rewritten, forged (the sealed copy
was replaced) or missing, and HOW is checked (the sealed copy, opened with the passphrase from
--passphrase-file or $JIUM_PASSPHRASE), no-key (only the plain copy: give the passphrase) or
not-sealed (the file has no sealed copy). Exit code 0 when both hold, 3 when an entry was
changed, removed or reordered or the anchor names a truncation or rewrite.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        ...CASE_FILE_OPTION,
        'passphrase-file': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals[0] !== 'verify' || positionals.length !== 1) {
      io.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const op = await openAsOperator({
      io,
      role: 'admin',
      caseFile: values['case-file'],
      passphraseFile: values['passphrase-file'],
      useKeys: true,
    });
    try {
      const result = await op.call('audit.verify', {});
      const anchor = `anchor ${result.anchor.finding} (${result.anchor.sealed})`;
      if (values.json) io.stdout.write(JSON.stringify(result) + '\n');
      else if (result.ok)
        io.stdout.write(`ok\t${result.entries} entries\thead ${result.head ?? '-'}\t${anchor}\n`);
      else
        io.stdout.write(
          `broken\tentry ${result.firstBroken.seq}\t${result.firstBroken.reason}\t(${result.entries} entries before it hold)\t${anchor}\n`,
        );
      return result.ok ? 0 : 3;
    } finally {
      op.close();
    }
  },
};
