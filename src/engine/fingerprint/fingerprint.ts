/**
 * One image in, every hash Jium keeps out: SHA-256 of the bytes, PDQ and blockhash of the whole
 * picture, of its trimmed content and of an embedded photo, their dihedral variants, and (for
 * references) sub-crops, so that cropped re-uploads still meet a hash of about their own extent.
 */
import { bmvbhashEven } from 'blockhash-core';
import { createHash } from 'node:crypto';

import { decodeImage, DEFAULT_LIMITS } from './decode';
import type { DecodedImage, DecodeLimits } from './decode';
import { exchangePdq } from './exchange-hash';
import { locatedPicture, pictureInPage, withPicture } from './page-chrome';
import { withPagePictureFeatures } from './picture-features';
import { bytesToHex, hexToBytes } from './hash-bits';
import {
  DIHEDRAL,
  dctDihedral,
  greyFromLuma,
  lumaFromPixels,
  pdqBitsFromDct,
  pdqFromLumaRegion,
} from './pdq';
import type { Dihedral } from './pdq';
import { areaAverageRgba } from './region';
import type { Box } from './region';
import { rotateRgb } from './rotate';
import { trimBox } from './trim';
import { extractFeatures, loadVerifier } from './verify';
import type { Features } from './verify';

/** Perceptual algorithms Jium computes. */
export type HashAlgo = 'pdq' | 'blockhash';

/** Which part of the picture a hash covers. `crop-…` are reference sub-crops (see CROPS). */
export type RegionKind =
  | 'full'
  | 'trim'
  | 'embedded'
  | 'norm'
  | `norm-crop-${string}`
  | `crop-${string}`
  | `half-${string}`
  | `tilt-${string}`;

/**
 * Why copies of a reference may be hard to find (shown to the counsellor at registration):
 * `low-contrast` — dark or low-contrast: matched only under a stricter rule (contrast-stretched
 * hash, or local features); `flat` — almost no detail even stretched: only the same file or the
 * same pixels are found; `small` — under 32 px on a side: only the same file or the same pixels;
 * `inner-picture` — a page with a picture inside it (a screenshot of a post): the page's
 * keypoints and hashes are the page's, so that picture re-posted on its own may be missed
 * (decision 0019, update of 23:15).
 */
export type FindabilityReason = 'low-contrast' | 'flat' | 'small' | 'inner-picture';

/** One perceptual hash of one region in one orientation. */
export interface HashVariant {
  algo: HashAlgo;
  region: RegionKind;
  transform: Dihedral;
  hash: Uint8Array;
  /** PDQ quality of the region (0..100); blockhash has none. */
  quality?: number;
  /**
   * Where a candidate's trimmed or embedded region lies in the picture (left, top, right, bottom
   * as fractions of its width and height), so that a match its hashes decide can say which part
   * of the found image matched (the outline in review).
   */
  box?: number[];
}

/** Everything Jium knows about one image. */
export interface Fingerprint {
  sha256: string;
  format: string;
  width: number;
  height: number;
  /**
   * PDQ of the whole picture. With `exchangePdq` (references, `jium fingerprint`) it is the hash
   * the exchange tools compute for the same file, to the bit (exchange-hash.ts, decision 0015);
   * otherwise (crawled candidates) it is the matcher's working-copy hash, variants[0].
   */
  pdq: { hash: Uint8Array; hex: string; quality: number };
  blockhash: { hash: Uint8Array; hex: string };
  variants: HashVariant[];
  /**
   * Too little information for the normal rule (PDQ quality under 50, or tiny): matched only by
   * the stricter low-quality rule, exact pixels or exact bytes (compare.ts).
   */
  lowQuality: boolean;
  /** SHA-256 of the working image's pixels, for low-quality images only: identical pixels match. */
  pixels?: string;
  /** Set when copies may be hard to find, with why. */
  hardToFind?: FindabilityReason;
  /** ORB features of the working image (references, once the verifier is loaded; verify.ts). */
  features?: Features;
  /**
   * Candidates only: the grey working image, kept for the verification stage and released by the
   * first decision on it (reference-set.ts), so that remembered fingerprints hold no pixels.
   */
  work?: { grey: Uint8Array; width: number; height: number };
  /**
   * Candidates only: ORB features of `work` that a crawl worker computed ahead, exactly as the
   * matcher would (candidate-features.ts); the matcher computes what is absent. Released with it.
   * `mirrored`: the first look's mirrored descriptors at its keypoints mirrored (decision 0024).
   */
  local?: { firstLook?: Features; mirrored?: Features; upright?: Features };
}

