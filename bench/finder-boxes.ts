/**
 * The page finder against the truth (issue 13, decision 0166): for every screenshot of the held-out
 * corpus's TUNING half (the references' shot-* copies and the unrelated dshot captures), the
 * picture the finder locates (page-chrome.ts's locatedPicture over embedded.ts's embeddedBox, on
 * the working image fingerprint.ts gives it) against where heldout-screens.ts put the picture
 * (the manifest's `box`, in the capture's pixels). Prints a table by layout and device: captures,
 * mean IoU, IoU >= 0.8 / >= 0.5, none located; the finder's CPU per capture and per plain
 * photograph of the half, and in how many photographs it locates a picture (process CPU around
 * the finder alone; the machine is shared, so compare it only between runs side by side); and the
 * phone captures it misses. Never reads the held-out half.
 *
 * Run: npm run bench -- page-finder-layout -- --boxes (a corpus built with boxes: heldout-corpus.ts)
 */
import { readFileSync } from 'node:fs';

import { decodeImage, DEFAULT_LIMITS } from '../src/engine/fingerprint/decode';
import { locatedPicture } from '../src/engine/fingerprint/page-chrome';
import { lumaFromPixels } from '../src/engine/fingerprint/pdq';
import { trimBox } from '../src/engine/fingerprint/trim';
import { buildHeldoutCorpus } from './heldout-corpus';
import type { HeldoutCorpus } from './heldout-corpus';

interface Capture {
  file: string;
  layout: string;
  device: string;
  truth: number[];
}

/** Intersection over union of two boxes given as left, top, right, bottom. */
function iou(a: number[], b: number[]): number {
  const [al, at, ar, ab] = a as [number, number, number, number];
  const [bl, bt, br, bb] = b as [number, number, number, number];
  const w = Math.min(ar, br) - Math.max(al, bl);
  const h = Math.min(ab, bb) - Math.max(at, bt);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((ar - al) * (ab - at) + (br - bl) * (bb - bt) - inter);
}

/** The finder on one picture: its box in the picture's pixels, and the process CPU it took (ms). */
async function locate(file: string): Promise<{ found?: number[]; cpu: number }> {
  const img = await decodeImage(readFileSync(file), DEFAULT_LIMITS);
  const { workWidth: w, workHeight: h } = img;
  const luma = lumaFromPixels(img.rgb, w, h, 3);
  const trimmed = trimBox(img.rgb, w, h);
  const t0 = process.cpuUsage();
  const b = locatedPicture(img.rgb, luma, w, h, trimmed);
  const used = process.cpuUsage(t0);
  const cpu = (used.user + used.system) / 1000;
  if (!b) return { cpu };
  const [sx, sy] = [img.width / w, img.height / h];
  return { found: [b.x * sx, b.y * sy, (b.x + b.w) * sx, (b.y + b.h) * sy], cpu };
}

async function tuningCaptures(corpus: HeldoutCorpus): Promise<Capture[]> {
  const out: Capture[] = [];
  for (const r of corpus.references.filter((x) => x.half === 'tuning')) {
    for (const c of r.copies.filter((x) => x.transform.startsWith('shot-'))) {
      if (!c.box)
        throw new Error('the corpus has no picture boxes: rebuild it (heldout-corpus.ts)');
      const device = c.detail?.includes('phone') ? 'phone' : 'desktop';
      out.push({ file: c.file, layout: c.transform.slice(5), device, truth: c.box });
    }
  }
  for (const d of corpus.distractors.filter((x) => x.half === 'tuning' && x.shot)) {
    out.push({ file: d.file, layout: d.shot!.layout, device: d.shot!.device, truth: d.shot!.box });
  }
  return out;
}

export async function finderBoxes(): Promise<void> {
  const corpus = await buildHeldoutCorpus();
  const captures = await tuningCaptures(corpus);
  const rows = new Map<string, { n: number; sum: number; hi: number; mid: number; none: number }>();
  const missed: string[] = [];
  let cpu = 0;
  for (const c of captures) {
    const { found, cpu: used } = await locate(c.file);
    cpu += used;
    const score = found ? iou(found, c.truth) : 0;
    for (const key of [`${c.layout} ${c.device}`, `all ${c.device}`, 'all']) {
      const row = rows.get(key) ?? { n: 0, sum: 0, hi: 0, mid: 0, none: 0 };
      row.n++;
      row.sum += score;
      if (score >= 0.8) row.hi++;
      if (score >= 0.5) row.mid++;
      if (!found) row.none++;
      rows.set(key, row);
    }
    if (c.device === 'phone' && score < 0.5) {
      const name = c.file.split('/').pop();
      missed.push(`${name} (${c.layout}): ${found ? `IoU ${score.toFixed(2)}` : 'none'}`);
    }
  }
  const lines = [
    `Tuning half: ${captures.length} screenshots; finder CPU ${(cpu / captures.length).toFixed(2)} ms per capture (shared machine: compare side by side only).`,
    '',
    '| layout | device | captures | mean IoU | IoU >= 0.8 | IoU >= 0.5 | none located |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const [key, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    const [layout, device = ''] = key.split(' ');
    const mean = (r.sum / r.n).toFixed(3);
    lines.push(`| ${layout} | ${device} | ${r.n} | ${mean} | ${r.hi} | ${r.mid} | ${r.none} |`);
  }
  // Plain photographs (the tuning half's unrelated originals): the finder runs on every crawled
  // image; a picture located in a photograph gives it an embedded variant.
  const photos = corpus.distractors.filter((d) => d.half === 'tuning' && d.kind === 'original');
  let photoCpu = 0;
  let located = 0;
  for (const d of photos) {
    const r = await locate(d.file);
    photoCpu += r.cpu;
    if (r.found) located++;
  }
  lines.push(
    '',
    `Plain photographs: ${photos.length}, a picture located in ${located}; finder CPU ${(photoCpu / photos.length).toFixed(2)} ms per photograph.`,
    '',
    `Phone captures under IoU 0.5: ${missed.length}`,
    ...missed.map((m) => `- ${m}`),
  );
  console.log(lines.join('\n'));
}
