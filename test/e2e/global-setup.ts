import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the app once, serves dist/ for every test file, and stops the server at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Several people (or agents) testing side by side each set their own folder.
  const outDir = process.env.SEGBOOK_E2E_DIST ?? `${root}dist`;
  await build({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  const server = await startStaticServer(outDir);
  project.provide('baseURL', server.url);
  return () => server.close();
}
