/**
 * What ffprobe would say about an mp4, mov or 3gp file's first video track, read from its `moov`
 * box in Node (decision 0125): size, rotation, average frame rate and duration. Starting ffprobe
 * costs ~0.15 s of CPU a video (most of it loading FFmpeg's libraries), as much as decoding a
 * third of a 30 s 640x360 video. Anything this reader does not know for certain (fragmented
 * files, a compressed or oversized `moov`, no video track, a count that does not add up) answers
 * undefined, and the caller asks ffprobe as before. Fields follow FFmpeg's mov demuxer:
 * avg_frame_rate = samples × timescale / the sum of the `stts` durations; the stream's duration
 * from `mdhd`, the file's from `mvhd`.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** What the header says about the first video track (sides as stored; `quarter`: turned 90°). */
export interface IsoVideoInfo {
  width: number;
  height: number;
  quarter: boolean;
  fps: number;
  durationS: number;
}

/** A `moov` larger than this is left to ffprobe (a 2-hour 30 fps video's is ~2-3 MB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

interface Box {
  type: string;
  /** Payload start and end (after the header) within the buffer. */
  start: number;
  end: number;
}

/** The boxes between `from` and `to` of `b` (undefined when one runs past `to`: malformed). */
function boxes(b: Buffer, from: number, to: number): Box[] | undefined {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let len = b.readUInt32BE(at);
    let head = 8;
    if (len === 1) {
      if (at + 16 > to) return undefined;
      len = Number(b.readBigUInt64BE(at + 8));
      head = 16;
    } else if (len === 0) {
      len = to - at;
    }
    if (len < head || at + len > to) return undefined;
    out.push({ type: b.toString('latin1', at + 4, at + 8), start: at + head, end: at + len });
    at += len;
  }
  return out;
}

const child = (b: Buffer, box: Box | undefined, type: string) =>
  box && boxes(b, box.start, box.end)?.find((c) => c.type === type);

/** A full box's 32- or 64-bit field: `v0` is its offset in version 0, `v1` in version 1. */
function field(b: Buffer, box: Box, v0: number, v1: number): number | undefined {
  const v1Box = b[box.start] === 1;
  const at = box.start + (v1Box ? v1 : v0);
  if (at + (v1Box ? 8 : 4) > box.end) return undefined;
  return v1Box ? Number(b.readBigUInt64BE(at)) : b.readUInt32BE(at);
}

/** Reads `len` bytes at `at`. */
function readAt(fd: number, at: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, at);
  return b.subarray(0, n);
}

/** Where the top-level `moov` box is, or undefined. */
function findMoov(fd: number, size: number): { at: number; len: number } | undefined {
  let at = 0;
  for (let n = 0; n < 4096 && at + 8 <= size; n++) {
    const h = readAt(fd, at, 16);
    if (h.length < 8) return undefined;
    let len = h.readUInt32BE(0);
    let head = 8;
    if (len === 1) {
      if (h.length < 16) return undefined;
      len = Number(h.readBigUInt64BE(8));
      head = 16;
    } else if (len === 0) {
      len = size - at;
    }
    if (len < head) return undefined;
    if (h.toString('latin1', 4, 8) === 'moov') return { at: at + head, len: len - head };
    at += len;
  }
  return undefined;
}

/** The first video track's facts from a parsed `moov` payload, or undefined. */
function firstVideoTrack(b: Buffer): IsoVideoInfo | undefined {
  const top = boxes(b, 0, b.length);
  // A fragmented file keeps its samples outside moov; a compressed moov is not read here.
  if (!top || top.some((x) => x.type === 'mvex' || x.type === 'cmov')) return undefined;
  const mvhd = top.find((x) => x.type === 'mvhd');
  const movieScale = mvhd && field(b, mvhd, 12, 20);
  const movieDur = mvhd && field(b, mvhd, 16, 24);
  for (const trak of top.filter((x) => x.type === 'trak')) {
    const mdia = child(b, trak, 'mdia');
    const hdlr = child(b, mdia, 'hdlr');
    if (!hdlr || b.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    const tkhd = child(b, trak, 'tkhd');
    const mdhd = child(b, mdia, 'mdhd');
    const stbl = child(b, child(b, mdia, 'minf'), 'stbl');
    const stsd = child(b, stbl, 'stsd');
    const stts = child(b, stbl, 'stts');
    if (!tkhd || !mdhd || !stsd || !stts) return undefined;
    // The first sample entry's width and height (VisualSampleEntry, 24 bytes into the entry).
    const entry = stsd.start + 8;
    if (entry + 36 > stsd.end) return undefined;
    const width = b.readUInt16BE(entry + 32);
    const height = b.readUInt16BE(entry + 34);
    // The display matrix's first row: a quarter turn puts the rotation in b, not a.
    const matrix = tkhd.start + (b[tkhd.start] === 1 ? 52 : 40);
    if (matrix + 8 > tkhd.end) return undefined;
    const quarter = Math.abs(b.readInt32BE(matrix)) < Math.abs(b.readInt32BE(matrix + 4));
    const timescale = field(b, mdhd, 12, 20);
    const trackDur = field(b, mdhd, 16, 24);
    const entries = stts.start + 8 <= stts.end ? b.readUInt32BE(stts.start + 4) : 0;
    if (!timescale || entries === 0 || stts.start + 8 + 8 * entries > stts.end) return undefined;
    let samples = 0;
    let ticks = 0;
    for (let i = 0, at = stts.start + 8; i < entries; i++, at += 8) {
      samples += b.readUInt32BE(at);
      ticks += b.readUInt32BE(at) * b.readUInt32BE(at + 4);
    }
    if (!(samples > 0 && ticks > 0 && width > 0 && height > 0)) return undefined;
    const trackS = (trackDur ?? 0) / timescale;
    const movieS = movieScale ? (movieDur ?? 0) / movieScale : 0;
    return {
      width,
      height,
      quarter,
      fps: (samples * timescale) / ticks,
      durationS: Math.max(trackS, movieS),
    };
  }
  return undefined;
}

/**
 * The first video track of an ISO-BMFF file (`size` bytes at `abs`) as its `moov` box says, or
 * undefined when ffprobe should be asked instead.
 */
export function isoVideoInfo(abs: string, size: number): IsoVideoInfo | undefined {
  const fd = openSync(abs, 'r');
  try {
    const moov = findMoov(fd, size);
    if (!moov || moov.len > MAX_MOOV_BYTES || moov.at + moov.len > size) return undefined;
    const b = readAt(fd, moov.at, moov.len);
    return b.length === moov.len ? firstVideoTrack(b) : undefined;
  } finally {
    closeSync(fd);
  }
}
