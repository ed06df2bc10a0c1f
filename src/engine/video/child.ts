/**
 * Runs FFmpeg or ffprobe as a child process under a wall-clock kill and an address-space limit
 * (`prlimit --as` on Linux when present; elsewhere only the wall clock and the caps checked from
 * probing bound it). stdin is closed, stderr is kept to its last few KiB for error mapping.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { Readable } from 'node:stream';

import { VideoError } from './types';

const STDERR_KEEP = 8 * 1024;

let prlimitPath: string | null | undefined;

/** /usr/bin/prlimit (util-linux) when this is Linux and it is installed. */
function prlimit(): string | null {
  if (prlimitPath !== undefined) return prlimitPath;
  prlimitPath = null;
  if (process.platform === 'linux') {
    for (const p of ['/usr/bin/prlimit', '/bin/prlimit']) {
      try {
        accessSync(p, constants.X_OK);
        prlimitPath = p;
        break;
      } catch {
        // not here
      }
    }
  }
  return prlimitPath;
}

/** Whether the memory limit is enforced by the operating system here. */
export function memoryLimitEnforced(): boolean {
  return prlimit() !== null;
}

/** How a limited child ended. */
export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The wall clock ran out and the child was killed. */
  timedOut: boolean;
  /** The caller's AbortSignal fired and the child was killed. */
  aborted: boolean;
  /** The last few KiB of stderr. */
  stderr: string;
}

/** A running limited child: its stdout and a promise of how it ended. */
export interface LimitedChild {
  stdout: Readable;
  done: Promise<ChildEnd>;
  kill(): void;
}

/** Starts `bin args` under the limits; the child never reads stdin and never gets a shell. */
export function runLimited(
  bin: string,
  args: string[],
  opts: { wallClockMs: number; maxMemoryBytes: number; signal?: AbortSignal },
): LimitedChild {
  const pl = prlimit();
  const [cmd, argv] = pl
    ? [pl, [`--as=${Math.floor(opts.maxMemoryBytes)}`, '--', bin, ...args]]
    : [bin, args];
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    throw new VideoError('ffmpeg-missing', `cannot start ${bin}: ${(e as Error).message}`);
  }
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_KEEP);
  });
  let timedOut = false;
  let aborted = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, opts.wallClockMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Promise<ChildEnd>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(
        e.code === 'ENOENT'
          ? new VideoError('ffmpeg-missing', `cannot start ${bin}: not found`)
          : new VideoError('decoder-failed', `cannot start ${bin}: ${e.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, timedOut, aborted, stderr });
    });
  });
  return { stdout: child.stdout, done, kill };
}

/** Runs a child to the end and returns its whole stdout (capped) with how it ended. */
export async function runToEnd(
  bin: string,
  args: string[],
  opts: { wallClockMs: number; maxMemoryBytes: number; signal?: AbortSignal; maxOut: number },
): Promise<{ out: Buffer; end: ChildEnd }> {
  const c = runLimited(bin, args, opts);
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  c.stdout.on('data', (b: Buffer) => {
    size += b.length;
    if (size > opts.maxOut) {
      overflow = true;
      c.kill();
    } else chunks.push(b);
  });
  const end = await c.done;
  if (overflow)
    throw new VideoError('decoder-failed', `${bin} wrote more than ${opts.maxOut} bytes`);
  return { out: Buffer.concat(chunks), end };
}
