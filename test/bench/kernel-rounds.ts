import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../e2e/static-server.ts';
import type { KernelRequest, KernelTiming } from './kernels/worker.ts';
import { sklearn, sklearnAvailable, type PeerJob } from './sklearn-peer.ts';

export interface KernelRow {
  stage: string;
  segbook: number;
  peer1: number | null;
  peer2: number | null;
  /** Per-iteration rows divide by the iterations each side ran. */
  unit: 'ms' | 'ms/iteration';
}

const K = 8;
const D = 6;
const JOBS: Array<{ stage: string; job: PeerJob; unit: KernelRow['unit'] }> = [
  ...(['uniform', 'blobs'] as const).flatMap((kind) =>
    [100_000, 1_000_000].map((n) => ({
      stage: `k-means, ${n / 1000 >= 1000 ? '1M' : `${n / 1000}k`} x 6, k = 8, ${kind} (per iteration)`,
      job: { op: 'kmeans' as const, kind, n, d: D, k: K, maxIter: 20, seed: 7 },
      unit: 'ms/iteration' as const,
    })),
  ),
  { stage: 'Exact silhouette, 20k x 6', job: { op: 'silhouette', kind: 'blobs', n: 20_000, d: D, k: K, seed: 7 }, unit: 'ms' },
  { stage: 'Davies-Bouldin, 1M x 6', job: { op: 'daviesBouldin', kind: 'blobs', n: 1_000_000, d: D, k: K, seed: 7 }, unit: 'ms' },
  { stage: 'Calinski-Harabasz, 1M x 6', job: { op: 'calinskiHarabasz', kind: 'blobs', n: 1_000_000, d: D, k: K, seed: 7 }, unit: 'ms' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perUnit = (t: { ms: number; iterations?: number }, unit: KernelRow['unit']) => (unit === 'ms' ? t.ms : t.ms / Math.max(1, t.iterations ?? 1));

/**
 * The numeric kernels in a module worker in Chromium (the same code the app's worker runs) and in
 * scikit-learn with 1 and 2 threads, on the same seeded data, interleaved over `rounds` rounds.
 */
export async function kernelRows(browser: Browser, root: string, dir: string, rounds: number): Promise<KernelRow[]> {
  const outDir = join(dir, 'kernels');
  await build({ root: join(root, 'test/bench/kernels'), configFile: false, logLevel: 'warn', worker: { format: 'es' }, build: { outDir, emptyOutDir: true, target: 'es2022' } });
  const server = await startStaticServer(outDir);
  const page = await (await browser.newContext()).newPage();
  const withPeer = sklearnAvailable();
  const times = JOBS.map(() => ({ ours: [] as number[], one: [] as number[], two: [] as number[] }));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => document.title === 'ready');
    for (let r = 0; r < rounds; r++) {
      for (const [i, { job, unit }] of JOBS.entries()) {
        const request: KernelRequest = job.op === 'kmeans' ? { ...job, op: 'kmeans', maxIter: job.maxIter ?? 20 } : { ...job, op: job.op };
        const ours = await page.evaluate((req) => (window as unknown as { runKernel(r: KernelRequest): Promise<KernelTiming> }).runKernel(req), request);
        times[i].ours.push(perUnit(ours, unit));
        if (withPeer) {
          times[i].one.push(perUnit(await sklearn(job, 1), unit));
          times[i].two.push(perUnit(await sklearn(job, 2), unit));
        }
      }
      console.log(`kernel round ${r + 1}/${rounds} done`);
    }
  } finally {
    await page.context().close();
    await server.close();
  }
  return JOBS.map(({ stage, unit }, i) => ({
    stage, unit, segbook: median(times[i].ours),
    peer1: withPeer ? median(times[i].one) : null,
    peer2: withPeer ? median(times[i].two) : null,
  }));
}

/**
 * The longest task on the app's main thread while a cluster cell runs k-means on 1M x 6 rows in
 * its worker; the browser reports every task over 50 ms.
 */
export async function longestMainThreadTask(browser: Browser, url: string, workbookPath: string): Promise<{ longest: number; clusterMs: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      const tasks: number[] = [];
      Object.assign(window, { longTasks: tasks });
      new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.setInputFiles('#open-workbook-input', workbookPath);
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.waitForFunction(() => document.querySelector('article[aria-label$="result table big"] [data-status=done]'), null, { timeout: 120_000 });
    const before = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.length);
    const t0 = Date.now();
    await page.waitForFunction(() => document.querySelector('article[aria-label$="result table segments"] [data-status=done], article[aria-label$="result table segments"] [data-status=error]'), null, {
      timeout: 300_000,
    });
    const clusterMs = Date.now() - t0;
    const tasks = await page.evaluate((from) => (window as unknown as { longTasks: number[] }).longTasks.slice(from), before);
    return { longest: tasks.length ? Math.max(...tasks) : 0, clusterMs };
  } finally {
    await context.close();
  }
}

/** A workbook that makes 1M x 6 random rows in SQL and clusters them with k = 8. */
export function clusteringWorkbook(): object {
  const columns = ['a', 'b', 'c', 'd', 'e', 'f'];
  return {
    format: 'segbook-workbook', version: 1, title: 'main thread while clustering', sources: [],
    cells: [
      { id: 'c1', kind: 'sql', name: 'big', sql: `SELECT range AS id, ${columns.map((c, i) => `hash(range * ${i + 3}) % 1000 / 1000.0 AS ${c}`).join(', ')} FROM range(1000000)` },
      {
        id: 'c2', kind: 'cluster', name: 'segments', input: 'big',
        features: { numeric: columns.map((column) => ({ column, scale: 'standard', log1p: false, clip: null })), categorical: [], missing: 'drop' },
        algorithm: 'kmeans', k: 8, nInit: 1, maxIter: 20, tol: 0.0001, seed: 1, sweep: { min: 2, max: 10, references: 5 }, model: null,
      },
    ],
  };
}
