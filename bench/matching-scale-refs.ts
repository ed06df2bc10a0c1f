/**
 * Reference sets of 1,000 to 100,000 pictures for bench/matching-scale.bench.ts.
 *
 * Real fillers: pictures from the corpus's *tuning* half (its references, distractors, their
 * screenshots and collages, and crops of them), fingerprinted as references by the production
 * fingerprint(); none shares a package with the held-out queries. They are cached in
 * bench/.data/heldout/ (outside git) under a key of what the production fingerprint() makes of
 * three canary pictures: a change of the engine that changes fingerprints recomputes the
 * fillers, one that does not (the matcher's other files, which other engineers edit all day)
 * reuses them. A cache of more fillers than asked serves a smaller set.
 *
 * Synthetic fillers (hashing 100,000 real references takes hours here): a real filler's
 * fingerprint with K bits flipped in every hash, the same K positions for every variant of one
 * algorithm (one consistent change of the picture, not noise per variant), a new sha256 and
 * pixel digest. A child stays K bits from its parent and about 2K from its siblings, so a set of
 * children keeps the clustering of real pictures (smooth pictures stay near smooth ones) while
 * being distinct references. Their ORB descriptors are flipped the same way (childOf). The bench
 * checks at 1,000 references that such a set yields the same false-match rate, nearest-distance
 * and descriptor-vote distributions as real references.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

import type { HeldoutCorpus } from './heldout-corpus';
import { seeded } from './heldout-transforms';
import { fingerprintBytes } from './matching-production';
import type { Fingerprint } from './matching-production';

/**
 * A key of what the fingerprint engine makes of canary pictures (a reference, a distractor, a
 * crop, and two app captures, phone and desktop, since a capture's fingerprint follows the page
 * finder and the page picture's features, which no photograph shows): every field of their
 * reference fingerprints, features included.
 */
async function engineKey(files: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(JSON.stringify(await fingerprintBytes(readFileSync(f), 'reference'), replacer));
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

/** The tuning half's original pictures (references, then distractors). */
function tuningFiles(corpus: HeldoutCorpus): string[] {
  return [
    ...corpus.references.filter((r) => r.half === 'tuning').map((r) => r.file),
    ...corpus.distractors.filter((d) => d.half === 'tuning').map((d) => d.file),
  ];
}

/** Distinct real pictures from the tuning half: every file, plus two crops of each original. */
async function* fillerPictures(corpus: HeldoutCorpus): AsyncGenerator<Buffer> {
  const rand = seeded(0xf111e5);
  const files = tuningFiles(corpus);
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

/** Up to `n` real filler reference fingerprints (cached; see the file's header). */
export async function realFillers(
  corpus: HeldoutCorpus,
  n: number,
  root = process.cwd(),
  onProgress?: (done: number) => void,
): Promise<{ fps: Fingerprint[]; msEach: number; cached: boolean }> {
  const files = tuningFiles(corpus);
  const captures = corpus.distractors
    .filter((d) => d.half === 'tuning' && d.kind === 'screenshot')
    .slice(0, 4)
    .map((d) => d.file);
  const key = await engineKey([files[0]!, files[files.length - 1]!, files[1]!, ...captures]);
  const dir = path.join(root, 'bench/.data/heldout');
  const cached = readdirSync(dir)
    .map((f) => /^fillers-([0-9a-f]{12})-(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === key)
    .map((m) => ({ file: path.join(dir, m[0]), n: Number(m[2]) }))
    .sort((a, b) => b.n - a.n)[0];
  if (cached && existsSync(cached.file)) {
    const c = JSON.parse(readFileSync(cached.file, 'utf8'), reviver) as {
      fps: Fingerprint[];
      msEach: number;
    };
    // A cache that stopped short of what it was asked for (the tuning half has no more
    // pictures) serves any larger request too.
    if (c.fps.length >= n || c.fps.length < cached.n) {
      return { fps: c.fps.slice(0, n), msEach: c.msEach, cached: true };
    }
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
  const out = path.join(dir, `fillers-${key}-${n}.json`);
  writeFileSync(out, JSON.stringify({ fps, msEach }, replacer));
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

/**
 * A synthetic reference: `parent` with `k` bits flipped in every hash (see the file's header) and,
 * when it has ORB features, `descFlip` bits flipped in every descriptor, new positions for each
 * (each keypoint is its own patch of the picture): a child's descriptors stay in the parent's
 * corner of descriptor space, so its genre's unrelated pictures still vote for it, but a copy of
 * the parent no longer finds the child (a 40-bit flip is near MAX_DESCRIPTOR_DISTANCE, 48).
 */
export function childOf(
  parent: Fingerprint,
  k: number,
  rand: () => number,
  tag: number,
  descFlip = k,
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
  if (parent.features && descFlip > 0) {
    const d = parent.features.descriptors.slice();
    for (let at = 0; at < d.length; at += 32) {
      const flip = mask(rand, descFlip);
      for (let i = 0; i < 32; i++) d[at + i]! ^= flip[i]!;
    }
    child.features = { ...parent.features, descriptors: d };
  }
  const withPixels = child as Fingerprint & { pixels?: string };
  if (withPixels.pixels !== undefined) withPixels.pixels = digest;
  return child;
}
