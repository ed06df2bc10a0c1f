/**
 * JPEG keyframes at given times, for the blurred greyscale strips review and registration draw.
 * One FFmpeg run per time (input-side seek, one frame out), under the same checks and limits as
 * fingerprinting; the frame is scaled so its longer side is at most `maxSide`.
 */
import { runToEnd } from './child';
import { resolveFfmpeg } from './ffmpeg-path';
import { hashSize } from './fingerprint-video';
import { mergeLimits } from './limits';
import { failureCode, probeVideo, stderrReason } from './probe';
import { VideoError } from './types';
import type { VideoLimits } from './types';

/** A JPEG per requested time (clamped into the video); throws VideoError like fingerprintVideo. */
export async function keyframes(
  file: string,
  timesS: number[],
  options: { maxSide: number; limits?: Partial<VideoLimits>; signal?: AbortSignal },
): Promise<Buffer[]> {
  const limits = mergeLimits(options.limits);
  const probe = await probeVideo(file, limits, options.signal);
  const { w, h } = hashSize(probe.width, probe.height, Math.max(1, options.maxSide));
  const { ffmpeg } = resolveFfmpeg();
  // An input-side seek into the last second can land past the last frame and give nothing.
  const lastS = Math.max(0, probe.durationS - 1);
  const out: Buffer[] = [];
  for (const t of timesS) {
    const at = Math.max(0, Math.min(Number.isFinite(t) ? t : 0, lastS));
    const { out: jpeg, end } = await runToEnd(
      ffmpeg,
      [
        '-nostdin',
        '-hide_banner',
        '-v',
        'error',
        '-protocol_whitelist',
        'file,pipe',
        '-ss',
        at.toFixed(3),
        '-f',
        probe.demuxer,
        '-i',
        probe.input,
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-dn',
        '-frames:v',
        '1',
        '-vf',
        `scale=${w}:${h}:flags=area`,
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        '-q:v',
        '4',
        'pipe:1',
      ],
      { ...limits, signal: options.signal, maxOut: 16 * 1024 * 1024 },
    );
    if (end.aborted) throw new VideoError('timeout', 'cancelled');
    if (end.timedOut) throw new VideoError('timeout', 'a keyframe ran past the wall-clock limit');
    if (end.code !== 0) {
      throw new VideoError(failureCode(end.stderr), `keyframe failed: ${stderrReason(end.stderr)}`);
    }
    if (jpeg.length === 0) throw new VideoError('no-frames', `no frame at ${at.toFixed(1)} s`);
    out.push(jpeg);
  }
  return out;
}
