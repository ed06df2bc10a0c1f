/**
 * Video fingerprinting speed (issue 15), printed as ratios:
 *  1. fingerprintVideo against FFmpeg decode-only at the same sampling, on the same files: FFmpeg
 *     decodes every frame and keeps the sampled ones (select filter) into the null muxer, which is
 *     all of the work the fingerprint cannot avoid. Target: >= 0.8 of its sampled frames per second.
 *  2. A 10-minute 1080p30 H.264 video registered (reference sampling, 5 frames a second) and as a
 *     candidate (1 a second) against FFmpeg alone decoding it (every frame to the null muxer).
 *     Target: registered in <= 1.25x.
 *  3. What the decoding choices cost in agreement: `-skip_frame nokey` (decode keyframes only) and
 *     hashing at the video's own size instead of <= 512 px, on the reference sample videos.
 *  4. Where the time goes on the 30 s pans (5 samples a second): CPU per stage (ffprobe or the
 *     header read, decoding, scaling, the Node side per frame: PDQ and the rest, measured by a
 *     fingerprint with PDQ skipped (decision 0127); the content box;
 *     what a registration adds: SHA-256 and sealing of the original, the strip's keyframes).
 * Part 1 runs the fingerprint two ways: now, and before decision 0164 (FFmpeg's own filter threads
 * and rawvideo written where it is decoded; 0164 gives frames up to 640 x 480 one filter thread and
 * the fifo muxer, as 0160 gave them one decoder thread). Part 2 runs it
 * as now and as before decision 0125 (ffprobe, frames hashed in the thread that reads FFmpeg's
 * pipe; now: mp4s probed from their own header, frames hashed in the process's long-lived hashing
 * thread; the bench builds the worker). CPU times: Node's own (all its threads) and its
 * children's (FFmpeg, ffprobe; /proc/self/stat), beside the load average of the shared machine.
 *  5. Decoding only what sampling needs on the ten minutes of 1080p: FFmpeg with -skip_frame noref
 *     (reference frames only) and nokey (keyframes only) against every frame; what the two cost in
 *     agreement is in part 3 (`--skip-rows-only` prints only those rows).
 * Videos are made from the demo's benign generated photographs and cached under
 * bench/.data/video-throughput. Run: npm run bench -- video-throughput [--only=1,2,3]
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { seal } from '../src/engine/cases/sealing';
import { ORIGINAL_CHUNK_BYTES, stripTimes } from '../src/engine/cases/videos';
import { hamming256, hexToBytes } from '../src/engine/fingerprint/hash-bits';
import { vectorsDir } from '../src/engine/fingerprint/test-support';
import { CONTENT_BOX, contentBox } from '../src/engine/video/content-box';
import {
  fingerprintVideo,
  hashSize,
  REFERENCE_SAMPLE_EVERY_S,
} from '../src/engine/video/fingerprint-video';
import { hashGreyFrame, videoWorkerAvailable } from '../src/engine/video/frame-hasher';
import { keyframes } from '../src/engine/video/keyframes';
import { mergeLimits } from '../src/engine/video/limits';
import { probeVideo } from '../src/engine/video/probe';
import { useBuiltVideoWorker } from '../src/engine/video/test-worker';
import { panVideo } from '../src/engine/video/test-videos';

const dir = path.join(process.cwd(), 'bench/.data/video-throughput');
mkdirSync(dir, { recursive: true });

function ff(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-nostdin', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/** CPU milliseconds so far: this process's (every thread) and its waited-for children's. */
function cpuMs(): { node: number; children: number } {
  const u = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (cutime, cstime), counted from the state field (3): indexes 13 and 14.
  const ticks = Number(f[13]) + Number(f[14]);
  return { node: (u.user + u.system) / 1000, children: ticks * 10 };
}

/** CPU used by `fn`, as cpuMs. */
async function cpuOf<T>(
  fn: () => Promise<T> | T,
): Promise<[{ node: number; children: number }, T]> {
  const a = cpuMs();
  const v = await fn();
  const b = cpuMs();
  return [{ node: b.node - a.node, children: b.children - a.children }, v];
}

function seconds(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

async function secondsAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [(performance.now() - t) / 1000, v];
}

const probed = new Map<string, { fps: number; frames: number }>();
/** Frame rate and count (cached: the timed runs must not include it). */
function probe(file: string): { fps: number; frames: number } {
  const known = probed.get(file);
  if (known) return known;
  const r = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_packets',
      '-show_entries',
      'stream=avg_frame_rate,nb_read_packets',
      '-of',
      'csv=p=0',
      file,
    ],
    { encoding: 'utf8' },
  );
  const [rate, n] = r.stdout.trim().split(',');
  const [a, b] = (rate ?? '30/1').split('/').map(Number);
  const info = { fps: (a ?? 30) / (b || 1), frames: Number(n) };
  probed.set(file, info);
  return info;
}

