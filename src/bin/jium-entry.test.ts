/**
 * bin/jium.js under an older Node (issue 17 #5): the README promised any Node from 20, but the CLI
 * needs Node 24 (node:zlib's zstd). Started by an older Node, the entry point starts itself again
 * under the project's own Node 24 (node_modules/node); with none, it says what is needed. Runs
 * only where an older Node is installed (Debian's nodejs on the CI machine).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/jium.js');

function olderNode(): string | null {
  for (const p of ['/usr/bin/node', '/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(p)) continue;
    const v = execFileSync(p, ['--version']).toString().trim();
    if (Number(v.slice(1).split('.')[0]) < 24) return p;
  }
  return null;
}
const old = olderNode();

describe.skipIf(!old)('bin/jium.js started by an older Node', () => {
  it('runs the CLI under the project’s Node 24', () => {
    const r = spawnSync(old!, [BIN, 'help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/createZstdDecompress|SyntaxError/);
    if (existsSync(resolve(ROOT, 'out/host/cli.js'))) {
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Usage: jium <command>');
    } else {
      expect(r.stderr).toContain('not built yet');
    }
  });

  it('says which Node it needs when it cannot start the project’s own', () => {
    const r = spawnSync(old!, [BIN, 'help'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, JIUM_NODE_REEXEC: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Jium needs Node\.js 24 and this is v\d+/);
    expect(r.stderr).toContain('npm ci');
  });
});
