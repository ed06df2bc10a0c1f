import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * main: the Electron host and the crawl worker thread (dependencies stay external: better-sqlite3
 * and sharp load from node_modules at run time). preload: one self-contained CommonJS file, as
 * sandboxed preloads require. renderer: the React app (minified), also served by the headless
 * host from out/renderer.
 */
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The crawl worker runs in its own thread beside the bundle: CrawlManager resolves
        // './crawl-worker.js' from its own module, so every chunk stays in out/main (no subfolder).
        input: {
          index: resolve('src/main/index.ts'),
          'crawl-worker': resolve('src/engine/crawl/worker.ts'),
          'hash-worker': resolve('src/engine/crawl/hash-worker.ts'),
          'video-worker': resolve('src/engine/video/worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
