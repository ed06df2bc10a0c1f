/**
 * `jium fingerprint <files or folders…>`: prints every image's hashes as TSV (`path algo hex`) or
 * JSON lines; bad files go to stderr as `path error-code message` and make the exit code 1.
 */
import { parseArgs } from 'node:util';
import { bytesToHex, expandInputs, type Fingerprint } from '../../engine';
import type { CliCommand } from '../cli-types';
import { hashFiles } from '../image-batch';
import { tsvField } from '../tsv';

const usage = `Usage: jium fingerprint [--json] [--variants] [--candidate] <files or folders…>

Prints one line per image and hash: path, algorithm (sha256, pdq, blockhash), hex.
  --json        one JSON object per image instead (hashes, PDQ quality, size, format, low-quality)
  --variants    also print every variant hash as algo "pdq/<region>/<orientation>"
  --candidate   compute candidate variants (as the crawler does) instead of reference variants
Errors go to stderr as "path<TAB>error-code<TAB>message"; the exit code is 1 if any file failed.
A tab, newline, carriage return or backslash in a path or message is written as \\t, \\n, \\r or \\\\.`;

/** One image's TSV lines. */
function tsv(path: string, fp: Fingerprint, variants: boolean): string {
  const file = tsvField(path);
  const lines = [
    `${file}\tsha256\t${fp.sha256}`,
    `${file}\tpdq\t${fp.pdq.hex}`,
    `${file}\tblockhash\t${fp.blockhash.hex}`,
  ];
  if (variants) {
    for (const v of fp.variants) {
      lines.push(`${file}\t${v.algo}/${v.region}/${v.transform}\t${bytesToHex(v.hash)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** One image as a JSON object. */
export function fingerprintJson(file: string, fp: Fingerprint, variants: boolean): object {
  return {
    path: file,
    sha256: fp.sha256,
    format: fp.format,
    width: fp.width,
    height: fp.height,
    pdq: fp.pdq.hex,
    pdqQuality: fp.pdq.quality,
    blockhash: fp.blockhash.hex,
    lowQuality: fp.lowQuality,
    ...(variants
      ? {
          variants: fp.variants.map((v) => ({
            algo: v.algo,
            region: v.region,
            transform: v.transform,
            hash: bytesToHex(v.hash),
          })),
        }
      : {}),
  };
}

export const command: CliCommand = {
  name: 'fingerprint',
  summary: 'Print the hashes (SHA-256, PDQ, blockhash) of images or folders of images',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        variants: { type: 'boolean' },
        candidate: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) {
      io.stderr.write(usage + '\n');
      return 2;
    }
    const files = await expandInputs(positionals, io.cwd);
    const role = values.candidate ? 'candidate' : 'reference';
    const failed = await hashFiles(io, files, role, (r) => {
      if (!r.ok) return;
      io.stdout.write(
        values.json
          ? JSON.stringify(fingerprintJson(r.path, r.fingerprint, values.variants === true)) + '\n'
          : tsv(r.path, r.fingerprint, values.variants === true),
      );
    });
    return failed > 0 ? 1 : 0;
  },
};
