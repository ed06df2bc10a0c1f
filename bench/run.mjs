// Runs the benchmarks: every bench/*.bench.ts (or only those whose name contains an argument),
// each bundled with esbuild and run in its own Node process with --expose-gc, one after another so
// that they never compete for the machine's cores. Each bench prints its own table.
// Arguments after `--` reach the bench, not Node: Node's own flags (the larger heap that
// matching-scale needs at 100,000 references) go in NODE_OPTIONS, which the bench's process
// inherits: NODE_OPTIONS=--max-old-space-size=16000 npm run bench -- matching-scale -- ...
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(' ')}`);
  process.exit(2);
}
const outdir = join(root, 'bench/.data/build');
mkdirSync(outdir, { recursive: true });
let failed = 0;
for (const file of benches) {
  const outfile = join(outdir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(root, 'bench', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    banner: {
      js: "import { createRequire as __jiumCreateRequire } from 'node:module'; const require = __jiumCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  console.log(`\n## ${file}\n`);
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', outfile, ...process.argv.slice(2).filter((a) => a.startsWith('-'))],
    {
      stdio: 'inherit',
      cwd: root,
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
