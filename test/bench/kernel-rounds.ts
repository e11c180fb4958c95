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
