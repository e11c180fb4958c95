import { kmeans } from '../../../src/ml/kmeans.ts';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples } from '../../../src/ml/metrics.ts';
import { dataset, initialCentroids, type DatasetKind } from '../datasets.ts';

export type KernelRequest =
  | { op: 'kmeans'; kind: DatasetKind; n: number; d: number; k: number; maxIter: number; seed: number }
  | { op: 'silhouette' | 'daviesBouldin' | 'calinskiHarabasz'; kind: DatasetKind; n: number; d: number; k: number; seed: number };

export interface KernelTiming {
  ms: number;
  iterations?: number;
  value: number;
}

self.onmessage = (e: MessageEvent<KernelRequest>) => {
  const r = e.data;
  const { m, labels } = dataset(r.kind, r.n, r.d, r.k, r.seed);
  let timing: KernelTiming;
  if (r.op === 'kmeans') {
    const init = initialCentroids(m, r.k, r.seed);
    const t0 = performance.now();
    const result = kmeans(m, { k: r.k, nInit: 1, maxIter: r.maxIter, tol: 0, seed: 0, init });
    timing = { ms: performance.now() - t0, iterations: result.iterations, value: result.inertia };
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
