import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/ml/kmeans.ts';
import { dataset, initialCentroids } from '../bench/datasets.ts';
import { labelChecksum } from '../bench/kernels/checksum.ts';
import type { KernelRequest, KernelTiming } from '../bench/kernels/worker.ts';
import { launchBrowser } from './harness.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

/**
 * The kernel benchmark's page (test/bench/kernels) under the app's Content-Security-Policy: its
 * worker starts from a blob: shim as the app's ML worker does, and starts k-means' helper worker
 * with the app's own code. A copy of the page without 'wasm-unsafe-eval' shows the fallback.
 */
const root = join(import.meta.dirname, '../..');
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'segbook-kmeans-wasm-'));
  await build({ root: join(root, 'test/bench/kernels'), configFile: false, logLevel: 'warn', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });
  const page = await readFile(join(outDir, 'index.html'), 'utf8');
  if (!page.includes(" 'wasm-unsafe-eval'")) throw new Error("the kernel page's policy no longer allows wasm");
  await writeFile(join(outDir, 'no-wasm.html'), page.replace(" 'wasm-unsafe-eval'", ''));
  server = await startStaticServer(outDir);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fit(path: string, request: KernelRequest): Promise<{ timing: KernelTiming; helperStarted: boolean }> {
  const context = await browser.newContext();
  let helperStarted = false;
  context.on('request', (r) => {
    if (r.url().includes('kmeans-helper.worker')) helperStarted = true;
  });
  const page: Page = await context.newPage();
  try {
    await page.goto(new URL(path, server.url).href);
    await page.waitForFunction(() => document.title === 'ready');
    const timing = await page.evaluate((req) => (window as unknown as { runKernel(r: KernelRequest): Promise<KernelTiming> }).runKernel(req), request);
    return { timing, helperStarted };
  } finally {
    await context.close();
  }
}

describe('k-means in wasm in Chromium', () => {
  // Enough rows to split, so the second half runs on the helper worker.
  const request = { op: 'kmeans', kind: 'uniform', n: 60_000, d: 6, k: 7, maxIter: 15, seed: 3, threads: 2 } as const;
  const { m } = dataset(request.kind, request.n, request.d, request.k, request.seed);
  const node = kmeans(m, { k: request.k, nInit: 1, maxIter: request.maxIter, tol: 0, seed: 0, init: initialCentroids(m, request.k, request.seed) });

  it("runs both halves of a fit in wasm under the app's policy, with the labels and inertia Node gets", async () => {
    const { timing, helperStarted } = await fit('/', request);
    expect(helperStarted).toBe(true);
    expect(timing.kernel).toBe('wasm');
    expect(node.kernel).toBe('wasm');
    expect(timing.iterations).toBe(node.iterations);
    expect(timing.value).toBe(node.inertia);
    expect(timing.labels).toBe(labelChecksum(node.labels));
  });

  it('falls back to the JS kernels where the policy forbids compiling wasm, with the same results', async () => {
    const { timing, helperStarted } = await fit('/no-wasm.html', request);
    expect(helperStarted).toBe(true);
    expect(timing.kernel).toBe('js');
    expect(timing.iterations).toBe(node.iterations);
    expect(timing.value).toBe(node.inertia);
    expect(timing.labels).toBe(labelChecksum(node.labels));
  });
});
