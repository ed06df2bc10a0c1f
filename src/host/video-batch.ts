/**
 * Fingerprints video files for `jium fingerprint` and `jium match`, as image-batch.ts does for
 * images: a pure computation on files named on the command line (no case file, decision 0090),
 * through the engine's public entry. Bad files go to stderr as `path<TAB>error-code<TAB>message`.
 */
import { fingerprintVideoBatch, type VideoBatchResult } from '../engine';
import type { CliIO } from './cli-types';
import { tsvField } from './tsv';

/** Fingerprints `files` in order, calling `onResult` for each; resolves to the number that failed. */
export async function hashVideos(
  io: CliIO,
  files: string[],
  role: 'reference' | 'candidate',
  onResult: (r: VideoBatchResult) => void,
  label = '',
): Promise<number> {
  let failed = 0;
  await fingerprintVideoBatch(files, io.cwd, { role }, (r, done) => {
    if (io.stderrIsTTY) io.stderr.write('\r\x1b[K');
    if (!r.ok) {
      failed++;
      io.stderr.write(`${tsvField(r.path)}\t${r.error.code}\t${tsvField(r.error.message)}\n`);
    }
    onResult(r);
    if (io.stderrIsTTY) io.stderr.write(`\r${done}/${files.length} videos ${label}`);
  });
  if (io.stderrIsTTY && files.length > 0) io.stderr.write('\r\x1b[K');
  return failed;
}