/** How much to compute. */
export interface FingerprintOptions {
  /**
   * `reference`: all orientations and sub-crops (registered victim images; computed once).
   * `candidate`: upright hashes of the full, trimmed and embedded regions (crawled images; many).
   */
  role: 'reference' | 'candidate';
  limits?: DecodeLimits;
  /**
   * Replace `pdq` by the exchange hash (full resolution, alpha dropped: a second decode). Default:
   * on for references, off for candidates, whose matching uses the working copy (decision 0015).
   */
  exchangePdq?: boolean;
  /**
   * The SHA-256 of the bytes (64 hex digits), when the caller computed it already: the crawl
   * hashes every body first to look it up (decision 0057), and hashing it twice cost 0.3 ms.
   */
  sha256?: string;
}

/** PDQ quality under which an image is low-quality (Meta's guidance for PDQ is 50). */
export const QUALITY_FLOOR = 50;
/** Working images smaller than this on either side are icons, not photos. */
export const MIN_SIDE = 32;

/**
 * Grey levels stretched so that the 1st and 99th percentiles span 0..255 (undefined when the image
 * has under 3 grey levels between them). PDQ's bits barely move under a linear stretch, but its
 * quality does: a dark photograph with structure gets a quality over 50, a flat one does not.
 */
export function stretchLuma(luma: Float32Array): Float32Array | undefined {
  const hist = new Uint32Array(256);
  for (const v of luma) hist[Math.min(255, Math.max(0, Math.round(v)))]!++;
  const cut = Math.floor(luma.length * 0.01);
  let lo = 0;
  for (let acc = hist[0]!; lo < 255 && acc <= cut; acc += hist[++lo]!);
  let hi = 255;
  for (let acc = hist[255]!; hi > 0 && acc <= cut; acc += hist[--hi]!);
  if (hi - lo < 3) return undefined;
  const out = new Float32Array(luma.length);
  const k = 255 / (hi - lo);
  for (let i = 0; i < luma.length; i++) out[i] = Math.min(255, Math.max(0, (luma[i]! - lo) * k));
  return out;
}

/** Sub-crops of one scale at every pair of anchors. */
function grid(scale: number, anchors: number[]) {
  return anchors.flatMap((ay) =>
    anchors.map((ax) => ({ name: `${Math.round(scale * 100)}-${ax}-${ay}`, scale, ax, ay })),
  );
}

/**
 * Reference sub-crops: keep `scale` of each side, anchored at (ax, ay) in 0..1 of the slack.
 * Chosen in bench/RESULTS.md: what each buys against crops, and what it costs in false positives.
 */
export const CROPS: ReadonlyArray<{ name: string; scale: number; ax: number; ay: number }> = [
  ...grid(0.9, [0, 0.5, 1]),
  ...grid(0.75, [0, 0.25, 0.5, 0.75, 1]),
];
/**
 * Reference half crops: keep 50% of each side at 5 x 5 anchors, upright and mirrored. They only
 * propose pairs to the verification stage (compare.ts leaves `half-…` regions out of the hash
 * rule): a hash of a quarter of a picture meets unrelated pictures too often to decide alone
 * (decision 0017).
 */
export const HALF_CROPS: ReadonlyArray<{ name: string; scale: number; ax: number; ay: number }> =
  grid(0.5, [0, 0.25, 0.5, 0.75, 1]);
/** Reference small-rotation variants: both turns, corners filled white (pages) or black (video). */
export const TILTS: ReadonlyArray<{ name: string; degrees: number; fill: number }> = [
  { name: 'cw3-white', degrees: 3, fill: 255 },
  { name: 'ccw3-white', degrees: -3, fill: 255 },
  { name: 'cw3-black', degrees: 3, fill: 0 },
  { name: 'ccw3-black', degrees: -3, fill: 0 },
];

const GRID = 64;
const HALF_ORIENTATIONS: readonly Dihedral[] = ['identity', 'flip-horizontal'];

/** The box of one sub-crop of `base`. */
function cropBox(base: Box, c: (typeof CROPS)[number]): Box {
  const cw = Math.round(base.w * c.scale);
  const ch = Math.round(base.h * c.scale);
  return {
    x: base.x + Math.round((base.w - cw) * c.ax),
    y: base.y + Math.round((base.h - ch) * c.ay),
    w: cw,
    h: ch,
  };
}

