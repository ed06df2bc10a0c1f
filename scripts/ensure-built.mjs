// Builds Jium when out/ is missing or older than the sources, so `npm run serve` and `npm run jium`
// always run what is in src/.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = [
  'out/host/cli.js',
  'out/renderer/index.html',
  'out/main/index.js',
  'out/preload/index.cjs',
];

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = outputs.every((f) => existsSync(join(root, f)));
const stale =
  built &&
  Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs) >
    Math.min(...outputs.map((f) => statSync(join(root, f)).mtimeMs));
if (!built || stale) {
  process.stderr.write(
    built ? 'Sources changed since the last build; building…\n' : 'Building Jium…\n',
  );
  execSync('npm run build', { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}
