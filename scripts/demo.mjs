// `npm run demo`: builds Jium if needed, bundles the demo script (e2e/fixture-site/demo.ts) with
// esbuild and runs it: the fixture site, a demo case file, and Jium opened on it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
spawnSync(process.execPath, [join(root, 'scripts/ensure-built.mjs')], {
  stdio: 'inherit',
  cwd: root,
});
const outdir = join(root, 'node_modules/.cache/jium-demo');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'demo.mjs');
await build({
  entryPoints: [join(root, 'e2e/fixture-site/demo.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
  banner: {
    js: "import { createRequire as __jiumCreateRequire } from 'node:module'; const require = __jiumCreateRequire(import.meta.url);",
  },
  define: { 'import.meta.dirname': JSON.stringify(join(root, 'e2e/fixture-site')) },
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(r.status ?? 1);
