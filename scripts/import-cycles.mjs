// Fails when any module under src/ imports itself through a chain of other modules (issue 14,
// decision 0092). Every import counts — `import type` and `export … from` too, since a type-only
// circle is still two modules that cannot be read, moved or tested one without the other.
// TypeScript's own scanner lists each file's imports (ts.preProcessFile, no type-checking); a
// strongly connected component of more than one module (or a module importing itself) is a circle.
// Usage: node scripts/import-cycles.mjs [folder …]   (default: src)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(new URL('..', import.meta.url).pathname);
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['src'];
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP = new Set(['node_modules', 'out', 'dist']);

/** Every TypeScript file under `dir`, declaration files excepted. */
function sources(dir, into = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) sources(p, into);
    } else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) into.push(p);
  }
  return into;
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file a relative import names, as the bundler resolves it; null for packages. */
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  return candidates.find((c) => SOURCE.test(c) && isFile(c)) ?? null;
}

const files = folders.flatMap((f) => sources(resolve(root, f)));
/** @type {Map<string, string[]>} */
const graph = new Map();
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = info.importedFiles
    .map((i) => resolveImport(file, i.fileName))
    .filter((t) => t !== null);
  graph.set(file, [...new Set(targets)]);
}

// Tarjan's strongly connected components, iterative (deep import chains must not overflow the stack).
let counter = 0;
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const circles = [];
for (const start of graph.keys()) {
  if (index.has(start)) continue;
  const work = [[start, 0]];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length) {
    const frame = work[work.length - 1];
    const [v, i] = frame;
    const edges = graph.get(v) ?? [];
    if (i < edges.length) {
      frame[1]++;
      const w = edges[i];
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        index.set(w, counter);
        low.set(w, counter++);
        stack.push(w);
        onStack.add(w);
        work.push([w, 0]);
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
      continue;
    }
    work.pop();
    if (work.length) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(v)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.includes(v)) circles.push(component);
    }
  }
}

/** One concrete circle inside a component: a shortest path from its first module back to itself. */
function oneCircle(component) {
  const members = new Set(component);
  const first = component.slice().sort()[0];
  const previous = new Map([[first, null]]);
  const queue = [first];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (w === first) {
        const path = [v];
        for (let p = previous.get(v); p !== null; p = previous.get(p)) path.unshift(p);
        return [...path, first];
      }
      if (members.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [first];
}

const name = (f) => relative(root, f);
if (circles.length === 0) {
  console.log(`import-cycles: ${graph.size} files, no import circle.`);
} else {
  console.error(`import-cycles: ${circles.length} import circle(s) among ${graph.size} files:`);
  for (const c of circles) {
    console.error(`- ${oneCircle(c).map(name).join(' → ')}`);
    if (c.length > 2)
      console.error(`  (${c.length} modules in this knot: ${c.map(name).sort().join(', ')})`);
  }
  process.exit(1);
}
