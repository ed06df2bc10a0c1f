/**
 * Pins the exact hashes Jium computes for a few fixed images, so that any change to decoding or
 * hashing that moves a single bit (a faster loop, a different resize path) fails here. The values
 * were recorded before the throughput work of decision 0013 and must not change with speed-ups;
 * a deliberate change of algorithm updates them together with a new decision note.
 * They hold for the sharp/libvips version in package-lock.json (JPEG decoding can differ between
 * libjpeg builds).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { fingerprint } from './fingerprint';
import type { Fingerprint } from './fingerprint';
import { bytesToHex } from './hash-bits';
import { vectorsDir } from './test-support';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = input('dih/bridge-1-original.jpg');

/** One line per variant: algo, region, orientation, quality and hash. */
function lines(fp: Fingerprint): string[] {
  return [
    `size ${fp.width}x${fp.height} low=${fp.lowQuality}`,
    ...fp.variants.map(
      (v) => `${v.algo} ${v.region} ${v.transform} q=${v.quality ?? '-'} ${bytesToHex(v.hash)}`,
    ),
  ];
}

/** The bridge photo letterboxed in black (the trim path). */
async function letterboxed(): Promise<Buffer> {
  return sharp(bridge).extend({ top: 200, bottom: 200, background: '#000000' }).png().toBuffer();
}

/** A screenshot-like page: white, grey text bars, the photo in the middle (the embedded path). */
async function screenshot(): Promise<Buffer> {
  const photo = await sharp(bridge).resize(560).png().toBuffer();
  const bar = (top: number, left: number, width: number) => ({
    input: { create: { width, height: 14, channels: 3 as const, background: '#444444' } },
    top,
    left,
  });
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#ffffff' } })
    .composite([
      bar(40, 60, 700),
      bar(70, 60, 520),
      bar(100, 60, 610),
      { input: photo, top: 180, left: 300 },
      bar(780, 60, 900),
      bar(810, 60, 400),
    ])
    .png()
    .toBuffer();
}

/** The bridge photo in a dim room (PDQ quality 15): the contrast-stretched `norm` variant. */
async function dark(): Promise<Buffer> {
  return sharp(bridge).gamma(2.2, 1).linear(0.05, 2).png().toBuffer();
}

const cases: Record<string, () => Promise<Buffer>> = {
  bridge: async () => bridge,
  dark,
  q0291: async () => input('labelme-subset/q0291.jpg'),
  q2821: async () => input('labelme-subset/q2821.jpg'),
  letterboxed,
  screenshot,
};

const got: Record<string, string[]> = {};
beforeAll(async () => {
  for (const [name, make] of Object.entries(cases)) {
    got[name] = lines(await fingerprint(await make(), { role: 'candidate' }));
  }
});

describe('pinned candidate hashes', () => {
  it('covers the full, trimmed and embedded regions', () => {
    expect(got.letterboxed?.some((l) => l.includes(' trim '))).toBe(true);
    expect(got.screenshot?.some((l) => l.includes(' embedded '))).toBe(true);
  });

  it.each(Object.keys(cases))('%s: every variant bit for bit', (name) => {
    expect(got[name]).toEqual(PINNED[name]);
  });

  it('reference variants (orientations, sub-crops, tilts) of the bridge are unchanged', async () => {
    const fp = await fingerprint(bridge, { role: 'reference' });
    // Half crops (proposal-only, decision 0017) came after the others: those are pinned apart.
    const half = fp.variants.filter((v) => v.region.startsWith('half-'));
    const rest = { ...fp, variants: fp.variants.filter((v) => !v.region.startsWith('half-')) };
    const digest = createHash('sha256').update(lines(rest).join('\n')).digest('hex');
    expect({ variants: rest.variants.length, digest }).toEqual(PINNED_REFERENCE);
    const halfDigest = createHash('sha256')
      .update(lines({ ...fp, variants: half }).join('\n'))
      .digest('hex');
    expect({ variants: half.length, digest: halfDigest }).toEqual(PINNED_HALF_CROPS);
  });
});

