import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/ml/matrix.ts';
import { calinskiHarabasz, clusterCentroids, clusterIndices, daviesBouldin, silhouette, silhouetteSamples } from '../../src/ml/metrics.ts';
import { ORACLE_NAMES, loadOracle, oraclesAvailable } from './oracles.ts';
import { gaussianBlobs } from './synthetic.ts';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

// Values checked with scikit-learn 1.2.1: silhouette_samples gives [0.8, 0.75, 3/7, 7/11, 0];
// Davies-Bouldin 1/3 and Calinski-Harabasz 16.2 on the first four points.
const line = matrix(Float64Array.of(0, 1, 4, 6, 20), 5, 1);
const lineLabels = Int32Array.of(0, 0, 1, 1, 2);

describe('metrics on points worked out by hand', () => {
  it('silhouette of each point on a line, with 0 for a singleton cluster', () => {
    const s = silhouetteSamples(line, lineLabels, 3);
    [0.8, 0.75, 3 / 7, 7 / 11, 0].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 14));
  });

  it('rows labelled -1 get NaN and change nobody else', () => {
    const withOutlier = matrix(Float64Array.of(0, 1, 4, 6, 20, -50), 6, 1);
    const s = silhouetteSamples(withOutlier, Int32Array.of(0, 0, 1, 1, 2, -1), 3);
    expect(Number.isNaN(s[5])).toBe(true);
    [0.8, 0.75, 3 / 7, 7 / 11, 0].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 14));
  });

  it('an empty cluster among k is skipped rather than treated as infinitely far', () => {
    const s = silhouetteSamples(line, Int32Array.of(0, 0, 3, 3, 2), 4);
    [0.8, 0.75, 3 / 7, 7 / 11, 0].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 14));
  });

  it('Davies-Bouldin and Calinski-Harabasz of two clusters on a line', () => {
    const four = matrix(Float64Array.of(0, 1, 4, 6), 4, 1);
    const labels = Int32Array.of(0, 0, 1, 1);
    expect(daviesBouldin(four, labels, 2)).toBeCloseTo(1 / 3, 14);
    expect(calinskiHarabasz(four, labels, 2)).toBeCloseTo(16.2, 12);
  });

  it('identical silhouettes whatever the width of the row kernel (d = 1, 5, 7 and 11)', () => {
    for (const d of [5, 7, 11]) {
      // The line's points in the first column, zeros elsewhere: distances do not change.
      const data = new Float64Array(5 * d);
      for (let i = 0; i < 5; i++) data[i * d] = line.data[i];
      const s = silhouetteSamples(matrix(data, 5, d), lineLabels, 3);
      [0.8, 0.75, 3 / 7, 7 / 11, 0].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 14));
    }
  });

  it('centroids and sizes, NaN for an empty cluster', () => {
    const { centroids, sizes } = clusterCentroids(line, Int32Array.of(0, 0, 2, 2, -1), 3);
    expect(Array.from(sizes)).toEqual([2, 0, 2]);
    expect(centroids[0]).toBe(0.5);
    expect(Number.isNaN(centroids[1])).toBe(true);
    expect(centroids[2]).toBe(5);
  });

  it('rejects labels that do not fit the matrix or k, naming the bad value', () => {
    expect(() => silhouetteSamples(line, Int32Array.of(0, 0, 1, 1), 2)).toThrow('labels has 4 entries for 5 rows');
    expect(() => daviesBouldin(line, Int32Array.of(0, 0, 1, 1, 5), 3)).toThrow('label of row 4 must be -1 or in [0, 3), got 5');
    expect(() => calinskiHarabasz(line, Int32Array.of(0, 0, 0, 0, 0), 2)).toThrow('at least 2 non-empty clusters, got 1');
    expect(() => silhouette(line, lineLabels, 0)).toThrow('k must be a positive integer, got 0');
  });
});

describe.runIf(oraclesAvailable)('metrics against scikit-learn on the fixed-init k-means labels', () => {
  for (const name of ORACLE_NAMES) {
    it(`${name}: silhouette, first 10 samples, Davies-Bouldin and Calinski-Harabasz to 1e-9`, () => {
      const { standardized, expected } = loadOracle(name);
      const labels = Int32Array.from(expected.kmeans_fixed_init.labels);
      const k = expected.k;
      const want = expected.metrics_on_fixed_labels;
      expect(relative(daviesBouldin(standardized, labels, k), want.davies_bouldin)).toBeLessThan(1e-9);
      expect(relative(calinskiHarabasz(standardized, labels, k), want.calinski_harabasz)).toBeLessThan(1e-9);
      // The sweep's shared pass gives the same bits as each index alone.
      expect(clusterIndices(standardized, labels, k)).toEqual({
        daviesBouldin: daviesBouldin(standardized, labels, k), calinskiHarabasz: calinskiHarabasz(standardized, labels, k),
      });
      if (want.silhouette === null || want.silhouette_samples_first10 === null) return;
      const s = silhouette(standardized, labels, k);
      expect(s.sampled).toBe(false);
      expect(s.sampleSize).toBe(standardized.n);
      expect(relative(s.score, want.silhouette)).toBeLessThan(1e-9);
      want.silhouette_samples_first10.forEach((v, i) => expect(relative(s.samples![i], v)).toBeLessThan(1e-9));
    });
  }
});

describe('silhouette on a sample', () => {
  const { m, truth } = gaussianBlobs([[0, 0, 0], [4, 0, 0], [0, 4, 0], [0, 0, 4]], 750, 1.2, 11);
  const exact = silhouette(m, truth, 4);
  const sampled = silhouette(m, truth, 4, { exactUpTo: 1000, sampleSize: 600, seed: 3 });

  it('switches to a sample above exactUpTo and reports its size and rows', () => {
    expect(exact.sampled).toBe(false);
    expect(exact.standardError).toBe(0);
    expect(sampled.sampled).toBe(true);
    expect(sampled.sampleSize).toBe(600);
    expect(sampled.samples).toHaveLength(600);
    expect(sampled.sampleRows).toHaveLength(600);
    const rows = sampled.sampleRows!;
    for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
  });

  it('reports a standard error like sd / sqrt(size), and lands within a few of them of the exact score', () => {
    const s = exact.samples!;
    const mean = exact.score;
    const sd = Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / (s.length - 1));
    expect(sampled.standardError).toBeGreaterThan(0.6 * (sd / Math.sqrt(600)));
    expect(sampled.standardError).toBeLessThan(1.5 * (sd / Math.sqrt(600)));
    expect(Math.abs(sampled.score - exact.score)).toBeLessThan(4 * sampled.standardError);
  });

  it('gives the same sample for the same seed and another for another seed', () => {
    const again = silhouette(m, truth, 4, { exactUpTo: 1000, sampleSize: 600, seed: 3 });
    const other = silhouette(m, truth, 4, { exactUpTo: 1000, sampleSize: 600, seed: 4 });
    expect(again.score).toBe(sampled.score);
    expect(Array.from(again.sampleRows!)).toEqual(Array.from(sampled.sampleRows!));
    expect(other.score).not.toBe(sampled.score);
  });

  it('averages per cluster over the same values as the score', () => {
    const sizes = clusterCentroids(m, truth, 4).sizes;
    const weighted = exact.perCluster.reduce((a, v, c) => a + v * sizes[c], 0) / m.n;
    expect(weighted).toBeCloseTo(exact.score, 12);
  });
});
