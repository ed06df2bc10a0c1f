/**
 * `jium match --refs <folder> <candidates…>`: fingerprints the reference images, then each
 * candidate, and prints one TSV line per candidate: candidate, best reference (or "-"), verdict,
 * distance, algorithm. The references sit behind the ReferenceSet seam, answered by the
 * similarity index (src/engine/similarity), which returns exactly what BruteForceReferenceSet would.
 */
import { parseArgs } from 'node:util';
import { bestMatch, expandInputs, IndexedReferenceSet, type BatchResult } from '../../engine';
import type { CliCommand } from '../cli-types';
import { hashFiles } from '../image-batch';
import { tsvField } from '../tsv';

const usage = `Usage: jium match --refs <folder> [--json] <candidate files or folders…>

Prints one line per candidate:
  candidate<TAB>best-reference-or-"-"<TAB>verdict<TAB>distance<TAB>algorithm
verdict is match, no-match, low-quality (too little detail to decide) or error (then the
algorithm column holds the error code, and stderr has "path<TAB>error-code<TAB>message").
The exit code is 1 if any reference or candidate could not be read. A tab, newline, carriage
return or backslash in a path is written as \\t, \\n, \\r or \\\\.`;

export const command: CliCommand = {
  name: 'match',
  summary: 'Match candidate images against a folder of reference images',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { refs: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.refs || positionals.length === 0) {
      io.stderr.write(usage + '\n');
      return 2;
    }
    const refs = new IndexedReferenceSet();
    const refFiles = await expandInputs([values.refs], io.cwd);
    let failed = await hashFiles(
      io,
      refFiles,
      'reference',
      (r) => {
        if (r.ok) refs.add(r.path, r.fingerprint);
      },
      'references',
    );
    const files = await expandInputs(positionals, io.cwd);
    const onCandidate = (r: BatchResult) => {
      if (!r.ok) {
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, verdict: 'error', error: r.error.code }) + '\n'
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\n`,
        );
        return;
      }
      const best = bestMatch(refs, r.fingerprint);
      const c = best.comparison;
      const ref = c.verdict === 'match' ? (best.referenceId ?? '-') : '-';
      io.stdout.write(
        values.json
          ? JSON.stringify({ candidate: r.path, reference: ref === '-' ? null : ref, ...c }) + '\n'
          : `${tsvField(r.path)}\t${tsvField(ref)}\t${c.verdict}\t${c.distance}\t${c.algo}\n`,
      );
    };
    failed += await hashFiles(io, files, 'candidate', onCandidate, 'candidates');
    return failed > 0 ? 1 : 0;
  },
};
