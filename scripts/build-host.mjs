// Builds the headless host, the CLI and engine worker entries for plain Node into out/host/.
// Native and heavy dependencies stay external: they load from node_modules at run time, exactly as
// in the Electron main bundle.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Every entry point that runs in its own Node process or worker thread. */
export const entries = {
  cli: 'src/host/cli.ts',
  'crawl-worker': 'src/engine/crawl/worker.ts',
  'hash-worker': 'src/engine/crawl/hash-worker.ts',
  'video-worker': 'src/engine/video/worker.ts',
};

await build({
  entryPoints: entries,
  outdir: 'out/host',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  external: Object.keys(pkg.dependencies ?? {}),
  banner: {
    js: "import { createRequire as __jiumCreateRequire } from 'node:module'; const require = __jiumCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
