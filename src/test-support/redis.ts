/**
 * A real redis-server for tests, started on a free loopback port with its own directory (append-
 * only file on, so a restart keeps the queue as a centre's Redis would). Tests that need it skip
 * with a printed reason when redis-server is not installed — except in CI, where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** Why Redis tests cannot run here, or null when they can (throws in CI: it must be there). */
export function redisMissing(): string | null {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return null;
  if (process.env['CI']) throw new Error('redis-server is required in CI (.ci/run installs it)');
  const reason = 'redis-server is not installed: the Redis tests are skipped';
  console.warn(reason);
  return reason;
}

/** A free port on 127.0.0.1 (for a server that must come back on the same one after a restart). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  /** Its process id now (a restart makes a new process): benches read its CPU time from /proc. */
  pid(): number;
  /**
   * Stops it and starts it again, same port: SIGTERM (it writes its append-only file first), or
   * `signal` (SIGKILL: what it wrote before survives, as after a crash of Redis alone); `wipe`
   * deletes its files before the start (Redis lost its data: a machine lost, no persistence).
   */
  restart(downMs?: number, how?: { signal?: NodeJS.Signals; wipe?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(dir: string): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  };
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: () => child.pid!,
    stop: () => stop(),
    async restart(downMs = 500, how = {}) {
      await stop(how.signal);
      if (how.wipe) rmSync(join(dir, 'appendonlydir'), { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
  };
}
