import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the built app, served from dist/, driven by Chromium.
export default defineConfig({
  test: {
    root: new URL('../../', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    // Two files at a time: a browser test mostly waits on one wasm thread, so the second core
    // would otherwise sit idle (the suite took 17 minutes one file at a time).
    fileParallelism: true,
    maxWorkers: 2,
    // Generous: axe and the examples take far longer on a busy 2-core machine than on an idle one.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});
