import type { FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';

export type DatasetKind = 'blobs' | 'uniform';

/**
 * Seeded benchmark data, built the same way in Node and in Chromium's worker. 'blobs': k Gaussian
 * clusters with centres in [-4, 4]^d; 'uniform': no structure, the hard case for k-means' bounds.
 */
export function dataset(kind: DatasetKind, n: number, d: number, k: number, seed: number): { m: FeatureMatrix; labels: Int32Array } {
  const rng = new Random(seed);
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  const centres = Float64Array.from({ length: k * d }, () => rng.next() * 8 - 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    labels[i] = c;
    for (let t = 0; t < d; t++) data[i * d + t] = kind === 'blobs' ? centres[c * d + t] + gauss() : rng.next() * 8 - 4;
  }
  return { m: { data, n, d }, labels };
}

/** k seeded rows of `m` as initial centroids, so every implementation starts from the same place. */
export function initialCentroids(m: FeatureMatrix, k: number, seed: number): Float64Array {
  const rows = new Random(seed).sample(m.n, k);
  const out = new Float64Array(k * m.d);
  rows.forEach((r, j) => out.set(m.data.subarray(r * m.d, r * m.d + m.d), j * m.d));
  return out;
}