/** Rotates or mirrors a square RGBA grid, to get blockhash's orientations without re-decoding. */
function orientGrid(src: Uint8Array, t: Dihedral): Uint8Array {
  const n = GRID;
  const dst = new Uint8Array(src.length);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let sx = x;
      let sy = y;
      // (x, y) in the output comes from (sx, sy) in the input.
      if (t === 'rotate90') [sx, sy] = [y, n - 1 - x];
      else if (t === 'rotate180') [sx, sy] = [n - 1 - x, n - 1 - y];
      else if (t === 'rotate270') [sx, sy] = [n - 1 - y, x];
      else if (t === 'flip-horizontal') sx = n - 1 - x;
      else if (t === 'flip-vertical') sy = n - 1 - y;
      else if (t === 'transpose') [sx, sy] = [y, x];
      else if (t === 'anti-transpose') [sx, sy] = [n - 1 - y, n - 1 - x];
      const s = (sy * n + sx) * 4;
      const d = (y * n + x) * 4;
      dst.set(src.subarray(s, s + 4), d);
    }
  }
  return dst;
}

function hashRegion(
  img: DecodedImage,
  luma: Float32Array,
  box: Box,
  region: RegionKind,
  orientations: readonly Dihedral[],
): HashVariant[] {
  const pdq = pdqFromLumaRegion(luma, box.y * img.workWidth + box.x, img.workWidth, box.h, box.w);
  const grid = areaAverageRgba(img.rgb, img.workWidth, box, GRID);
  const out: HashVariant[] = [];
  for (const t of orientations) {
    const hash = t === 'identity' ? pdq.hash : pdqBitsFromDct(dctDihedral(pdq.dct, t));
    out.push({ algo: 'pdq', region, transform: t, hash, quality: pdq.quality });
  }
  for (const t of orientations) {
    const data = t === 'identity' ? grid : orientGrid(grid, t);
    const hex = bmvbhashEven({ width: GRID, height: GRID, data }, 16);
    out.push({ algo: 'blockhash', region, transform: t, hash: hexToBytes(hex) });
  }
  return out;
}

/** Fingerprints an already decoded image (see {@link fingerprint}). */
export function fingerprintDecoded(
  img: DecodedImage,
  sha256: string,
  options: FingerprintOptions,
): Fingerprint {
  const { workWidth: w, workHeight: h } = img;
  const luma = lumaFromPixels(img.rgb, w, h, 3);
  const reference = options.role === 'reference';
  const all: readonly Dihedral[] = reference ? DIHEDRAL : ['identity'];
  const full = { x: 0, y: 0, w, h };
  const variants = hashRegion(img, luma, full, 'full', all);
  const trimmed = trimBox(img.rgb, w, h);
  if (trimmed) variants.push(...hashRegion(img, luma, trimmed, 'trim', all));
  const emb = locatedPicture(img.rgb, luma, w, h, trimmed);
  const grey = greyFromLuma(luma);
  if (!reference) {
    const placed = (region: RegionKind, b: Box | undefined) => {
      if (!b) return;
      for (const v of variants) {
        if (v.region === region) v.box = [b.x / w, b.y / h, (b.x + b.w) / w, (b.y + b.h) / h];
      }
    };
    placed('trim', trimmed);
    if (emb) {
      variants.push(...hashRegion(img, luma, emb, 'embedded', ['identity']));
      placed('embedded', emb);
    }
  } else {
    // Crops of the full picture: re-uploads crop what the victim's image shows, borders and all.
    for (const c of CROPS) {
      const box = cropBox(full, c);
      variants.push(...hashRegion(img, luma, box, `crop-${c.name}`, ['identity']));
    }
    for (const t of TILTS) {
      const r = rotateRgb(img.rgb, w, h, t.degrees, t.fill);
      const turned = { ...img, rgb: r.rgb, workWidth: r.width, workHeight: r.height };
      const tl = lumaFromPixels(r.rgb, r.width, r.height, 3);
      const box = { x: 0, y: 0, w: r.width, h: r.height };
      variants.push(...hashRegion(turned, tl, box, `tilt-${t.name}`, ['identity']));
    }
    for (const c of HALF_CROPS) {
      const box = cropBox(full, c);
      variants.push(...hashRegion(img, luma, box, `half-${c.name}`, HALF_ORIENTATIONS));
    }
  }
  const pdq = variants[0];
  const block = variants.find((v) => v.algo === 'blockhash');
  if (!pdq || !block) throw new Error('unreachable: the full region is always hashed');
  const quality = pdq.quality ?? 0;
  const small = Math.min(w, h) < MIN_SIDE;
  const lowQuality = quality < QUALITY_FLOOR || small;
  // A page with a picture inside it (a screenshot of a post): that picture alone may be missed.
  const page = reference && emb && pictureInPage({ grey, width: w, height: h }, luma, emb);
  let hardToFind: FindabilityReason | undefined = page ? 'inner-picture' : undefined;
  if (lowQuality) {
    hardToFind = small ? 'small' : 'flat';
    // Dark and low-contrast pictures: a contrast-stretched PDQ that the stricter rule matches on.
    const stretched = small ? undefined : stretchLuma(luma);
    if (stretched) {
      const n = pdqFromLumaRegion(stretched, 0, w, h, w);
      for (const t of all) {
        const hash = t === 'identity' ? n.hash : pdqBitsFromDct(dctDihedral(n.dct, t));
        variants.push({ algo: 'pdq', region: 'norm', transform: t, hash, quality: n.quality });
      }
      if (n.quality >= QUALITY_FLOOR) hardToFind = 'low-contrast';
      for (const c of reference ? CROPS : []) {
        const b = cropBox({ x: 0, y: 0, w, h }, c);
        const p = pdqFromLumaRegion(stretched, b.y * w + b.x, w, b.h, b.w);
        const region = `norm-crop-${c.name}` as const;
        variants.push({
          algo: 'pdq',
          region,
          transform: 'identity',
          hash: p.hash,
          quality: p.quality,
        });
      }
    }
  }
  return {
    sha256,
    format: img.format,
    width: img.width,
    height: img.height,
    pdq: { hash: pdq.hash, hex: bytesToHex(pdq.hash), quality },
    blockhash: { hash: block.hash, hex: bytesToHex(block.hash) },
    variants,
    lowQuality,
    ...(lowQuality ? { pixels: sha256Hex(img.rgb) } : {}),
    ...(hardToFind ? { hardToFind } : {}),
    ...verificationData(grey, w, h, reference, emb),
  };
}

