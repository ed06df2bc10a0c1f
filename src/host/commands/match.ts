/**
 * `jium match --refs <folder> <candidates…>`: fingerprints the reference images, then each
 * candidate, and prints one TSV line per candidate: candidate, best reference (or "-"), verdict,
 * distance, algorithm. The references sit behind the ReferenceSet seam, answered by the
 * similarity index (src/engine/index), which returns exactly what BruteForceReferenceSet would.
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';

import {
  bestMatch,
  expandInputs,
  fingerprintBatch,
  IndexedReferenceSet,
  progressLine,
} from '../../engine';
import type { CliCommand } from '../cli-types';
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
    // Parallelism comes from several images in flight; one libvips thread each keeps the hashing
    // thread from being crowded out (bench/RESULTS.md: 0.31 -> 0.65 of decode-only throughput).
    sharp.concurrency(1);
    let failed = 0;
    const started = Date.now();
    const progress = (done: number, total: number, what: string) => {
      if (io.stderrIsTTY) io.stderr.write(`${progressLine(done, total, started)}${what}`);
    };
    const refs = new IndexedReferenceSet();
    const refFiles = await expandInputs([values.refs], io.cwd);
    await fingerprintBatch(refFiles, io.cwd, { role: 'reference' }, (r, done) => {
      if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
      if (r.ok) refs.add(r.path, r.fingerprint);
      else {
        failed++;
        io.stderr.write(`${tsvField(r.path)}\t${r.error.code}\t${tsvField(r.error.message)}\n`);
      }
      progress(done, refFiles.length, 'references');
    });
    const files = await expandInputs(positionals, io.cwd);
    await fingerprintBatch(files, io.cwd, { role: 'candidate' }, (r, done) => {
      if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
      if (!r.ok) {
        failed++;
        io.stderr.write(`${tsvField(r.path)}\t${r.error.code}\t${tsvField(r.error.message)}\n`);
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, verdict: 'error', error: r.error.code }) + '\n'
            : `${tsvField(r.path)}\t-\terror\t-\t${r.error.code}\n`,
        );
      } else {
        const best = bestMatch(refs, r.fingerprint);
        const c = best.comparison;
        const ref = c.verdict === 'match' ? (best.referenceId ?? '-') : '-';
        io.stdout.write(
          values.json
            ? JSON.stringify({ candidate: r.path, reference: ref === '-' ? null : ref, ...c }) +
                '\n'
            : `${tsvField(r.path)}\t${tsvField(ref)}\t${c.verdict}\t${c.distance}\t${c.algo}\n`,
        );
      }
      progress(done, files.length, 'candidates');
    });
    if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
    return failed > 0 ? 1 : 0;
  },
};
