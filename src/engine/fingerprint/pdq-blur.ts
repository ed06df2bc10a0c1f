/**
 * PDQ's blur and decimation (split from pdq.ts): the Jarosz tent filter, two passes of row then
 * column box filters, down to the 64x64 image PDQ hashes, and the scratch buffers pdq.ts shares.
 * Every running sum is rounded to float32 in the reference's order, so the bits match the C++ core.
 */

import { simdPasses } from './pdq-blur-simd';

const f = Math.fround;

/** Box-filter window per pass: two passes of this width cover one 1/64th of the dimension. */
function jaroszWindow(oldDim: number, newDim: number): number {
  return Math.floor((oldDim + 2 * newDim - 1) / (2 * newDim));
}

/**
 * Phase lengths of the reference's 1-D box filter: accumulate without writing, write with a growing
 * window, write with the full window, write with a shrinking window.
 */
function phases(length: number, window: number): [number, number, number, number] {
  const half = Math.floor((window + 2) / 2);
  return [half - 1, window - half + 1, length - window, half - 1];
}

/** The divisor the box filter uses for each output position (the window size there). */
function windowSizes(length: number, window: number): Float64Array {
  const [p1, p2, p3, p4] = phases(length, window);
  const out = new Float64Array(length);
  let size = p1;
  let o = 0;
  for (let i = 0; i < p2; i++) out[o++] = ++size;
  for (let i = 0; i < p3; i++) out[o++] = size;
  for (let i = 0; i < p4; i++) out[o++] = --size;
  return out;
}

/** Where decimation samples a dimension of `length`: the centres of 64 equal parts. */
function samplePoints(length: number): Int32Array {
  const out = new Int32Array(64);
  for (let i = 0; i < 64; i++) out[i] = Math.floor(((i + 0.5) * length) / 64);
  return out;
}

/*
 * Scratch buffers, reused between calls (hashing is synchronous, so one set per thread is enough):
 * a 512 px working image would otherwise allocate and zero ~3 MB per region hashed. Images larger
 * than SCRATCH_MAX values get buffers of their own and leave nothing behind.
 */
const SCRATCH_MAX = 1 << 20;
const scratch: Float32Array[] = [];
export function buffer(slot: number, n: number): Float32Array {
  if (n > SCRATCH_MAX) return new Float32Array(n);
  let b = scratch[slot];
  if (!b || b.length < n) {
    b = new Float32Array(n);
    scratch[slot] = b;
  }
  return b;
}

/*
 * The box filters below keep the reference's float32 running sums exactly (same additions, same
 * order, each rounded with Math.fround or by a Float32Array store); what changes is only the
 * schedule. Rows are filtered four at a time so that four independent running sums overlap in the
 * CPU (one sum is a chain of dependent additions). A group that runs past the last row repeats the
 * last row, which writes the same values twice.
 */

/**
 * Box filter along each row of a `rows` x `cols` region of `src` (starting at `off`, rows `stride`
 * apart) into the dense buffer `dst`.
 */
