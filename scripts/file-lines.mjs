// Fails when a source file under src/ is longer than 400 lines (issue 14: "no file under src/
// outside tests and i18n tables is over 400 lines"; STYLE.md: most files under ~300). A long file
// is split along a seam it already has, not squeezed by reformatting. Tests and test support are
// left out (a test file grows with the cases it checks; the same set .jscpd.json leaves out), and
// so are the i18n tables (one key tree per language, as long as the app has words).
// Usage: node scripts/file-lines.mjs [folder …]   (default: src)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const MAX_LINES = 400;

const root = resolve(new URL('..', import.meta.url).pathname);
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['src'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|css)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'test-support']);
/** Tests, test support and the i18n tables, as .jscpd.json names them. */
const EXEMPT = [
  /\.test\.(ts|tsx)$/,
  /(^|\/)test-support\.ts$/,
  /(^|\/)test-[^/]*\.ts$/,
  /(^|\/)src\/renderer\/src\/i18n\/[a-z]{2}\.ts$/,
  /\.d\.ts$/,
];

/** Every source file under `dir` that the rule covers. */
function sources(dir, into = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) sources(p, into);
    } else if (SOURCE.test(e.name) && !EXEMPT.some((x) => x.test(relative(root, p)))) {
      into.push(p);
    }
  }
  return into;
}

/** Lines as an editor numbers them: a last line without a newline still counts. */
function lineCount(text) {
  if (text.length === 0) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

const files = folders.flatMap((f) => sources(resolve(root, f)));
const long = files
  .map((f) => ({ file: relative(root, f), lines: lineCount(readFileSync(f, 'utf8')) }))
  .filter((f) => f.lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);

if (long.length === 0) {
  console.log(`file-lines: ${files.length} files, none over ${MAX_LINES} lines.`);
} else {
  console.error(`file-lines: ${long.length} file(s) over ${MAX_LINES} lines (split them):`);
  for (const f of long) console.error(`- ${f.file}: ${f.lines}`);
  process.exit(1);
}
