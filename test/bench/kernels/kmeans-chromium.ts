// `npx tsx test/bench/kernels/kmeans-chromium.ts [rounds]`: ms per iteration of k-means at 1M x 6,
// k = 8, from the same seeded start, in a Chromium module worker on one thread and on two (the
// app's path: the worker plus its helper), interleaved with scikit-learn on 1 and 2 threads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../../e2e/static-server.ts';
import { sklearn, sklearnAvailable } from '../sklearn-peer.ts';
import type { KernelRequest, KernelTiming } from './worker.ts';

const rounds = Number(process.argv[2] ?? 3);
const n = Number(process.env.BENCH_N ?? 1_000_000);
/** BENCH_KERNELS=wasm,js interleaves the JS kernels too, for before/after figures. */
const KERNELS = (process.env.BENCH_KERNELS ?? 'wasm').split(',').map((k) => (k === 'js' ? 'js' : 'wasm'));
const root = join(import.meta.dirname, '../../..');
const outDir = mkdtempSync(join(tmpdir(), 'segbook-kmeans-chromium-'));
await build({ root: join(root, 'test/bench/kernels'), configFile: false, logLevel: 'warn', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });
const server = await startStaticServer(outDir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.title === 'ready');
  for (const kind of ['blobs', 'uniform'] as const) {
    const times = new Map<string, number[]>();
    const add = (name: string, x: number) => times.set(name, [...(times.get(name) ?? []), x]);
    const inertias = new Set<number>();
    const ran = new Set<string>();
    for (let r = 0; r < rounds; r++) {
      for (const kernel of KERNELS) {
        for (const threads of [1, 2] as const) {
          const request: KernelRequest = { op: 'kmeans', kind, n, d: 6, k: 8, maxIter: 20, seed: 7, threads, kernel };
          const t = await page.evaluate((req) => (window as unknown as { runKernel(r: KernelRequest): Promise<KernelTiming> }).runKernel(req), request);
          const label = `${KERNELS.length > 1 ? ` (${kernel})` : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
          add(`segbook${label}`, t.ms / (t.iterations ?? 1));
          add(`  last ten${label}`, t.steady ?? NaN);
          add(`  first (ms)${label}`, t.first ?? NaN);
          add(`  finish (ms)${label}`, t.finish ?? NaN);
          inertias.add(t.value);
          ran.add(`${kernel} ran ${t.kernel ?? '?'}`);
        }
      }
      if (sklearnAvailable()) {
        for (const threads of [1, 2]) {
          const t = await sklearn({ op: 'kmeans', kind, n, d: 6, k: 8, maxIter: 20, seed: 7 }, threads);
          add(`scikit-learn, ${threads} thread${threads === 1 ? '' : 's'}`, t.ms / (t.iterations ?? 1));
        }
      }
    }
    console.log(`${kind}, ${n} x 6, k = 8 (ms per iteration, median of ${rounds}; one inertia on every path: ${inertias.size === 1}; ${[...ran].join(', ')})`);
    const order = [...times.keys()].sort((a, b) => Number(a.startsWith('  ')) - Number(b.startsWith('  ')));
    for (const name of order) {
      const xs = times.get(name) ?? [];
      console.log(`  ${name.padEnd(32)} ${median(xs).toFixed(1).padStart(6)}   (${xs.map((x) => x.toFixed(1)).join(', ')})`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
