import { defineConfig } from 'vitest/config';

// One runner for every suite, so `npm test` can total them in one line.
export default defineConfig({
  test: {
    globalSetup: ['test/support/private-tmp.ts'],
    setupFiles: ['test/support/file-tmp.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', 'test/integration/**'],
          environment: 'node',
          // Speed is measured in bench/, never asserted here: a generous limit keeps a loaded
          // 2-core machine from failing heavy tests (10,000-slot bundles, fuzzers) on time alone.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A poll waits for what a user would see; 1 s (vitest's default) is too short on a
          // loaded 2-core machine, and a longer wait costs nothing when the screen is right.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
