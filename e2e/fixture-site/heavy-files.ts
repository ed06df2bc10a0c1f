/**
 * Writes the fixture's heavy copies and the demo references to a folder, so that `jium match`
 * can say which of them today's rule finds (decision 0086):
 *   npx esbuild e2e/fixture-site/heavy-files.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=node_modules/.cache/heavy-files.mjs
 *   npx node node_modules/.cache/heavy-files.mjs DIR
 *   node out/host/cli.js match --refs DIR/refs DIR/copies
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHeavyCopies } from './heavy';
import { demoReference } from './images';

const dir = process.argv[2];
if (!dir) throw new Error('usage: heavy-files DIR');
mkdirSync(join(dir, 'refs'), { recursive: true });
mkdirSync(join(dir, 'copies'), { recursive: true });
for (const i of [0, 1, 2]) writeFileSync(join(dir, 'refs', `ref${i}.png`), await demoReference(i));
for (const h of await buildHeavyCopies()) {
  const c = h.copy;
  const name = `${c.id}-${c.page}-${c.kind}-${c.reference === null ? 'unrelated' : `ref${c.reference}`}`;
  writeFileSync(join(dir, 'copies', `${name}.${h.type === 'image/png' ? 'png' : 'jpg'}`), h.body);
  console.log(name, h.box.map((v) => v.toFixed(3)).join(' '));
}
