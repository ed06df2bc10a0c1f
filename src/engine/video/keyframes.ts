/**
 * JPEG keyframes at given times, for the blurred greyscale strips review and registration draw.
 * One FFmpeg run for all the times (decision 0162): the video is opened once per time as its own
 * input with an input-side seek, each input gives its first frame (trim), scaled so its longer
 * side is at most `maxSide`, and the frames are joined into one stream of JPEGs on stdout. The
 * bytes are those a run per time gave (the same seek, scale and encoder); a run per time cost the
 * start of FFmpeg and the opening of the video each time. Same checks and limits as
 * fingerprinting: the probe first, FFmpeg only ever opens the probed `file:` input, the wall clock
 * and address-space caps hold for the run, and each decoder runs on one thread so that several
 * open at once use no more memory than one threaded decoder did.
 */
import { runToEnd } from './child';
import { resolveFfmpeg } from './ffmpeg-path';
import { hashSize } from './fingerprint-video';
import { mergeLimits } from './limits';
import { failureCode, probeVideo, stderrReason, type ProbedVideo } from './probe';
import { VideoError } from './types';
import type { VideoLimits } from './types';

/** Frames one run decodes at most, in source pixels: five 1080p frames (a 4K video: one a run). */
const PIXELS_PER_RUN = 5 * 1920 * 1080;
/** Bytes of JPEG one frame may take on stdout. */
const MAX_JPEG_BYTES = 16 * 1024 * 1024;

/** A JPEG per requested time (clamped into the video); throws VideoError like fingerprintVideo. */
export async function keyframes(
  file: string,
  timesS: number[],
  options: { maxSide: number; limits?: Partial<VideoLimits>; signal?: AbortSignal },
): Promise<Buffer[]> {
  const limits = mergeLimits(options.limits);
  const probe = await probeVideo(file, limits, options.signal);
  const size = hashSize(probe.width, probe.height, Math.max(1, options.maxSide));
  // An input-side seek into the last second can land past the last frame and give nothing.
  const lastS = Math.max(0, probe.durationS - 1);
  const at = timesS.map((t) => Math.max(0, Math.min(Number.isFinite(t) ? t : 0, lastS)));
  const perRun = Math.max(1, Math.floor(PIXELS_PER_RUN / Math.max(1, probe.width * probe.height)));
  const out: Buffer[] = [];
  for (let i = 0; i < at.length; i += perRun) {
    out.push(...(await oneRun(probe, at.slice(i, i + perRun), size, limits, options.signal)));
  }
  return out;
}

/** FFmpeg's arguments for the frames at `at` (seconds), joined as JPEGs on stdout. */
function runArgs(probe: ProbedVideo, at: number[], size: { w: number; h: number }): string[] {
  const inputs = at.flatMap((t) => [
    ...['-threads', '1', '-ss', t.toFixed(3), '-f', probe.demuxer, '-i', probe.input],
  ]);
  const frames = at.map(
    (_, i) => `[${i}:v:0]trim=end_frame=1,scale=${size.w}:${size.h}:flags=area[f${i}]`,
  );
  // One frame a segment; the joined stream counts whole seconds so that each frame keeps its own
  // timestamp at the encoder, and passes through as it is (no frame repeated to fill the time).
  const join = `${at.map((_, i) => `[f${i}]`).join('')}concat=n=${at.length}:v=1:a=0,settb=1,setpts=N[out]`;
  return [
    ...['-nostdin', '-hide_banner', '-v', 'error', '-protocol_whitelist', 'file,pipe'],
    ...inputs,
    ...['-filter_complex_threads', '1', '-filter_complex', [...frames, join].join(';')],
    ...['-map', '[out]', '-an', '-sn', '-dn', '-fps_mode', 'passthrough'],
    ...['-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '4', 'pipe:1'],
  ];
}

async function oneRun(
  probe: ProbedVideo,
  at: number[],
  size: { w: number; h: number },
  limits: VideoLimits,
  signal: AbortSignal | undefined,
): Promise<Buffer[]> {
  const { ffmpeg } = resolveFfmpeg();
  const { out, end } = await runToEnd(ffmpeg, runArgs(probe, at, size), {
    ...limits,
    signal,
    maxOut: MAX_JPEG_BYTES * at.length,
  });
  if (end.aborted) throw new VideoError('timeout', 'cancelled');
  if (end.timedOut) throw new VideoError('timeout', 'a keyframe ran past the wall-clock limit');
  if (end.code !== 0) {
    throw new VideoError(failureCode(end.stderr), `keyframe failed: ${stderrReason(end.stderr)}`);
  }
  const jpegs = splitJpegs(out);
  if (jpegs.length !== at.length) {
    const times = at.map((t) => t.toFixed(1)).join(', ');
    throw new VideoError('no-frames', `${jpegs.length} frames for ${at.length} times (${times} s)`);
  }
  return jpegs;
}

/**
 * The JPEGs of a stream of them, each from its start (SOI) to its end (EOI). Segments are walked
 * by their lengths; in the entropy-coded data after a start of scan a 0xFF byte is followed by 0
 * (a stuffed byte) or a restart marker, so the first other marker there is the next segment.
 */
function splitJpegs(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const bad = () => new VideoError('decoder-failed', 'keyframe: FFmpeg wrote a malformed JPEG');
  let start = 0;
  while (start < b.length) {
    if (b[start] !== 0xff || b[start + 1] !== 0xd8) throw bad();
    let i = start + 2;
    for (;;) {
      if (i + 1 >= b.length || b[i] !== 0xff) throw bad();
      const m = b[i + 1]!;
      if (m === 0xd9) break;
      if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
        i += 2;
        continue;
      }
      if (i + 3 >= b.length) throw bad();
      i += 2 + b.readUInt16BE(i + 2);
      if (m !== 0xda) continue;
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && (b[i + 1]! & 0xf8) !== 0xd0))
        i++;
    }
    out.push(b.subarray(start, i + 2));
    start = i + 2;
  }
  return out;
}
