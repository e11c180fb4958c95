import { matrix, squaredDistance, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';

/** `perCluster` Gaussian rows (sd `spread`) around each of `centres` (k x d, row-major), seeded. */
export function gaussianBlobs(centres: number[][], perCluster: number, spread: number, seed: number): { m: FeatureMatrix; truth: Int32Array } {
  const rng = new Random(seed);
  const k = centres.length;
  const d = centres[0].length;
  const data = new Float64Array(k * perCluster * d);
  const truth = new Int32Array(k * perCluster);
  for (let i = 0; i < k * perCluster; i++) {
    const c = i % k;
    truth[i] = c;
    for (let t = 0; t < d; t++) {
      const gauss = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      data[i * d + t] = centres[c][t] + spread * gauss;
    }
  }
  return { m: matrix(data, k * perCluster, d), truth };
}

/** n rows uniform in the unit cube of dimension d, seeded. */
export function uniformCube(n: number, d: number, seed: number): FeatureMatrix {
  const rng = new Random(seed);
  return matrix(Float64Array.from({ length: n * d }, () => rng.next()), n, d);
}

/**
 * A small k-means for tests, so these tests do not depend on src/ml/kmeans.ts: k-means++ seeding
 * from `seed`, Lloyd to convergence, best of `restarts`.
 */
export function lloyd(m: FeatureMatrix, k: number, seed: number, restarts = 3): { labels: Int32Array; inertia: number } {
  const { data, n, d } = m;
  const rng = new Random(seed);
  let best = { labels: new Int32Array(n), inertia: Infinity };
  for (let r = 0; r < restarts; r++) {
    const centroids = new Float64Array(k * d);
    const nearest = new Float64Array(n).fill(Infinity);
    let pick = rng.int(n);
    for (let c = 0; c < k; c++) {
      centroids.set(data.subarray(pick * d, pick * d + d), c * d);
      let total = 0;
      for (let i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], squaredDistance(data, i, centroids, c, d));
        total += nearest[i];
      }
      let target = rng.next() * total;
      pick = n - 1;
      for (let i = 0; i < n; i++) {
        target -= nearest[i];
        if (target < 0) {
          pick = i;
          break;
        }
      }
    }
    const labels = new Int32Array(n);
    let inertia = Infinity;
    for (let iter = 0; iter < 300; iter++) {
      let changed = iter === 0;
      inertia = 0;
      for (let i = 0; i < n; i++) {
        let bestC = 0;
        let bestD = Infinity;
        for (let c = 0; c < k; c++) {
          const dist = squaredDistance(data, i, centroids, c, d);
          if (dist < bestD) {
            bestD = dist;
            bestC = c;
          }
        }
        if (labels[i] !== bestC) changed = true;
        labels[i] = bestC;
        inertia += bestD;
      }
      if (!changed) break;
      const sizes = new Int32Array(k);
      const sums = new Float64Array(k * d);
      for (let i = 0; i < n; i++) {
        sizes[labels[i]]++;
        for (let t = 0; t < d; t++) sums[labels[i] * d + t] += data[i * d + t];
      }
      for (let c = 0; c < k; c++) if (sizes[c] > 0) for (let t = 0; t < d; t++) centroids[c * d + t] = sums[c * d + t] / sizes[c];
    }
    if (inertia < best.inertia) best = { labels, inertia };
  }
  return best;
}