const PINNED: Record<string, string[]> = {
  dark: [
    'size 1600x1004 low=true',
    'pdq full identity q=15 d0f8f0cec0f4a84f0e370a22238f63f0b36e2ed5b6231e9d33e6939c4e9c9b22',
    'blockhash full identity q=- b00f210fe18ff28ffe1ffe0f240740074007d9973f86e786f7c0ffdc1fdc0000',
    'pdq embedded identity q=22 7380ef803e2f5e3cb01ecbbec61c26c9bf618907471adc6921baa1e98ce13b36',
    'blockhash embedded identity q=- dc01dc80fc7cbc1cb80ce00efaccfcd49c7443a41fc4bfc17fe1fde079c01880',
    'pdq norm identity q=100 d0f8f0cec0f4a84f0e370a22238f63f0b36e2ed5b6231e9d33e6939c4e9c9b22',
  ],
  bridge: [
    'size 1600x1004 low=false',
    'pdq full identity q=100 d8f8f0cce0f4a84f0e370a22038f67f0b36e2ed596621e1d33e6b39c4e9c9b22',
    'blockhash full identity q=- b00f210fe18ff28ffe0ffe0f240f40074017d8977786e786f7c0ffdc1fdc0000',
  ],
  q0291: [
    'size 256x256 low=false',
    'pdq full identity q=100 a0fe94f1e5cc1cc8dd855948498dc9243f7ca27336f036d7f212b74bc103c9a7',
    'blockhash full identity q=- f800f830f9f0f9f0c4f8d4f8c0f8c0f8c0f8c1f0e3f8e0f800004000ffff7fff',
    'pdq trim identity q=100 07f4bbf20d85fdcadc8d910fd9090b27fe60a7e7767066d64012b60b810b89af',
    'blockhash trim identity q=- f830f070f1f0f1f09df8a4f8a0f884f880f883f0a7f0a7f88000a000fcfeffff',
  ],
  q2821: [
    'size 256x256 low=false',
    'pdq full identity q=100 b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109',
    'blockhash full identity q=- 2b54954b5badac92534ecde3261c998766f0303ece0f33e1dc3cc70f79e0043e',
  ],
  letterboxed: [
    'size 1600x1404 low=false',
    'pdq full identity q=100 ce338a2a378f27f0b3621e971ca2981e499ce1e2ad196c71b16665ddd3e49b22',
    'blockhash full identity q=- 00000000fffffffff78ffe077407000740075986e782ffdcffffffff00000000',
    'pdq trim identity q=100 d8f8f1cce0f4e84f0e370a22028f67f0b36e2ed596621e1d33e6339c4e9c9b22',
    'blockhash trim identity q=- 100f310fe18ff68ffe0ffe0f240f40074017d8977786e786f7c0ffdc1fdc0000',
  ],
  screenshot: [
    'size 1200x900 low=false',
    'pdq full identity q=100 39ec918dc64b64397071f699040739ce90839b126d256fb296daf8e9696c9fa6',
    'blockhash full identity q=- 001f007ffffff00ff00ff00ff00ff00fe00fe00fffffffffffff00070007ffff',
    'pdq trim identity q=100 7184438ecb03f070f3b9c31b89199c7994aba306697666efb6efa854a950c78b',
    'blockhash trim identity q=- f007fc0ff807f007f007f803f803fec3f001f001ffffffffffffffffffff0000',
    'pdq embedded identity q=100 d8f8f1cec0f4a84f0e37022a078f63f0b36e2ee5b2621e1d33e6339c4e9c9b22',
    'blockhash embedded identity q=- b05f210fe18ff207fc0ffe0f640f40074007d9977786e786f7c0ffdc1fdc0000',
  ],
};
const PINNED_REFERENCE = {
  variants: 92,
  digest: '74348be2fbf5f6bcc7d192dc58b288394369b861682841fc6d3577efe73c3de8',
};
/** 25 half crops x PDQ and blockhash x upright and mirrored. */
const PINNED_HALF_CROPS = {
  variants: 100,
  digest: 'a445eb019a743fa4b45bc18cd957feaf703691a5eeb17d0b228b2b7125a22eeb',
};
