import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { hamming256, hexToBytes } from '../fingerprint/hash-bits';
import { vectorsDir } from '../fingerprint/test-support';
import { fingerprintVideo } from './fingerprint-video';

const videosDir = path.join(vectorsDir, 'tmk/sample-videos');
const hashesDir = path.join(vectorsDir, 'vpdq/sample-hashes');

interface Expected {
  quality: number;
  pdq: Uint8Array;
  timestampS: number;
}

/** NAME.txt: `frame,quality,pdqhex,timestamp` for every frame at the video's own size. */
function expected(name: string): Expected[] {
  return readFileSync(path.join(hashesDir, `${name}.txt`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [, q, hex, t] = l.split(',');
      return { quality: Number(q), pdq: hexToBytes(hex!), timestampS: Number(t) };
    });
}

function nearest(rows: Expected[], t: number): Expected {
  let best = rows[0]!;
  for (const r of rows) if (Math.abs(r.timestampS - t) < Math.abs(best.timestampS - t)) best = r;
  return best;
}

describe('vPDQ against the reference sample hashes', () => {
  it('>= 95% of sampled frames (both qualities >= 50) lie within 31 bits of the expected frame', async () => {
    const names = readdirSync(videosDir)
      .filter((f) => f.endsWith('.mp4'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(names.length).toBe(14);
    const table: string[] = [
      'video                               sampled  counted  within31  share  median',
    ];
    let counted = 0;
    let within = 0;
    for (const name of names) {
      const fp = await fingerprintVideo(path.join(videosDir, `${name}.mp4`), { noPrune: true });
      const rows = expected(name);
      const dists: number[] = [];
      let ok = 0;
      for (const f of fp.frames) {
        const e = nearest(rows, f.timestampS);
        if (f.quality < 50 || e.quality < 50) continue;
        const d = hamming256(f.pdq, e.pdq);
        dists.push(d);
        if (d <= 31) ok++;
      }
      dists.sort((a, b) => a - b);
      counted += dists.length;
      within += ok;
      table.push(
        `${name.padEnd(36)}${String(fp.frames.length).padStart(7)}${String(dists.length).padStart(9)}` +
          `${String(ok).padStart(10)}${(dists.length ? (100 * ok) / dists.length : 100).toFixed(1).padStart(6)}%` +
          `${String(dists[dists.length >> 1] ?? '-').padStart(8)}`,
      );
    }
    table.push(
      `all${' '.repeat(40)}${String(counted).padStart(9)}${String(within).padStart(10)}${((100 * within) / counted).toFixed(1).padStart(6)}%`,
    );
    console.log(table.join('\n'));
    expect(counted).toBeGreaterThan(150);
    expect(within / counted).toBeGreaterThanOrEqual(0.95);
  }, 240_000);
});
