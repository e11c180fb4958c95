import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/ml/matrix.ts';
import { pca, project } from '../../src/ml/pca.ts';
import { ORACLE_NAMES, loadOracle, oraclesAvailable } from './oracles.ts';
import { gaussianBlobs } from './synthetic.ts';

describe('PCA on data worked out by hand', () => {
  it('finds the direction of points on the line y = -2x, with all the variance, sign fixed', () => {
    const m = matrix(Float64Array.of(0, 0, 1, -2, 2, -4, 3, -6), 4, 2);
    const p = pca(m);
    expect(p.explainedVarianceRatio[0]).toBeCloseTo(1, 14);
    expect(p.explainedVarianceRatio[1]).toBeCloseTo(0, 14);
    // Variance of the projections 0, √5, 2√5, 3√5 with n - 1: 5 * 5/3.
    expect(p.explainedVariance[0]).toBeCloseTo(25 / 3, 12);
    // The largest-magnitude entry is made positive: (-1, 2) / √5 rather than (1, -2) / √5.
    expect(p.components[0]).toBeCloseTo(-1 / Math.sqrt(5), 14);
    expect(p.components[1]).toBeCloseTo(2 / Math.sqrt(5), 14);
    expect(Array.from(p.mean)).toEqual([1.5, -3]);
  });

  it('returns orthonormal components sorted by variance', () => {
    const { m } = gaussianBlobs([[0, 0, 0, 0, 0], [3, 1, 0, -2, 5], [-1, 4, 2, 0, 1]], 200, 1, 9);
    const { components, explainedVariance } = pca(m);
    const d = m.d;
    for (let a = 0; a < d; a++) {
      if (a > 0) expect(explainedVariance[a]).toBeLessThanOrEqual(explainedVariance[a - 1]);
      for (let b = 0; b < d; b++) {
        let dot = 0;
        for (let t = 0; t < d; t++) dot += components[a * d + t] * components[b * d + t];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
  });

  it('projects onto components whose sample variances are the explained variances', () => {
    const { m } = gaussianBlobs([[0, 0, 0], [4, 2, -1]], 300, 1, 2);
    const p = pca(m);
    const scores = project(m, p, 2);
    expect(scores.d).toBe(2);
    expect(scores.n).toBe(m.n);
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      for (let i = 0; i < m.n; i++) mean += scores.data[i * 2 + c];
      mean /= m.n;
      let ss = 0;
      for (let i = 0; i < m.n; i++) ss += (scores.data[i * 2 + c] - mean) ** 2;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(ss / (m.n - 1)).toBeCloseTo(p.explainedVariance[c], 10);
    }
  });

  it('rejects too few rows and a bad number of components, naming the value', () => {
    expect(() => pca(matrix(Float64Array.of(1, 2), 1, 2))).toThrow('PCA needs at least 2 rows, got 1');
    const m = matrix(Float64Array.of(0, 1, 2, 3), 2, 2);
    expect(() => project(m, pca(m), 3)).toThrow('nComponents must be an integer in [1, 2], got 3');
  });
});

describe.runIf(oraclesAvailable)('PCA against scikit-learn', () => {
  for (const name of ORACLE_NAMES) {
    it(`${name}: explained variance ratio to 1e-9 and |first two components| to 1e-6`, () => {
      const { standardized, expected } = loadOracle(name);
      const p = pca(standardized);
      const d = standardized.d;
      expected.pca_explained_variance_ratio.forEach((v, c) => expect(Math.abs(p.explainedVarianceRatio[c] - v)).toBeLessThan(1e-9));
      expected.pca_abs_components_first2.forEach((row, c) =>
        row.forEach((v, t) => expect(Math.abs(Math.abs(p.components[c * d + t]) - v)).toBeLessThan(1e-6)),
      );
    });
  }
});
