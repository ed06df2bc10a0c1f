/**
 * Hashes image files for `jium fingerprint` and `jium match`: a pure computation on files named on
 * the command line (no case file, decision 0090), through the engine's public entry.
 */
import sharp from 'sharp';
import { fingerprintBatch, progressLine, type BatchResult } from '../engine';
import type { CliIO } from './cli-types';
import { tsvField } from './tsv';

/**
 * Fingerprints `files` in input order, calling `onResult` for each. A file that fails is also
 * written to stderr as `path<TAB>error-code<TAB>message`; on a terminal a progress line (followed
 * by `label`) is drawn in place on stderr and cleared at the end. Resolves to the number of
 * files that failed.
 */
export async function hashFiles(
  io: CliIO,
  files: string[],
  role: 'reference' | 'candidate',
  onResult: (r: BatchResult) => void,
  label = '',
): Promise<number> {
  // Parallelism comes from several images in flight; one libvips thread each keeps the hashing
  // thread from being crowded out (bench/RESULTS.md: 0.31 -> 0.65 of decode-only throughput).
  sharp.concurrency(1);
  const started = Date.now();
  let failed = 0;
  await fingerprintBatch(files, io.cwd, { role }, (r, done) => {
    if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
    if (!r.ok) {
      failed++;
      io.stderr.write(`${tsvField(r.path)}\t${r.error.code}\t${tsvField(r.error.message)}\n`);
    }
    onResult(r);
    if (io.stderrIsTTY) io.stderr.write(progressLine(done, files.length, started) + label);
  });
  if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
  return failed;
}
