import { kmeans } from '../../../src/ml/kmeans.ts';
import { kmeansParallel } from '../../../src/ml/kmeans-parallel.ts';
import { startKMeansHelper } from '../../../src/workers/kmeans-helper-channel.ts';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples } from '../../../src/ml/metrics.ts';
import type { KMeansKernel } from '../../../src/ml/wasm/kmeans-wasm.ts';
import { dataset, initialCentroids, type DatasetKind } from '../datasets.ts';
import { labelChecksum } from './checksum.ts';

export type KernelRequest =
  /** `threads: 1` times kmeans() on this thread alone; by default the app's two-thread path. */
  | { op: 'kmeans'; kind: DatasetKind; n: number; d: number; k: number; maxIter: number; seed: number; threads?: 1 | 2; kernel?: KMeansKernel }
  | { op: 'silhouette' | 'daviesBouldin' | 'calinskiHarabasz'; kind: DatasetKind; n: number; d: number; k: number; seed: number };

export interface KernelTiming {
  ms: number;
  iterations?: number;
  value: number;
  /** k-means: ms per iteration over the last ten, without start-up (validation, the helper's rows). */
  steady?: number;
  /** k-means: ms to the end of the first iteration (validation, rows copied, first assignment) and after the last (final pass). */
  first?: number;
  finish?: number;
  /** k-means: which kernels every part ran, and a checksum of the labels (computed after timing). */
  kernel?: string;
  labels?: number;
}


self.onmessage = async (e: MessageEvent<KernelRequest>) => {
  const r = e.data;
  const { m, labels } = dataset(r.kind, r.n, r.d, r.k, r.seed);
  let timing: KernelTiming;
  if (r.op === 'kmeans') {
    const init = initialCentroids(m, r.k, r.seed);
    const t0 = performance.now();
    const options = { k: r.k, nInit: 1, maxIter: r.maxIter, tol: 0, seed: 0, init, kernel: r.kernel };
    // The helper's start-up and the copy of its rows count, as they do in the app.
    const ends: number[] = [];
    const hooks = { onProgress: () => ends.push(performance.now()) };
    const result = r.threads === 1 ? kmeans(m, options, hooks) : await kmeansParallel(m, options, hooks, startKMeansHelper);
    const steady = ends.length > 10 ? (ends[ends.length - 1] - ends[ends.length - 11]) / 10 : undefined;
    const t1 = performance.now();
    timing = { ms: t1 - t0, iterations: result.iterations, value: result.inertia, steady, first: ends[0] - t0, finish: t1 - ends[ends.length - 1], kernel: result.kernel, labels: labelChecksum(result.labels) };
  } else {
    const t0 = performance.now();
    const value =
      r.op === 'silhouette'
        ? silhouetteSamples(m, labels, r.k).reduce((a, b) => a + b, 0) / m.n
        : r.op === 'daviesBouldin'
          ? daviesBouldin(m, labels, r.k)
          : calinskiHarabasz(m, labels, r.k);
    timing = { ms: performance.now() - t0, value };
  }
  self.postMessage(timing);
};
