/**
 * Shared by the domain's tests: where Meta's PDQ reference vectors live (../shared/pdq-vectors,
 * beside the clone) and how to read their expected-value CSV files.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/engine/fingerprint/test-support.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The reference vectors folder; tests fail loudly when it is missing rather than skip. */
export const vectorsDir = path.resolve(repoRoot, '../shared/pdq-vectors');

/** One expected hash from a vectors CSV. */
export interface VectorRow {
  hex: string;
  quality: number | undefined;
  file: string;
}

/** Reads `expected/<name>`; rows whose image is not in the folder are left out. */
export function readVectors(name: string): VectorRow[] {
  const text = readFileSync(path.join(vectorsDir, 'expected', name), 'utf8');
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [hex = '', q = '', file = ''] = l.split(',');
      return { hex, quality: q === '' ? undefined : Number(q), file: path.join(vectorsDir, file) };
    })
    .filter((r) => existsSync(r.file));
}
