import { describe, expect, it } from 'vitest';
import { assignToCentroids } from '../../src/ml/kmeans.ts';
import { matrix } from '../../src/ml/matrix.ts';
import { clusterIndices } from '../../src/ml/metrics.ts';
import { Random } from '../../src/ml/random.ts';
import { measureAssignment } from '../../src/ml/sweep-measure.ts';

function data(n: number, d: number, seed: number) {
  const rng = new Random(seed);
  return matrix(Float64Array.from({ length: n * d }, () => rng.next() * 10 + (rng.next() < 0.5 ? 0 : 20)), n, d);
}

describe('the sweep measures a sampled fit on every row', () => {
  for (const [d, k] of [[2, 3], [4, 5], [6, 8], [7, 4], [11, 6]] as const) {
    it(`gives the labels, inertia, Davies-Bouldin and Calinski-Harabasz of the separate passes, bit for bit (d = ${d}, k = ${k})`, () => {
      const m = data(5_000, d, d * 31 + k);
      const rng = new Random(k);
      const centres = Float64Array.from({ length: k * d }, () => rng.next() * 30);
      const measured = measureAssignment(m, centres, k);
      const assigned = assignToCentroids(m, centres, k);
      let inertia = 0;
      for (const x of assigned.distances) inertia += x * x;
      const indices = clusterIndices(m, assigned.labels, k);
      expect(measured.labels).toEqual(assigned.labels);
      expect(measured.inertia).toBe(inertia);
      expect(measured.daviesBouldin).toBe(indices.daviesBouldin);
      expect(measured.calinskiHarabasz).toBe(indices.calinskiHarabasz);
    });
  }

  it('leaves a centre no row is nearest to out of both indices, as clusterIndices does', () => {
    const m = data(2_000, 3, 5);
    const centres = Float64Array.from([1, 1, 1, 25, 25, 25, 1e6, 1e6, 1e6]);
    const measured = measureAssignment(m, centres, 3);
    const indices = clusterIndices(m, assignToCentroids(m, centres, 3).labels, 3);
    expect(measured.labels.includes(2)).toBe(false);
    expect(measured.daviesBouldin).toBe(indices.daviesBouldin);
    expect(measured.calinskiHarabasz).toBe(indices.calinskiHarabasz);
  });
});