/** The verification stage's input: features for references, the grey pixels for candidates. */
function verificationData(
  grey: Uint8Array,
  w: number,
  h: number,
  reference: boolean,
  picture: Box | undefined,
): Pick<Fingerprint, 'features' | 'work'> {
  if (!reference) return { work: { grey, width: w, height: h } };
  const features = withPicture(extractFeatures(grey, w, h), picture);
  return features ? { features } : {};
}

/**
 * A reference's ORB features alone, exactly as {@link fingerprint} computes them (the same working
 * image and grey levels): for references registered before features were stored, recomputed from
 * their sealed original (decision 0017). Undefined when the verification stage cannot load.
 */
export async function referenceFeatures(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Promise<Features | undefined> {
  if (!(await loadVerifier())) return undefined;
  const img = await decodeImage(bytes, limits);
  const { workWidth: w, workHeight: h } = img;
  const luma = lumaFromPixels(img.rgb, w, h, 3);
  const picture = locatedPicture(img.rgb, luma, w, h, trimBox(img.rgb, w, h));
  const features = withPicture(extractFeatures(greyFromLuma(luma), w, h), picture);
  return withPagePictureFeatures(bytes, limits, img, features);
}

/** SHA-256 of the bytes, as 64 hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Decodes and fingerprints image bytes. Throws a FingerprintError (with a specific code) for
 * inputs that cannot be decoded; callers processing batches catch it per file.
 */
export async function fingerprint(
  bytes: Uint8Array,
  options: FingerprintOptions = { role: 'reference' },
): Promise<Fingerprint> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Once per process (~1.5 s, ~130 MB); from then on verification is synchronous. Fingerprinting a
  // reference needs it (its features are stored); for a candidate, whoever decides loads it with
  // the references' features (the crawl's reference index, `jium match`), and a centre crawl
  // worker loads it when it starts, for the first look it sends (decision 0113).
  if (options.role === 'reference') await loadVerifier();
  const img = await decodeImage(bytes, limits);
  const fp = fingerprintDecoded(img, options.sha256 ?? sha256Hex(bytes), options);
  // A page reference's located picture gets keypoints of its own (decision 0167).
  if (fp.features) fp.features = await withPagePictureFeatures(bytes, limits, img, fp.features);
  if (options.exchangePdq ?? options.role === 'reference')
    fp.pdq = await exchangePdq(bytes, limits);
  return fp;
}
