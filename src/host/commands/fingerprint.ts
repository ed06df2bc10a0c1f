/**
 * `jium fingerprint <files or folders…>`: prints every image's and video's hashes as TSV
 * (`path algo hex`) or JSON lines; bad files go to stderr as `path error-code message` and make the
 * exit code 1. Images come first, then videos (each in input order).
 */
import { parseArgs } from 'node:util';
import {
  bytesToHex,
  expandInputs,
  splitVideoInputs,
  type Fingerprint,
  type VideoFingerprint,
} from '../../engine';
import type { CliCommand } from '../cli-types';
import { hashFiles } from '../image-batch';
import { tsvField } from '../tsv';
import { hashVideos } from '../video-batch';

const usage = `Usage: jium fingerprint [--json] [--variants] [--candidate] <files or folders…>

Prints one line per image and hash: path, algorithm (sha256, pdq, blockhash), hex.
Videos (mp4 mov m4v webm mkv avi 3gp) print sha256, then one line per sampled frame (vPDQ) with
algorithm "vpdq/<seconds>/<quality>" and the frame's PDQ hex; they follow the images.
  --json        one JSON object per image instead (hashes, PDQ quality, size, format, low-quality);
                for a video: duration, size, sampling, sampled (cut at a cap) and its frames
  --variants    also print every variant hash as algo "pdq/<region>/<orientation>"
  --candidate   compute candidate variants (as the crawler does) instead of reference variants;
                videos are then sampled once a second (as the crawler does) instead of 5 times
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

/** One video's TSV lines: its SHA-256, then each sampled frame's PDQ. */
function videoTsv(path: string, sha256: string, fp: VideoFingerprint): string {
  const file = tsvField(path);
  const lines = [`${file}\tsha256\t${sha256}`];
  for (const f of fp.frames) {
    lines.push(`${file}\tvpdq/${f.timestampS.toFixed(3)}/${f.quality}\t${bytesToHex(f.pdq)}`);
  }
  return lines.join('\n') + '\n';
}

/** One video as a JSON object. */
export function videoJson(file: string, sha256: string, fp: VideoFingerprint): object {
  return {
    path: file,
    kind: 'video',
    sha256,
    durationS: fp.durationS,
    width: fp.width,
    height: fp.height,
    sampleEveryS: fp.sampleEveryS,
    sampled: fp.sampled,
    frames: fp.frames.map((f) => ({
      timestampS: f.timestampS,
      pdq: bytesToHex(f.pdq),
      quality: f.quality,
    })),
  };
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
  summary: 'Print the hashes (SHA-256, PDQ, blockhash; vPDQ for videos) of images and videos',
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
    const { videos, rest } = await splitVideoInputs(positionals, io.cwd);
    const files = await expandInputs(rest, io.cwd);
    const role = values.candidate ? 'candidate' : 'reference';
    let failed = await hashFiles(io, files, role, (r) => {
      if (!r.ok) return;
      io.stdout.write(
        values.json
          ? JSON.stringify(fingerprintJson(r.path, r.fingerprint, values.variants === true)) + '\n'
          : tsv(r.path, r.fingerprint, values.variants === true),
      );
    });
    failed += await hashVideos(io, videos, role, (r) => {
      if (!r.ok) return;
      io.stdout.write(
        values.json
          ? JSON.stringify(videoJson(r.path, r.sha256, r.fingerprint)) + '\n'
          : videoTsv(r.path, r.sha256, r.fingerprint),
      );
    });
    return failed > 0 ? 1 : 0;
  },
};