/**
 * FFmpeg decoding every frame and keeping every M-th (as fingerprintVideo samples) into null;
 * `thenFilters` are filters run on the kept frames after that (`,scale=…`).
 */
function decodeOnly(file: string, sampleEveryS: number, thenFilters = ''): number {
  const { fps } = probe(file);
  const m = Math.max(1, Math.floor(sampleEveryS * fps));
  return seconds(() =>
    ff([
      '-i',
      file,
      '-map',
      '0:v:0',
      '-vf',
      `select=not(mod(n\\,${m}))${thenFilters}`,
      '-fps_mode',
      'passthrough',
      '-f',
      'null',
      '-',
    ]),
  );
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** FFmpeg's -skip_frame modes measured: keyframes only, reference frames only. */
const SKIP_MODES = ['nokey', 'noref'] as const;

/** The times of the frames FFmpeg decodes from `file` with `-skip_frame skip`. */
function decodedTimes(file: string, skip: string): number[] {
  const r = spawnSync(
    'ffmpeg',
    [
      ...['-v', 'info', '-skip_frame', skip, '-i', file, '-map', '0:v:0'], // showinfo prints at info
      ...['-fps_mode', 'passthrough', '-vf', 'showinfo', '-f', 'null', '-'],
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return [...r.stderr.matchAll(/pts_time:([0-9.]+)/g)].map((m) => Number(m[1]));
}
/**
 * The two ways compared (decision 0125): 'thread' is today's default (mp4s probed from their own
 * header, frames hashed in the process's long-lived hashing thread); 'inline' is the code before
 * it (ffprobe for every file, frames hashed in the thread that reads FFmpeg's pipe).
 */
const WAYS = {
  thread: {},
  inline: { hashThread: false, ffprobe: true },
} as const;
/**
 * Part 1's two ways: now, and before decision 0164 (frames up to 640 x 480 decoded on one thread,
 * but FFmpeg's own filter threads and rawvideo written where it is decoded; 0164 runs the filters on
 * one thread too and writes through the fifo muxer). 720p and 1080p run the same code both ways.
 */
const PART1 = { now: {}, before: { lean: false } } as const;
const REPEAT = 3;
/** `--only=2,3` runs only those parts (the 10-minute part alone takes minutes on a busy machine). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',')
  .map(Number);
const part = (n: number) => !only || only.includes(n);
const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ffmpeg ${spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout.split(' ')[2]}`;
console.log(`machine: ${machine}`);
await useBuiltVideoWorker(process.cwd());
console.log(`hashing thread available: ${videoWorkerAvailable()}`);

// 1. Same files, same sampling -------------------------------------------------------------
if (part(1)) {
  const small: string[] = [];
  for (const [i, size] of (['640x360', '1280x720', '1920x1080'] as const).entries()) {
    const file = path.join(dir, `pan-${size}.mp4`);
    if (!existsSync(file))
      await panVideo(dir, `pan-${size}`, [700 + 3 * i, 701 + 3 * i, 702 + 3 * i], 10, size);
    small.push(file);
  }
  console.log(
    '\n1. fingerprintVideo vs FFmpeg decode-only at the same sampling (30 s pans, 30 fps)',
  );
  console.log(
    `   best of ${REPEAT} interleaved runs each (shared machine: load average ${os.loadavg()[0]!.toFixed(1)})\n`,
  );
  console.log(
    'video               sampling  frames  decode-only s  fp now s  fp 0164- s  ratio now  ratio 0164-  CPU ms dec / now (node+ffmpeg) / before',
  );
  for (const file of small) {
    for (const s of [1, REFERENCE_SAMPLE_EVERY_S]) {
      let dec = Infinity;
      const fp = { now: Infinity, before: Infinity };
      const cpu = { dec: Infinity, now: Infinity, before: Infinity };
      const cpuText = { now: '', before: '' };
      let n = 0;
      for (let r = 0; r < REPEAT; r++) {
        const [dc, ds] = await cpuOf(() => decodeOnly(file, s));
        dec = Math.min(dec, ds);
        cpu.dec = Math.min(cpu.dec, dc.children);
        for (const way of ['now', 'before'] as const) {
          const [c, [t, print]] = await cpuOf(() =>
            secondsAsync(() =>
              fingerprintVideo(file, { sampleEveryS: s, noPrune: true, ...PART1[way] }),
            ),
          );
          fp[way] = Math.min(fp[way], t);
          if (c.node + c.children < cpu[way]) {
            cpu[way] = c.node + c.children;
            cpuText[way] = `${c.node.toFixed(0)}+${c.children.toFixed(0)}`;
          }
          n = print.frames.length;
        }
      }
      console.log(
        `${path.basename(file).padEnd(20)}${pad(s, 8)}${pad(n, 8)}${pad(dec.toFixed(2), 15)}${pad(fp.now.toFixed(2), 10)}${pad(fp.before.toFixed(2), 13)}` +
          `${pad((dec / fp.now).toFixed(2), 11)}${pad((dec / fp.before).toFixed(2), 14)}   ${cpu.dec.toFixed(0)} / ${cpuText.now} / ${cpuText.before}`,
      );
    }
  }
  console.log(`(load average after: ${os.loadavg()[0]!.toFixed(1)})`);
}

// 2. Ten minutes of 1080p30 H.264 ----------------------------------------------------------
if (part(2)) {
  const long = path.join(dir, 'ten-minutes-1080p30.mp4');
  if (!existsSync(long)) {
    const minute = await panVideo(
      dir,
      'minute-1080p',
      [800, 801, 802, 803, 804, 805],
      10,
      '1920x1080',
    );
    const list = path.join(dir, 'ten.txt');
    writeFileSync(list, Array.from({ length: 10 }, () => `file '${minute}'`).join('\n') + '\n');
    ff(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', long]);
  }
  const info = probe(long);
  console.log(
    `\n2. ten minutes of 1080p30 H.264 (${info.frames} frames) registered vs FFmpeg decoding it alone`,
  );
  console.log(`   one run each, in this order (load average ${os.loadavg()[0]!.toFixed(1)})\n`);
  const [plainCpu, plain] = await cpuOf(() =>
    seconds(() => ff(['-i', long, '-map', '0:v:0', '-f', 'null', '-'])),
  );
  console.log(
    'run                                          seconds  x decode  frames kept  CPU s node + children',
  );
  console.log(
    `FFmpeg decode alone (every frame)         ${pad(plain.toFixed(1), 10)}${pad('1.00', 10)}${pad('', 13)}   0 + ${(plainCpu.children / 1000).toFixed(1)}`,
  );
  for (const [label, opts] of [
    ['registered (5 frames/s), now', { sampleEveryS: REFERENCE_SAMPLE_EVERY_S }],
    [
      'registered (5 frames/s), before 0125',
      { sampleEveryS: REFERENCE_SAMPLE_EVERY_S, ...WAYS.inline },
    ],
    ['candidate (1 frame/s), now', {}],
  ] as const) {
    const [c, [t, print]] = await cpuOf(() => secondsAsync(() => fingerprintVideo(long, opts)));
    console.log(
      `${label.padEnd(42)}${pad(t.toFixed(1), 10)}${pad((t / plain).toFixed(2), 10)}${pad(print.frames.length, 13)}   ${(c.node / 1000).toFixed(1)} + ${(c.children / 1000).toFixed(1)}`,
    );
  }
  console.log(`(load average after: ${os.loadavg()[0]!.toFixed(1)})`);
}

// 3. What the choices cost in agreement, on the reference sample videos ---------------------
if (part(3)) {
  const videos = path.join(vectorsDir, 'tmk/sample-videos');
  const hashes = path.join(vectorsDir, 'vpdq/sample-hashes');
  if (existsSync(videos)) {
    console.log(
      '\n3. agreement with the reference hashes (within 31 bits, both qualities >= 50) and time, 14 sample videos\n',
    );
    const expected = (name: string) =>
      readFileSync(path.join(hashes, `${name}.txt`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const [, q, hex, t] = l.split(',');
          return { q: Number(q), pdq: hexToBytes(hex!), t: Number(t) };
        });
    const names = readdirSync(videos)
      .filter((f) => f.endsWith('.mp4'))
      .map((f) => f.slice(0, -4))
      .sort();
    const rows: [string, number, number, number, number][] = [];
    // `--skip-rows-only`: only the -skip_frame rows (the fingerprint rows take minutes).
    const hashRows = process.argv.includes('--skip-rows-only')
      ? []
      : ([
          ['grey <= 512 px (Jium)', {}],
          ['grey at own size', { maxSide: 0 }],
        ] as const);
    for (const [label, opts] of hashRows) {
      let counted = 0;
      let within = 0;
      let frames = 0;
      const [secs] = await secondsAsync(async () => {
        for (const name of names) {
          const fp = await fingerprintVideo(path.join(videos, `${name}.mp4`), {
            noPrune: true,
            ...opts,
          });
          const ex = expected(name);
          frames += fp.frames.length;
          for (const f of fp.frames) {
            const e = ex.reduce((a, b) =>
              Math.abs(b.t - f.timestampS) < Math.abs(a.t - f.timestampS) ? b : a,
            );
            if (f.quality < 50 || e.q < 50) continue;
            counted++;
            if (hamming256(f.pdq, e.pdq) <= 31) within++;
          }
        }
      });
      rows.push([label, frames, counted, within, secs]);
    }
    // Keyframes only, or reference frames only: how many of Jium's 1 s samples have a decoded
    // frame within 31 bits (by the reference hashes of the two moments).
    const skipRows: [string, number, number, number, number][] = [];
    for (const skip of SKIP_MODES) {
      let kfFrames = 0;
      let kfCounted = 0;
      let kfWithin = 0;
      const kfSecs = seconds(() => {
        for (const name of names) {
          const times = decodedTimes(path.join(videos, `${name}.mp4`), skip);
          kfFrames += times.length;
          const ex = expected(name);
          // A 1 s sample agrees when the nearest decoded frame's expected hash is within 31 bits of its own.
          for (let t = 0; t <= (ex.at(-1)?.t ?? 0); t += 1) {
            const own = ex.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));
            if (own.q < 50 || times.length === 0) continue;
            const kt = times.reduce((a, b) => (Math.abs(b - t) < Math.abs(a - t) ? b : a));
            const k = ex.reduce((a, b) => (Math.abs(b.t - kt) < Math.abs(a.t - kt) ? b : a));
            if (k.q < 50) continue;
            kfCounted++;
            if (hamming256(own.pdq, k.pdq) <= 31) kfWithin++;
          }
        }
      });
      skipRows.push([`-skip_frame ${skip} (decode only)`, kfFrames, kfCounted, kfWithin, kfSecs]);
    }
    console.log('decoding                        frames  counted  within31  share   seconds');
    for (const [label, frames, counted, within, secs] of rows) {
      console.log(
        `${label.padEnd(30)}${pad(frames, 8)}${pad(counted, 9)}${pad(within, 10)}${pad(((100 * within) / counted).toFixed(1), 6)}%${pad(secs.toFixed(1), 10)}`,
      );
    }
    for (const [label, frames, counted, within, secs] of skipRows) {
      console.log(
        `${label.padEnd(30)}${pad(frames, 8)}${pad(counted, 9)}${pad(within, 10)}` +
          `${pad(((100 * within) / Math.max(1, counted)).toFixed(1), 6)}%${pad(secs.toFixed(1), 10)}`,
      );
    }
    console.log(
      '(skip rows: share of 1 s moments whose nearest decoded frame holds the same picture, by the reference hashes)',
    );
  }
}

// 5. Decoding only what the sampling needs, on the ten minutes of 1080p ----------------------
if (part(5)) {
  const long = path.join(dir, 'ten-minutes-1080p30.mp4');
  console.log(
    `\n5. ten minutes of 1080p30: FFmpeg decoding every frame, reference frames only, keyframes only (load average ${os.loadavg()[0]!.toFixed(1)})\n`,
  );
  console.log('decoding            seconds  CPU s  x every frame (CPU)');
  let all = 0;
  for (const skip of ['default', ...SKIP_MODES]) {
    const [c, t] = await cpuOf(() =>
      seconds(() => ff(['-skip_frame', skip, '-i', long, '-map', '0:v:0', '-f', 'null', '-'])),
    );
    if (skip === 'default') all = c.children;
    console.log(
      `${skip.padEnd(16)}${pad(t.toFixed(1), 11)}${pad((c.children / 1000).toFixed(1), 7)}${pad((c.children / all).toFixed(2), 21)}`,
    );
  }
}

// 4. Where the time goes (CPU per stage) ----------------------------------------------------
if (part(4)) {
  console.log(
    `\n4. CPU per stage, 30 s pans at 5 samples a second (best of ${REPEAT}; load average ${os.loadavg()[0]!.toFixed(1)})\n`,
  );
  console.log(
    'video            ffprobe ms  header ms  decode ms  +select,scale,gray ms  node ms (fp before)  node ms (fp now)  node ms (PDQ skipped)  ffmpeg ms (0164- / now)  frames  PDQ ms/frame  node ms/frame      box ms  sha256+seal ms  strip ms (children)',
  );
  for (const size of ['640x360', '1280x720', '1920x1080']) {
    const file = path.join(dir, `pan-${size}.mp4`);
    if (!existsSync(file)) continue;
    const best = async (fn: () => Promise<unknown> | unknown, key: 'node' | 'children') => {
      let b = Infinity;
      for (let r = 0; r < REPEAT; r++) b = Math.min(b, (await cpuOf(fn))[0][key]);
      return b;
    };
    const info = await probeVideo(file, mergeLimits());
    const { w, h } = hashSize(info.width, info.height);
    const probeMs = await best(
      () => probeVideo(file, mergeLimits(), undefined, { ffprobe: true }),
      'children',
    );
    const headerMs = await best(() => probeVideo(file, mergeLimits()), 'node');
    const decodeMs = await best(() => decodeOnly(file, REFERENCE_SAMPLE_EVERY_S), 'children');
    const scaledMs = await best(
      () => decodeOnly(file, REFERENCE_SAMPLE_EVERY_S, `,scale=${w}:${h}:flags=area,format=gray`),
      'children',
    );
    let frames = 0;
    const grey: Uint8Array[] = [];
    const nodeMs = async (way: keyof typeof WAYS | 'skipPdq') =>
      best(async () => {
        const fp = await fingerprintVideo(file, {
          sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
          noPrune: true,
          ...(way === 'skipPdq' ? { hashThread: false, skipPdq: true } : WAYS[way]),
          onGreyFrame: (g) => {
            if (grey.length < CONTENT_BOX.frames) grey.push(g.slice());
          },
        });
        frames = fp.frames.length;
      }, 'node');
    const beforeMs = await nodeMs('inline');
    const nowMs = await nodeMs('thread');
    // Everything the Node side does but PDQ (decision 0127): pipe, copies, content box, spawning.
    const skipMs = await nodeMs('skipPdq');
    // FFmpeg's CPU inside a fingerprint (PDQ skipped), before decision 0164 and now: at 640x360 the
    // scaler's slice threads, now one filter thread (720p and 1080p run the same code both ways).
    const ffmpegMs = (lean: boolean) =>
      best(
        () =>
          fingerprintVideo(file, {
            sampleEveryS: REFERENCE_SAMPLE_EVERY_S,
            noPrune: true,
            hashThread: false,
            skipPdq: true,
            ...(lean ? {} : { lean }),
          }),
        'children',
      );
    const ffText = `${(await ffmpegMs(false)).toFixed(0)} / ${(await ffmpegMs(true)).toFixed(0)}`;
    // Hashed as the fingerprint hashes them: with the video's content box, a second PDQ when there
    // is one (decision 0160: the 640x360 pan has one, so its frames cost two PDQs).
    const box = contentBox(grey, w, h);
    const pdqMs =
      (await best(() => grey.forEach((g) => hashGreyFrame(g, w, h, box)), 'node')) / grey.length;
    const boxMs = await best(() => contentBox(grey, w, h), 'node');
    // What a registration adds after the fingerprint (cases/videos.ts): the file's SHA-256, its
    // original sealed in 4 MiB AES-GCM parts, and the strip's keyframes (FFmpeg children).
    const key = randomBytes(32);
    const sealMs = await best(() => {
      const bytes = readFileSync(file);
      createHash('sha256').update(bytes).digest();
      for (let at = 0; at < bytes.length; at += ORIGINAL_CHUNK_BYTES)
        seal(key, bytes.subarray(at, at + ORIGINAL_CHUNK_BYTES), 'bench');
    }, 'node');
    const stripMs = await best(
      () => keyframes(file, stripTimes(info.durationS), { maxSide: 160 }),
      'children',
    );
    console.log(
      `${size.padEnd(16)}${pad(probeMs.toFixed(0), 11)}${pad(headerMs.toFixed(1), 11)}${pad(decodeMs.toFixed(0), 11)}${pad(scaledMs.toFixed(0), 23)}${pad(beforeMs.toFixed(0), 21)}${pad(nowMs.toFixed(0), 18)}${pad(skipMs.toFixed(0), 23)}${pad(ffText, 25)}${pad(frames, 8)}` +
        `${pad(pdqMs.toFixed(2), 14)}${pad((beforeMs / frames).toFixed(2), 15)}${pad(`${boxMs.toFixed(1)}${box ? ' box' : ''}`, 12)}${pad(sealMs.toFixed(1), 16)}${pad(stripMs.toFixed(0), 21)}`,
    );
  }
  console.log(
    '(children = FFmpeg/ffprobe CPU from /proc/self/stat, 10 ms ticks; node = every Node thread; node ms/frame = before / frames; PDQ skipped = the fingerprint hashed where the pipe is read with PDQ left out; PDQ ms/frame = the first six frames hashed back to back, with the content box as the fingerprint hashes them; box = a content box was found: a second PDQ a frame)',
  );
}
