/**
 * PDQ's three full-size box-filter passes in WebAssembly SIMD (pdq-blur.wat, decision 0128): the
 * row pass, the column pass and the sampled row pass of blurDecimate64, the same float32 operations
 * in the same order as the JavaScript passes, so the bits are the same (pdq-blur.test.ts) — about
 * 2.8x faster; and, since decision 0160, the DCT (`simdDct`, pdq.ts's dct64To16 with the same bits).
 * The module is compiled once per thread on first use. One instance, its memory
 * grown to the largest working image seen, serves images up to SHARED_MAX floats a plane (512 px
 * working images, video frames, 720p); a larger one (a full-resolution exchange hash) gets an
 * instance of its own, dropped after the call, so its memory is not kept. Where WebAssembly SIMD is
 * missing, or JIUM_PDQ_WASM=0 (benches compare both ways), the caller runs its JavaScript passes.
 */
import { PDQ_BLUR_WASM } from './pdq-blur-wasm';

/** What the module exports (pdq-blur.wat). */
interface BlurExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  rows: (...args: number[]) => void;
  cols: (...args: number[]) => void;
  dct: (a: number, d: number, dt: number, t: number, out: number) => void;
}

/** The part of the WebAssembly API used here (the Node type set declares its types only). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
type WasmModule = { readonly kind: 'module' };
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/*
 * The memory's fixed start: the DCT's operands and scratch (byte offsets; the image planes of
 * simdPasses follow). The first page (64 KiB) holds them, so no call has to grow it.
 */
const DCT_A = 64;
const DCT_D = DCT_A + 64 * 64 * 4;
const DCT_DT = DCT_D + 16 * 64 * 4;
const DCT_T = DCT_DT + 64 * 16 * 4;
const DCT_OUT = DCT_T + 16 * 64 * 4;
const DCT_END = DCT_OUT + 256 * 4;

/** Floats per plane (rows x padded columns) that the shared instance's memory may grow to. */
const SHARED_MAX = 1 << 20;
const PAGE = 65536;

let enabled = globalThis.process?.env['JIUM_PDQ_WASM'] !== '0';
let compiled: WasmModule | null | undefined;
let shared: BlurExports | undefined;

/** Turns the WebAssembly passes on or off (tests and benches compare the two). */
export function setPdqSimd(on: boolean): void {
  enabled = on;
}

/** Whether the next blur runs the WebAssembly passes. */
export function pdqSimdActive(): boolean {
  return enabled && module() !== null;
}

function module(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  const bytes = Uint8Array.from(atob(PDQ_BLUR_WASM), (c) => c.charCodeAt(0));
  compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  return compiled;
}

function instance(mod: WasmModule): BlurExports {
  return new wasm.Instance(mod, {}).exports as BlurExports;
}

/**
 * Runs the three passes on the `rows` x `cols` region of `luma` (from `off`, rows `stride` apart)
 * with the phases of the reference's 1-D filter along rows (`rowPhases`) and columns
 * (`colPhases`), the 64 sampled columns `at` and the window size at each column `sizes`. Returns
 * the sampled row pass's output (`rows` x 64), a view valid until the next call, or undefined when
 * the WebAssembly passes are off or unavailable.
 */
export function simdPasses(
  luma: Float32Array,
  off: number,
  stride: number,
  rows: number,
  cols: number,
  rowPhases: readonly number[],
  colPhases: readonly number[],
  at: Int32Array,
  sizes: Float64Array,
): Float32Array | undefined {
  const mod = enabled ? module() : null;
  if (!mod) return undefined;
  // Rows padded to whole lanes; the padding columns are filtered too and never read.
  const s4 = (cols + 3) & ~3;
  const ex = rows * s4 > SHARED_MAX ? instance(mod) : (shared ??= instance(mod));
  const plane = rows * s4 * 4;
  const src = DCT_END;
  const tmp = src + plane;
  const work = tmp + plane;
  const narrow = work + plane;
  const line = narrow + rows * 64 * 4;
  const sums = line + s4 * 16;
  const atPtr = sums + s4 * 4;
  const sizesPtr = atPtr + 64 * 4;
  const end = sizesPtr + s4 * 4;
  const have = ex.memory.buffer.byteLength;
  if (end > have) ex.memory.grow(Math.ceil((end - have) / PAGE));
  const mem = new Float32Array(ex.memory.buffer);
  for (let r = 0; r < rows; r++) {
    const from = off + r * stride;
    mem.set(luma.subarray(from, from + cols), src / 4 + r * s4);
  }
  new Int32Array(ex.memory.buffer).set(at, atPtr / 4);
  mem.set(sizes, sizesPtr / 4);
  const [p1, p2, p3, p4] = rowPhases;
  const [q1, q2, q3, q4] = colPhases;
  ex.rows(src, tmp, rows, s4, p1!, p2!, p3!, p4!, 0, 0, 0, 0);
  ex.cols(tmp, work, rows, s4, q1!, q2!, q3!, q4!, sums);
  ex.rows(work, narrow, rows, s4, p1!, p2!, p3!, p4!, 1, line, atPtr, sizesPtr);
  return mem.subarray(narrow / 4, narrow / 4 + rows * 64);
}

/**
 * PDQ's DCT of the 64x64 image `a` (pdq.ts's dct64To16, the same float32 operations in the same
 * order: the same bits) with the 16 x 64 basis `d` and its transpose `dt`: a new 16 x 16 block, or
 * undefined when the WebAssembly passes are off or unavailable.
 */
export function simdDct(
  a: Float32Array,
  d: Float32Array,
  dt: Float32Array,
): Float32Array | undefined {
  const mod = enabled ? module() : null;
  if (!mod) return undefined;
  const ex = (shared ??= instance(mod));
  const mem = new Float32Array(ex.memory.buffer);
  mem.set(a.subarray(0, 64 * 64), DCT_A / 4);
  mem.set(d, DCT_D / 4);
  mem.set(dt, DCT_DT / 4);
  ex.dct(DCT_A, DCT_D, DCT_DT, DCT_T, DCT_OUT);
  return mem.slice(DCT_OUT / 4, DCT_OUT / 4 + 256);
}
