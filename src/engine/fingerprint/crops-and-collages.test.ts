/**
 * Heavy crops, mirrored crops and collages found by the local-feature proposals (decisions 0024,
 * 0025), on real photographs (PDQ vectors) re-encoded as JPEG: a mirrored crop keeping half of each
 * side at an anchor no reference half crop sits on is found only by the first look on the mirrored
 * candidate, and its outline is mirrored back; a 2 x 2 collage with thin light gutters (whose JPEG
 * ringing spans more grey levels than the old gutter range) is split into its four cells and the
 * reference found in its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { MAX_DESCRIPTOR_DISTANCE } from './descriptor-index';
import { fingerprint } from './fingerprint';
import { GRID_CELLS, gridCells } from './grid-cells';
import { firstLook, firstLooks, LOCAL_PROPOSAL } from './local-proposals';
import { BruteForceReferenceSet, bestMatch } from './reference-set';
import { vectorsDir } from './test-support';
import { loadVerifier } from './verify';

const input = (name: string) =>
  readFileSync(path.join(vectorsDir, 'pdq/data/reg-test-input', name));
const bridge = () => input('dih/bridge-1-original.jpg');
/** Other references. */
const others = ['labelme-subset/q0291.jpg', 'labelme-subset/q2821.jpg'];
/** Unrelated pictures: a collage's other cells. */
const fillers = [
  'labelme-subset/q0004.jpg',
  'labelme-subset/q0122.jpg',
  'labelme-subset/q0746.jpg',
];

const set = new BruteForceReferenceSet();
const saved = { ...LOCAL_PROPOSAL, ...GRID_CELLS };
beforeAll(async () => {
  expect(await loadVerifier()).toBe(true);
  set.add('bridge', await fingerprint(bridge(), { role: 'reference' }));
  for (const o of others) set.add(o, await fingerprint(input(o), { role: 'reference' }));
});
afterEach(() => {
  LOCAL_PROPOSAL.mirroredLook = saved.mirroredLook;
  GRID_CELLS.gutterRange = saved.gutterRange;
});

/** Half of each side of the bridge from (left, top) as fractions of the free room, mirrored. */
async function mirroredHalfCrop(ax: number, ay: number) {
  const m = await sharp(bridge()).metadata();
  const [W, H] = [m.width!, m.height!];
  const [w, h] = [Math.round(W / 2), Math.round(H / 2)];
  const left = Math.round((W - w) * ax);
  const top = Math.round((H - h) * ay);
  const bytes = await sharp(bridge())
    .extract({ left, top, width: w, height: h })
    .flop()
    .jpeg({ quality: 80 })
    .toBuffer();
  return { bytes, left: left / w, right: (W - left) / w };
}

/** A 2 x 2 collage, 400 px cells, 5 px #f8f8f8 gutters, the bridge in cell `at` (0-3). */
async function collage(at: number): Promise<Buffer> {
  const cell = 400;
  const gap = 5;
  const pictures = fillers.map(input);
  pictures.splice(at, 0, bridge());
  const tiles = await Promise.all(
    pictures.map((p) => sharp(p).resize(cell, cell, { fit: 'cover' }).toBuffer()),
  );
  const size = 2 * cell + 3 * gap;
  return sharp({ create: { width: size, height: size, channels: 3, background: '#f8f8f8' } })
    .composite(
      tiles.map((t, k) => ({
        input: t,
        left: gap + (k % 2) * (cell + gap),
        top: gap + Math.floor(k / 2) * (cell + gap),
      })),
    )
    .jpeg({ quality: 85 })
    .toBuffer();
}

describe('mirrored half crops', () => {
  it('are found by the mirrored first look, outlined where the picture is', async () => {
    const crop = await mirroredHalfCrop(0.2, 0.3);
    LOCAL_PROPOSAL.mirroredLook = false;
    const before = bestMatch(set, await fingerprint(crop.bytes, { role: 'candidate' }));
    expect(before.comparison.verdict).toBe('no-match');
    LOCAL_PROPOSAL.mirroredLook = true;
    const best = bestMatch(set, await fingerprint(crop.bytes, { role: 'candidate' }));
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.algo).toBe('verified');
    const v = best.comparison.verification!;
    expect(v.inliers).toBeGreaterThanOrEqual(16);
    // The reference's top-left corner lies right of the mirrored crop, its top-right left of it
    // (corners far outside the crop, extrapolated: within a fifth of the crop's width).
    expect(v.outline[0]).toBeGreaterThan(1);
    expect(v.outline[2]).toBeLessThan(0);
    expect(Math.abs(v.outline[0]! - (1 + crop.left))).toBeLessThan(0.2);
    expect(Math.abs(v.outline[2]! - (1 - crop.right))).toBeLessThan(0.2);
  });

  it("computes the mirrored look's descriptors as a detection on the mirrored picture would", async () => {
    const work = (await fingerprint(bridge(), { role: 'candidate' })).work!;
    const looks = firstLooks(work)!;
    const detected = firstLook(work, true)!;
    expect(looks.plain.descriptors).toEqual(firstLook(work)!.descriptors);
    const at = new Map<string, number>();
    for (let j = 0; j < detected.points.length / 2; j++)
      at.set(
        `${Math.round(detected.points[2 * j]!)},${Math.round(detected.points[2 * j + 1]!)}`,
        j,
      );
    let paired = 0;
    let equal = 0;
    let near = 0;
    const m = looks.mirrored;
    for (let i = 0; i < m.points.length / 2; i++) {
      const j = at.get(`${Math.round(m.points[2 * i]!)},${Math.round(m.points[2 * i + 1]!)}`);
      if (j === undefined) continue;
      paired++;
      let bits = 0;
      for (let k = 0; k < 32; k++) {
        for (let x = m.descriptors[32 * i + k]! ^ detected.descriptors[32 * j + k]!; x; x >>= 1)
          bits += x & 1;
      }
      if (bits === 0) equal++;
      if (bits <= MAX_DESCRIPTOR_DISTANCE) near++;
    }
    // Every keypoint at the same pixel both ways; nearly every descriptor equal (300, 262 and 273
    // of 300 within a vote's distance when written; a detection's own ties and rounding differ).
    expect(paired).toBeGreaterThanOrEqual((0.9 * m.points.length) / 2);
    expect(equal).toBeGreaterThanOrEqual(0.8 * paired);
    expect(near).toBeGreaterThanOrEqual(0.85 * paired);
  });
});

describe('2 x 2 collages', () => {
  it.each([0, 3])('split into 4 cells and find the reference in cell %s', async (at) => {
    const bytes = await collage(at);
    const cand = await fingerprint(bytes, { role: 'candidate' });
    expect(gridCells(cand.work!)).toHaveLength(4);
    const best = bestMatch(set, cand);
    expect(best.referenceId).toBe('bridge');
    expect(best.comparison.algo).toBe('verified');
    // The outline's centre sits in the reference's cell.
    const o = best.comparison.verification!.outline;
    const cx = (o[0]! + o[2]! + o[4]! + o[6]!) / 4;
    const cy = (o[1]! + o[3]! + o[5]! + o[7]!) / 4;
    expect([cx > 0.5 ? 1 : 0, cy > 0.5 ? 1 : 0]).toEqual([at % 2, Math.floor(at / 2)]);
  });

  it('had no cells with the old gutter range: JPEG ringing in a thin light gutter', async () => {
    GRID_CELLS.gutterRange = 6;
    const cand = await fingerprint(await collage(0), { role: 'candidate' });
    expect(gridCells(cand.work!)).not.toHaveLength(4);
  });
});
