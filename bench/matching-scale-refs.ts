/**
 * Reference sets of 1,000 to 100,000 pictures for bench/matching-scale.bench.ts.
 *
 * Real fillers: pictures from the corpus's *tuning* half (its references, distractors, their
 * screenshots and collages, and crops of them), fingerprinted as references by the production
 * fingerprint(); none shares a package with the held-out queries. They are cached in
 * bench/.data/heldout/ under a key of the fingerprint engine's source, so a changed fingerprint
 * is recomputed.
 *
 * Synthetic fillers (hashing 100,000 real references takes hours here): a real filler's
 * fingerprint with K bits flipped in every hash, the same K positions for every variant of one
 * algorithm (one consistent change of the picture, not noise per variant), a new sha256 and
 * pixel digest. A child stays K bits from its parent and about 2K from its siblings, so a set of
 * children keeps the clustering of real pictures (smooth pictures stay near smooth ones) while
 * being distinct references. The bench checks at 1,000 references that such a set yields the
 * same false-match rate and nearest-distance distribution as real references.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

import type { HeldoutCorpus } from './heldout-corpus';
import { seeded } from './heldout-transforms';
import { fingerprintBytes } from './matching-production';
import type { Fingerprint } from './matching-production';

/** A key of the fingerprint engine's code: cached fingerprints are recomputed when it changes. */
function engineKey(root: string): string {
  const h = createHash('sha256');
  for (const dir of ['src/engine/fingerprint']) {
    for (const f of readdirSync(path.join(root, dir)).sort()) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts'))
        h.update(readFileSync(path.join(root, dir, f)));
    }
  }
  return h.digest('hex').slice(0, 12);
}

// Typed arrays survive JSON as {"$t": name, "b": base64}.
const TYPED: Record<string, new (b: ArrayBuffer) => ArrayBufferView> = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
};
function replacer(_k: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v)) {
    const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { $t: v.constructor.name, b: b.toString('base64') };
  }
  return v;
}
function reviver(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && '$t' in v && 'b' in v) {
    const { $t, b } = v as { $t: string; b: string };
    const buf = Buffer.from(b, 'base64');
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    return new TYPED[$t]!(ab as ArrayBuffer);
  }
  return v;
}

/** Distinct real pictures from the tuning half: every file, plus two crops of each original. */
async function* fillerPictures(corpus: HeldoutCorpus): AsyncGenerator<Buffer> {
  const rand = seeded(0xf111e5);
  const files = [
    ...corpus.references.filter((r) => r.half === 'tuning').map((r) => r.file),
    ...corpus.distractors.filter((d) => d.half === 'tuning').map((d) => d.file),
  ];
  for (const f of files) yield readFileSync(f);
  for (const f of files) {
    const bytes = readFileSync(f);
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    for (const keep of [0.6, 0.4]) {
      const w = Math.max(64, Math.round(width * keep));
      const h = Math.max(64, Math.round(height * keep));
      if (w >= width || h >= height) continue;
      const left = Math.floor(rand() * (width - w));
      const top = Math.floor(rand() * (height - h));
      yield sharp(bytes)
        .extract({ left, top, width: w, height: h })
        .jpeg({ quality: 88 })
        .toBuffer();
    }
  }
}

/** Up to `n` real filler reference fingerprints (cached). */
export async function realFillers(
  corpus: HeldoutCorpus,
  n: number,
  root = process.cwd(),
  onProgress?: (done: number) => void,
): Promise<{ fps: Fingerprint[]; msEach: number; cached: boolean }> {
  const file = path.join(root, `bench/.data/heldout/fillers-${engineKey(root)}-${n}.json`);
  if (existsSync(file)) {
    const c = JSON.parse(readFileSync(file, 'utf8'), reviver) as {
      fps: Fingerprint[];
      msEach: number;
    };
    return { ...c, cached: true };
  }
  const fps: Fingerprint[] = [];
  const t0 = performance.now();
  for await (const bytes of fillerPictures(corpus)) {
    if (fps.length >= n) break;
    try {
      fps.push(await fingerprintBytes(bytes, 'reference'));
    } catch {
      // An unreadable crop is simply not a filler.
    }
    if (fps.length % 100 === 0) onProgress?.(fps.length);
  }
  const msEach = (performance.now() - t0) / Math.max(1, fps.length);
  writeFileSync(file, JSON.stringify({ fps, msEach }, replacer));
  return { fps, msEach, cached: false };
}

/** K distinct bit positions out of 256. */
function mask(rand: () => number, k: number): Uint8Array {
  const m = new Uint8Array(32);
  let set = 0;
  while (set < k) {
    const bit = Math.floor(rand() * 256);
    if (m[bit >> 3]! & (1 << (bit & 7))) continue;
    m[bit >> 3]! |= 1 << (bit & 7);
    set++;
  }
  return m;
}

const xor = (a: Uint8Array, m: Uint8Array): Uint8Array => a.map((x, i) => x ^ m[i]!);

/** A synthetic reference: `parent` with `k` bits flipped in every hash (see the file's header). */
export function childOf(
  parent: Fingerprint,
  k: number,
  rand: () => number,
  tag: number,
): Fingerprint {
  const m = { pdq: mask(rand, k), blockhash: mask(rand, k) };
  const digest = createHash('sha256').update(`${parent.sha256}/${tag}`).digest('hex');
  const pdq = xor(parent.pdq.hash, m.pdq);
  const block = xor(parent.blockhash.hash, m.blockhash);
  const child: Fingerprint = {
    ...parent,
    sha256: digest,
    pdq: { ...parent.pdq, hash: pdq, hex: Buffer.from(pdq).toString('hex') },
    blockhash: { ...parent.blockhash, hash: block, hex: Buffer.from(block).toString('hex') },
    variants: parent.variants.map((v) => ({ ...v, hash: xor(v.hash, m[v.algo]) })),
  };
  const withPixels = child as Fingerprint & { pixels?: string };
  if (withPixels.pixels !== undefined) withPixels.pixels = digest;
  return child;
}
