import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-types';
import { CASE_FILE_OPTION, openAsOperator } from '../operator';

const USAGE = `jium hashlist import FILE --name NAME [--source TEXT] [--kind match|benign]
                    [--distance BITS] [--case-file PATH]
jium hashlist export [--format csv|pdq-lines|signals] [--case-file PATH] > FILE
jium hashlist list [--case-file PATH] [--json]

import  Reads a hash list (Jium CSV, a CSV with pdq/quality/blockhash/sha256 or signal columns,
        PDQ tool lines "hash,quality,...", "pdq HASH" and "vpdq SIGNAL" lines, or one PDQ hash per
        line) from FILE, line by line, as a reference set crawls match against. Bad rows are
        listed on stderr with their line numbers; the rest is imported. Any size (the app takes up
        to 64 MiB). --kind benign: entries are known harmless pictures that keep matches out of
        review. --distance: PDQ bits at or under which an image matches (default 20).
export  Writes the hashes of confirmed content (no images, URLs, case codes or dates) to stdout;
        --format signals writes "pdq HASH" and "vpdq SIGNAL" lines (python-threatexchange).
list    Lists the imported lists (TSV: id, name, entries, merged, rejected, enabled, source,
        kind, distance, quarantined or ok).
Imports and exports are recorded in the audit log. See docs/hash-lists.md.`;

/** `jium hashlist`: hash-list exchange from the command line (docs/hash-lists.md). */
export const command: CliCommand = {
  name: 'hashlist',
  summary: 'Import, export and list hash lists: jium hashlist import|export|list',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        ...CASE_FILE_OPTION,
        name: { type: 'string' },
        source: { type: 'string', default: '' },
        format: { type: 'string', default: 'csv' },
        kind: { type: 'string', default: 'match' },
        distance: { type: 'string', default: '20' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [verb, path] = positionals;
    const usage = () => {
      io.stderr.write(`${USAGE}\n`);
      return 2;
    };
    const distance = Number(values.distance);
    if (
      verb === 'import' &&
      (!path ||
        !values.name?.trim() ||
        positionals.length !== 2 ||
        !['match', 'benign'].includes(values.kind) ||
        !Number.isInteger(distance) ||
        distance < 0 ||
        distance > 64)
    ) {
      return usage();
    }
    if (
      verb === 'export' &&
      (positionals.length !== 1 || !['csv', 'pdq-lines', 'signals'].includes(values.format))
    ) {
      return usage();
    }
    if (verb === 'list' && positionals.length !== 1) return usage();
    if (verb !== 'import' && verb !== 'export' && verb !== 'list') return usage();

    // The exchange's use cases through the contract, as a local operator in the staff role:
    // validated, role-checked and audited by the engine (exchange/handlers.ts), as in the app.
    const op = await openAsOperator({ io, role: 'staff', caseFile: values['case-file'] });
    try {
      if (verb === 'list') {
        const lists = await op.call('exchange.lists', {});
        if (values.json) io.stdout.write(JSON.stringify(lists) + '\n');
        for (const l of values.json ? [] : lists) {
          io.stdout.write(
            `${l.id}\t${l.name}\t${l.entries}\t${l.merged}\t${l.rejected}\t${l.enabled ? 'on' : 'off'}\t${l.source}\t${l.kind}\t${l.pdqDistance}\t${l.quarantine ? 'quarantined' : 'ok'}\n`,
          );
        }
        return 0;
      }
      if (verb === 'export') {
        const format = values.format as 'csv' | 'pdq-lines' | 'signals';
        const out = await op.call('exchange.export', { format });
        io.stdout.write(out.text);
        io.stderr.write(`jium hashlist: exported ${out.count} hashes (${format})\n`);
        return 0;
      }
      const s = await op.call('exchange.importFile', {
        name: values.name!.trim(),
        source: values.source,
        kind: values.kind as 'match' | 'benign',
        pdqDistance: distance,
        path: resolve(io.cwd, path!),
      });
      for (const e of s.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`);
      if (s.list.rejected > s.errors.length) {
        io.stderr.write(`… and ${s.list.rejected - s.errors.length} more rejected rows\n`);
      }
      io.stdout.write(
        `${s.list.id}\t${s.list.format}\t${s.list.entries} entries\t${s.list.merged} merged\t${s.list.rejected} rejected\t${s.flaggedSeen} seen images to re-check\n`,
      );
      return 0;
    } finally {
      op.close();
    }
  },
};
