import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/temp-dir';
import { CrawlManager } from './crawl-manager';
import { CRAWL_TEMP_PREFIX } from './crawl-temp';
import { createTestCaseFile } from './test-case-file';
import { tempVideoFile } from './video-files';

/** Runs the child in its own process with TMPDIR set, returns its temp folder, then kill -9. */
async function killedDownload(child: string, tmp: string): Promise<string> {
  const p = spawn(process.execPath, [child], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = await new Promise<string>((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    p.on('exit', () => reject(new Error('child ended early')));
  });
  const exited = new Promise((r) => p.on('exit', r));
  p.kill('SIGKILL');
  await exited;
  return dir;
}

describe('crawl temp folders after kill -9', () => {
  const t = tempDir();
  const tmp = join(t.dir, 'tmp');
  const child = join(t.dir, 'child.mjs');
  const before = process.env['TMPDIR'];
  beforeAll(async () => {
    mkdirSync(tmp);
    await build({
      entryPoints: [join(import.meta.dirname, 'crawl-temp-child.ts')],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    process.env['TMPDIR'] = tmp;
  });
  afterAll(() => {
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    t.cleanup();
  });

  it('are swept on the next start, and a live process keeps its own', async () => {
    const left = await killedDownload(child, tmp);
    // The killed download left its 0700 folder and 0600 file behind.
    expect(left.startsWith(join(tmp, CRAWL_TEMP_PREFIX))).toBe(true);
    const [file] = readdirSync(left);
    expect(statSync(join(left, file!)).mode & 0o777).toBe(0o600);
    expect(statSync(join(left, file!)).size).toBe(4096);
    // A folder from before folders carried a pid, a day old; and one of this live process.
    const old = join(tmp, `${CRAWL_TEMP_PREFIX}AbCdEf`);
    mkdirSync(old);
    utimesSync(old, new Date(Date.now() - 86_400_000), new Date(Date.now() - 86_400_000));
    const mine = tempVideoFile();

    // The next start: the engine opens the case file and its crawl manager.
    const cf = await createTestCaseFile([]);
    try {
      new CrawlManager(cf.file.db, cf.path, () => undefined);
      expect(existsSync(left)).toBe(false);
      expect(existsSync(old)).toBe(false);
      expect(existsSync(mine.path)).toBe(true);
      expect(readdirSync(tmp).filter((n) => n.startsWith(CRAWL_TEMP_PREFIX))).toEqual([
        mine.dir.slice(tmp.length + 1),
      ]);
    } finally {
      cf.cleanup();
    }
  }, 60_000);
});
