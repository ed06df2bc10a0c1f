/**
 * The crawl's temp folders (video downloads: a 0700 folder with one 0600 file, video-files.ts)
 * are removed by their task when it ends. A process killed with SIGKILL (or a power cut) never
 * runs that cleanup, and the folder keeps a downloaded video (possibly a victim's) in the temp
 * directory for good. Each folder's name therefore carries the pid of the process that made it,
 * and the next start sweeps the folders whose process is gone (issue 18).
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Prefix of every crawl temp folder (the pid and mkdtemp's random suffix follow). */
export const CRAWL_TEMP_PREFIX = 'jium-crawl-video-';

/** The prefix for a temp folder made by this process: `jium-crawl-video-<pid>-`. */
export function crawlTempPrefix(): string {
  return `${CRAWL_TEMP_PREFIX}${process.pid}-`;
}

/**
 * Folders named before they carried a pid are swept once older than this: no video task runs
 * that long (downloads are capped in bytes and time).
 */
export const UNOWNED_TEMP_AGE_MS = 6 * 60 * 60 * 1000;

/** Whether a process with this pid is alive (EPERM: alive, another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the crawl temp folders in `dir` (the system temp directory by default) left by
 * processes that no longer run: only real folders (not links) owned by this user, whose pid is
 * not alive, or, for folders without a pid, older than UNOWNED_TEMP_AGE_MS. Folders of live
 * processes — this one, another Jium crawling another case file — are kept. Returns the folders
 * removed. Never throws: a folder that cannot be read or removed is left for the next start.
 */
export function sweepCrawlTemp(dir = tmpdir(), now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(CRAWL_TEMP_PREFIX));
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      const pid = /^(\d+)-/.exec(name.slice(CRAWL_TEMP_PREFIX.length))?.[1];
      const stale = pid
        ? Number(pid) !== process.pid && !alive(Number(pid))
        : now - st.mtimeMs > UNOWNED_TEMP_AGE_MS;
      if (!stale) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Left for the next start.
    }
  }
  return removed;
}
