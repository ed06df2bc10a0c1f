import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openAsOperator } from '../operator';

/**
 * `jium worker-code`: on the centre server's machine, an admin makes the one-time code a crawl
 * worker enrols with, lists the enrolled workers, or revokes one — as a local operator in the
 * admin role, through the contract (workers.createCode, workers.list, workers.revoke), audited.
 */
export const command: CliCommand = {
  name: 'worker-code',
  summary: 'Make a one-time code that enrols a crawl worker; list or revoke workers',
  usage: `jium worker-code create --label TEXT [--case-file PATH]
jium worker-code list [--case-file PATH]
jium worker-code revoke ID [--case-file PATH]

create prints the code (valid for one enrolment within 24 hours) for
  jium worker --server https://HOST:PORT --pin FINGERPRINT --code CODE
on the worker's machine. list prints ID, label, enrolled, last seen and revoked (TSV). revoke
refuses that worker's next call at once.`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { ...CASE_FILE_OPTION, label: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [action, id] = positionals;
    const valid =
      (action === 'create' && values.label && positionals.length === 1) ||
      (action === 'list' && positionals.length === 1) ||
      (action === 'revoke' && /^\d+$/.test(id ?? '') && positionals.length === 2);
    if (!valid) {
      io.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const op = await openAsOperator({ io, role: 'admin', caseFile: values['case-file'] });
    try {
      if (action === 'create') {
        const code = await op.call('workers.createCode', { label: values.label! });
        io.stdout.write(`${code.code}\n`);
        io.stderr.write(`One enrolment, until ${code.expiresAt}.\n`);
      } else if (action === 'list') {
        for (const w of await op.call('workers.list', {}))
          io.stdout.write(
            `${w.id}\t${w.label}\t${w.enrolledAt}\t${w.lastSeenAt ?? '-'}\t${w.revokedAt ?? '-'}\n`,
          );
      } else {
        const w = await op.call('workers.revoke', { id: Number(id) });
        io.stdout.write(`${w.id}\t${w.label}\trevoked ${w.revokedAt}\n`);
      }
      return 0;
    } finally {
      op.close();
    }
  },
};
