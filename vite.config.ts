import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Prints the link that opens the app with the sample data already loaded.
function sampleLink(): Plugin {
  return {
    name: 'segbook-sample-link',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        setTimeout(() => {
          const url = server.resolvedUrls?.local[0];
          if (url) server.config.logger.info(`\n  Segbook with sample data: ${url}?sample\n`);
        }, 50);
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), sampleLink()],
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Two files at a time: many tests wait on native DuckDB, Python or PostgreSQL, and one file at a
    // time (vitest's default on 2 cores) left a core idle for half the run.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
