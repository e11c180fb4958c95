import { readdir, readFile } from 'node:fs/promises';
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
  // Vitest sets NODE_ENV=test, and with it Vite resolves Svelte's development build: the tests
  // would drive a dev-mode app (patched Array methods, ownership checks) that users never get, and
  // that made axe 5-10x slower. Build exactly what `npm run build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await refuseDevelopmentBuild(outDir);
  const server = await startStaticServer(outDir);
  project.provide('baseURL', server.url);
  return () => server.close();
}

/** Fails the run when the build holds Svelte's development-only code. */
async function refuseDevelopmentBuild(outDir: string): Promise<void> {
  const assets = `${outDir}/assets`;
  for (const name of await readdir(assets)) {
    if (!name.endsWith('.js')) continue;
    if ((await readFile(`${assets}/${name}`, 'utf8')).includes('__svelte_cleanup')) {
      throw new Error(`${assets}/${name} holds Svelte's development build; the browser tests must run the production build`);
    }
  }
}
