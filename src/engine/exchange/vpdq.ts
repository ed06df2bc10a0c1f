/**
 * vPDQ signals in the ThreatExchange text form (issue 15 item 6, decision 0053): what
 * python-threatexchange's vPDQ signal type serialises (`vpdq_to_json` in its vpdq extension) —
 * a JSON array with one string per sampled frame, `"<PDQ hex>,<quality>,<seconds>"` — and, in
 * its file exchange, one signal per line after the type name: `vpdq ["…,100,0.0", …]`.
 *
 * Jium writes the seconds with three decimals (the precision python-threatexchange rounds to) and
 * no spaces, and reads any number Python's `float()` would (its own writer formats them with
 * three significant digits, e.g. `1.23e+02`).
 */
import { bytesToHex, hexToBytes } from '../fingerprint';
import type { VideoFingerprint, VideoFrameHash } from '../video';

const FRAME = /^([0-9a-f]{64}),(\d{1,3}),([0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)$/i;

/** The frames of a vPDQ signal, or null when it is not one (or has no frame). */
export function parseVpdq(signal: string): VideoFingerprint | null {
  let items: unknown;
  try {
    items = JSON.parse(signal);
  } catch {
    return null;
  }
  if (!Array.isArray(items) || items.length === 0) return null;
  const frames: VideoFrameHash[] = [];
  for (const item of items) {
    const m = typeof item === 'string' ? FRAME.exec(item.trim()) : null;
    if (!m || Number(m[2]) > 100) return null;
    const timestampS = Number(m[3]);
    if (!Number.isFinite(timestampS)) return null;
    frames.push({ timestampS, pdq: hexToBytes(m[1]!.toLowerCase()), quality: Number(m[2]) });
  }
  frames.sort((a, b) => a.timestampS - b.timestampS);
  const gaps = frames
    .slice(1)
    .map((f, i) => f.timestampS - frames[i]!.timestampS)
    .filter((g) => g > 0);
  gaps.sort((a, b) => a - b);
  return {
    durationS: frames[frames.length - 1]!.timestampS,
    width: 0,
    height: 0,
    sampleEveryS: gaps[Math.floor(gaps.length / 2)] ?? 1,
    frames,
    sampled: false,
  };
}

/** A video fingerprint as the ThreatExchange vPDQ signal (frames in time order). */
export function formatVpdq(fp: Pick<VideoFingerprint, 'frames'>): string {
  const frames = [...fp.frames].sort((a, b) => a.timestampS - b.timestampS);
  return JSON.stringify(
    frames.map((f) => `${bytesToHex(f.pdq)},${f.quality},${f.timestampS.toFixed(3)}`),
  );
}
