import { defineConfig } from 'vitest/config';

/** Unit and integration tests: beside the code they test, under src/. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