function boxRows(
  src: Float32Array,
  off: number,
  stride: number,
  dst: Float32Array,
  rows: number,
  cols: number,
  w: number,
) {
  const [p1, p2, p3, p4] = phases(cols, w);
  const last = rows - 1;
  for (let r = 0; r < rows; r += 4) {
    const r1 = Math.min(r + 1, last);
    const r2 = Math.min(r + 2, last);
    const r3 = Math.min(r + 3, last);
    const a0 = off + r * stride;
    const a1 = off + r1 * stride;
    const a2 = off + r2 * stride;
    const a3 = off + r3 * stride;
    const d0 = r * cols;
    const d1 = r1 * cols;
    const d2 = r2 * cols;
    const d3 = r3 * cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let ri = 0;
    let li = 0;
    let oi = 0;
    let size = 0;
    for (let i = 0; i < p1; i++, ri++, size++) {
      s0 = f(s0 + src[a0 + ri]!);
      s1 = f(s1 + src[a1 + ri]!);
      s2 = f(s2 + src[a2 + ri]!);
      s3 = f(s3 + src[a3 + ri]!);
    }
    for (let i = 0; i < p2; i++, ri++, oi++) {
      size++;
      s0 = f(s0 + src[a0 + ri]!);
      s1 = f(s1 + src[a1 + ri]!);
      s2 = f(s2 + src[a2 + ri]!);
      s3 = f(s3 + src[a3 + ri]!);
      dst[d0 + oi] = s0 / size;
      dst[d1 + oi] = s1 / size;
      dst[d2 + oi] = s2 / size;
      dst[d3 + oi] = s3 / size;
    }
    for (let i = 0; i < p3; i++, ri++, li++, oi++) {
      s0 = f(f(s0 + src[a0 + ri]!) - src[a0 + li]!);
      s1 = f(f(s1 + src[a1 + ri]!) - src[a1 + li]!);
      s2 = f(f(s2 + src[a2 + ri]!) - src[a2 + li]!);
      s3 = f(f(s3 + src[a3 + ri]!) - src[a3 + li]!);
      dst[d0 + oi] = s0 / size;
      dst[d1 + oi] = s1 / size;
      dst[d2 + oi] = s2 / size;
      dst[d3 + oi] = s3 / size;
    }
    for (let i = 0; i < p4; i++, li++, oi++) {
      size--;
      s0 = f(s0 - src[a0 + li]!);
      s1 = f(s1 - src[a1 + li]!);
      s2 = f(s2 - src[a2 + li]!);
      s3 = f(s3 - src[a3 + li]!);
      dst[d0 + oi] = s0 / size;
      dst[d1 + oi] = s1 / size;
      dst[d2 + oi] = s2 / size;
      dst[d3 + oi] = s3 / size;
    }
  }
}

/**
 * The second row pass, kept only where decimation will sample: the running sums are the same,
 * but only the 64 sampled columns are divided and stored, into `out` (`rows` x 64).
 */
function boxRowsSampled(
  src: Float32Array,
  out: Float32Array,
  rows: number,
  cols: number,
  w: number,
  line: Float32Array,
) {
  const [p1, p2, p3, p4] = phases(cols, w);
  const sizes = windowSizes(cols, w);
  const at = samplePoints(cols);
  const last = rows - 1;
  for (let r = 0; r < rows; r += 4) {
    const rs = [r, Math.min(r + 1, last), Math.min(r + 2, last), Math.min(r + 3, last)];
    const a0 = r * cols;
    const a1 = rs[1]! * cols;
    const a2 = rs[2]! * cols;
    const a3 = rs[3]! * cols;
    const d1 = cols;
    const d2 = 2 * cols;
    const d3 = 3 * cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let ri = 0;
    let li = 0;
    let oi = 0;
    for (let i = 0; i < p1; i++, ri++) {
      s0 = f(s0 + src[a0 + ri]!);
      s1 = f(s1 + src[a1 + ri]!);
      s2 = f(s2 + src[a2 + ri]!);
      s3 = f(s3 + src[a3 + ri]!);
    }
    for (let i = 0; i < p2; i++, ri++, oi++) {
      line[oi] = s0 = f(s0 + src[a0 + ri]!);
      line[d1 + oi] = s1 = f(s1 + src[a1 + ri]!);
      line[d2 + oi] = s2 = f(s2 + src[a2 + ri]!);
      line[d3 + oi] = s3 = f(s3 + src[a3 + ri]!);
    }
    for (let i = 0; i < p3; i++, ri++, li++, oi++) {
      line[oi] = s0 = f(f(s0 + src[a0 + ri]!) - src[a0 + li]!);
      line[d1 + oi] = s1 = f(f(s1 + src[a1 + ri]!) - src[a1 + li]!);
      line[d2 + oi] = s2 = f(f(s2 + src[a2 + ri]!) - src[a2 + li]!);
      line[d3 + oi] = s3 = f(f(s3 + src[a3 + ri]!) - src[a3 + li]!);
    }
    for (let i = 0; i < p4; i++, li++, oi++) {
      line[oi] = s0 = f(s0 - src[a0 + li]!);
      line[d1 + oi] = s1 = f(s1 - src[a1 + li]!);
      line[d2 + oi] = s2 = f(s2 - src[a2 + li]!);
      line[d3 + oi] = s3 = f(s3 - src[a3 + li]!);
    }
    for (let k = 0; k < 4; k++) {
      const from = k * cols;
      const to = rs[k]! * 64;
      for (let j = 0; j < 64; j++) {
        const c = at[j]!;
        out[to + j] = line[from + c]! / sizes[c]!;
      }
    }
  }
}

