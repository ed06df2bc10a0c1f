/**
 * Test support: bundles the video worker thread (video/worker.ts) the way the app's builds do, into
 * node_modules/.cache, and points fingerprintVideoOffThread at it ($JIUM_VIDEO_WORKER).
 */
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

import { NODE_BUNDLE } from '../../host/test-cli';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the worker and sets $JIUM_VIDEO_WORKER; returns a function that unsets it. `root` is the
 * repository (benches, bundled elsewhere, give theirs).
 */
export async function useBuiltVideoWorker(root = ROOT): Promise<() => void> {
  const outdir = join(root, 'node_modules/.cache/jium-video-worker-test');
  await build({
    entryPoints: { 'video-worker': join(root, 'src/engine/video/worker.ts') },
    outdir,
    ...NODE_BUNDLE,
  });
  process.env['JIUM_VIDEO_WORKER'] = join(outdir, 'video-worker.js');
  return () => delete process.env['JIUM_VIDEO_WORKER'];
}
