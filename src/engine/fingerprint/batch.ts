/**
 * Fingerprinting many files: folder expansion, bounded concurrency (sharp decodes on libuv's
 * thread pool while hashing runs here, so all cores stay busy), and per-file results in which a
 * bad file is an error entry, never the end of the batch.
 */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_LIMITS } from './decode';
import { asFingerprintError } from './errors';
import type { FingerprintError } from './errors';
import { fingerprint } from './fingerprint';
import { readImageFile } from './read-file';
import type { Fingerprint, FingerprintOptions } from './fingerprint';

/** File name endings taken from folders (files named explicitly are always tried). */
const IMAGE_EXT = /\.(jpe?g|jfif|png|webp|gif|avif|heic|heif|tiff?|bmp)$/i;

/** Expands folders (recursively, sorted) into image files; plain paths are kept as given. */
export async function expandInputs(inputs: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let isDir = false;
    try {
      isDir = (await stat(full)).isDirectory();
    } catch {
      // Missing paths stay in the list so the batch reports them as io-error.
    }
    if (!isDir) {
      out.push(input);
      continue;
    }
    const entries = await readdir(full, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && IMAGE_EXT.test(e.name))
      .map((e) => path.join(path.relative(cwd, e.parentPath) || '.', e.name))
      .sort();
    out.push(...files);
  }
  return out;
}

/** One file's outcome. */
export type BatchResult =
  | { path: string; ok: true; fingerprint: Fingerprint }
  | { path: string; ok: false; error: FingerprintError };

/**
 * Reads (a regular file only, size checked first, read with a cap: read-file.ts) and fingerprints
 * one file, turning every failure into a FingerprintError.
 */
export async function fingerprintFile(
  file: string,
  cwd: string,
  options: FingerprintOptions,
): Promise<BatchResult> {
  let bytes: Buffer;
  try {
    bytes = await readImageFile(
      path.resolve(cwd, file),
      options.limits?.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes,
    );
  } catch (e) {
    return { path: file, ok: false, error: asFingerprintError(e, 'io-error') };
  }
  try {
    return { path: file, ok: true, fingerprint: await fingerprint(bytes, options) };
  } catch (e) {
    return { path: file, ok: false, error: asFingerprintError(e, 'corrupt') };
  }
}

/**
 * Fingerprints files with `concurrency` in flight (default: two per core, so that one image's
 * hashing overlaps another's decoding), calling `onResult` in input order.
 */
export async function fingerprintBatch(
  files: string[],
  cwd: string,
  options: FingerprintOptions,
  onResult: (r: BatchResult, done: number) => void,
  concurrency = Math.max(2, os.availableParallelism() * 2),
): Promise<void> {
  const results = new Map<number, BatchResult>();
  let next = 0;
  let emitted = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results.set(i, await fingerprintFile(files[i] ?? '', cwd, options));
      // Emit in input order so output is reproducible whatever the scheduling.
      for (let r = results.get(emitted); r; r = results.get(emitted)) {
        results.delete(emitted);
        emitted++;
        onResult(r, emitted);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
}

/** A progress line for a terminal: drawn in place, cleared at the end. */
export function progressLine(done: number, total: number, started: number): string {
  const secs = (Date.now() - started) / 1000;
  const rate = secs > 0 ? done / secs : 0;
  return `\r${done}/${total} images, ${rate.toFixed(1)}/s `;
}
