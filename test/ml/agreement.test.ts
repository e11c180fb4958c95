import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, jaccard } from '../../src/ml/agreement.ts';
import { ORACLE_NAMES, loadOracle, oraclesAvailable } from './oracles.ts';

const labels = (...xs: number[]) => Int32Array.from(xs);

describe('adjusted Rand index', () => {
  // Reference values from scikit-learn 1.2.1's adjusted_rand_score on the same lists.
  it('matches scikit-learn on small labelings', () => {
    expect(adjustedRandIndex(labels(0, 0, 1, 1), labels(0, 0, 1, 2))).toBeCloseTo(0.5714285714285714, 15);
    expect(adjustedRandIndex(labels(0, 0, 1, 1), labels(0, 1, 0, 1))).toBeCloseTo(-0.5, 15);
    expect(adjustedRandIndex(labels(0, 0, 0, 1, 1, 1, 2, 2), labels(1, 1, 0, 0, 2, 2, 2, 2))).toBeCloseTo(0.18181818181818182, 15);
  });

  it('is 1 for the same partition under other label numbers, and for two one-cluster labelings', () => {
    expect(adjustedRandIndex(labels(0, 0, 1, 1, 2), labels(7, 7, 3, 3, 0))).toBe(1);
    expect(adjustedRandIndex(labels(0, 0, 0), labels(4, 4, 4))).toBe(1);
  });

  it('leaves out rows where either labeling says -1', () => {
    expect(adjustedRandIndex(labels(0, 0, 1, 1, -1), labels(0, 0, 1, 1, 0))).toBe(1);
    expect(adjustedRandIndex(labels(0, 0, 1, 1, 1), labels(0, 0, 1, 1, -1))).toBe(1);
  });

  it('rejects labelings of different lengths or with labels below -1', () => {
    expect(() => adjustedRandIndex(labels(0, 1), labels(0))).toThrow('the labelings have 2 and 1 entries');
    expect(() => adjustedRandIndex(labels(0, -2), labels(0, 1))).toThrow('must be -1 or more, got -2');
  });
});

describe.runIf(oraclesAvailable)('adjusted Rand index against scikit-learn', () => {
  for (const name of ORACLE_NAMES) {
    it(`${name}: reproduces ari_fixed_vs_truth and ari_fixed_vs_ward to 1e-9`, () => {
      const { expected } = loadOracle(name);
      const fixed = Int32Array.from(expected.kmeans_fixed_init.labels);
      if (expected.truth_labels && expected.ari_fixed_vs_truth !== null) {
        expect(adjustedRandIndex(Int32Array.from(expected.truth_labels), fixed)).toBeCloseTo(expected.ari_fixed_vs_truth, 9);
      }
      if (expected.ward_labels && expected.ari_fixed_vs_ward !== null) {
        expect(adjustedRandIndex(Int32Array.from(expected.ward_labels), fixed)).toBeCloseTo(expected.ari_fixed_vs_ward, 9);
      }
    });
  }
});

describe('Jaccard similarity of row sets', () => {
  it('is the shared rows over all rows', () => {
    expect(jaccard([1, 2, 3], [2, 3, 4])).toBe(0.5);
    expect(jaccard(Int32Array.of(0, 5, 9), Int32Array.of(0, 5, 9))).toBe(1);
    expect(jaccard([1, 2], [3, 4])).toBe(0);
    expect(jaccard([1, 2], [])).toBe(0);
  });

  it('counts two empty sets as identical', () => {
    expect(jaccard([], [])).toBe(1);
  });

  it('rejects row ids that are not strictly increasing', () => {
    expect(() => jaccard([1, 3, 2], [1])).toThrow('a[2] follows 3 with 2');
    expect(() => jaccard([1], [4, 4])).toThrow('b[1] follows 4 with 4');
  });
});