/**
 * Box filter down each column, all columns in lockstep so memory is read row by row. Float32Array
 * stores and Math.fround round every partial sum to float32, as the reference's accumulator does.
 * With `sampleRows`, only those output rows are written, to `dst` row by sample index.
 */
function boxCols(
  src: Float32Array,
  dst: Float32Array,
  rows: number,
  cols: number,
  w: number,
  sums: Float32Array,
  sampleRows?: Int32Array,
) {
  const [p1, p2, p3, p4] = phases(rows, w);
  sums.fill(0, 0, cols);
  let li = 0;
  let ri = 0;
  let size = 0;
  let next = 0;
  // Writes output row `oi` (full) or every sample taken at it.
  const emit = (oi: number) => {
    if (!sampleRows) {
      for (let j = 0, q = oi * cols; j < cols; j++) dst[q + j] = sums[j]! / size;
      return;
    }
    for (; next < 64 && sampleRows[next] === oi; next++) {
      for (let j = 0, q = next * cols; j < cols; j++) dst[q + j] = sums[j]! / size;
    }
  };
  for (let i = 0; i < p1; i++, ri++, size++) {
    for (let j = 0, o = ri * cols; j < cols; j++) sums[j] = sums[j]! + src[o + j]!;
  }
  let oi = 0;
  for (let i = 0; i < p2; i++, ri++, oi++) {
    size++;
    for (let j = 0, o = ri * cols; j < cols; j++) sums[j] = sums[j]! + src[o + j]!;
    emit(oi);
  }
  for (let i = 0; i < p3; i++, ri++, li++, oi++) {
    if (sampleRows) {
      for (let j = 0, o = ri * cols, l = li * cols; j < cols; j++) {
        sums[j] = f(sums[j]! + src[o + j]!) - src[l + j]!;
      }
      emit(oi);
    } else {
      for (let j = 0, o = ri * cols, l = li * cols, q = oi * cols; j < cols; j++) {
        const s = f(f(sums[j]! + src[o + j]!) - src[l + j]!);
        sums[j] = s;
        dst[q + j] = s / size;
      }
    }
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    size--;
    for (let j = 0, l = li * cols; j < cols; j++) sums[j] = sums[j]! - src[l + j]!;
    emit(oi);
  }
}

/**
 * Jarosz tent filter (two passes of row then column box filters) of a `rows` x `cols` region of
 * `luma`, sampled at the centres of a 64x64 grid. The region is not modified. The second pass
 * computes every running sum the reference does but divides and stores only at the 64x64 samples.
 */
export function blurDecimate64(
  luma: Float32Array,
  off: number,
  stride: number,
  rows: number,
  cols: number,
): Float32Array {
  const wRows = jaroszWindow(cols, 64);
  const wCols = jaroszWindow(rows, 64);
  const sums = buffer(4, Math.max(cols, 64));
  const b64 = buffer(5, 64 * 64);
  // The three full-size passes in WebAssembly SIMD where it runs (decision 0128): the same bits.
  const at = samplePoints(cols);
  const simd = simdPasses(
    luma,
    off,
    stride,
    rows,
    cols,
    phases(cols, wRows),
    phases(rows, wCols),
    at,
    windowSizes(cols, wRows),
  );
  if (simd) {
    boxCols(simd, b64, rows, 64, wCols, sums, samplePoints(rows));
    return b64;
  }
  const n = rows * cols;
  const tmp = buffer(0, n);
  const work = buffer(1, n);
  const narrow = buffer(2, rows * 64);
  const line = buffer(3, 4 * cols);
  boxRows(luma, off, stride, tmp, rows, cols, wRows);
  boxCols(tmp, work, rows, cols, wCols, sums);
  boxRowsSampled(work, narrow, rows, cols, wRows, line);
  boxCols(narrow, b64, rows, 64, wCols, sums, samplePoints(rows));
  return b64;
}
