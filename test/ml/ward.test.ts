import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/ml/agreement.ts';
import { Cancelled } from '../../src/cancelled.ts';
import { matrix } from '../../src/ml/matrix.ts';
import { wardLabels } from '../../src/ml/ward.ts';
import { ORACLE_NAMES, loadOracle, oraclesAvailable } from './oracles.ts';
import { gaussianBlobs } from './synthetic.ts';

// Merge costs |a||b|/(|a|+|b|) * squared centroid distance: {0,1} and {10,11} at 0.5 each, then
// those two at 2*2/4 * 10^2 = 100, before {10,11} with 30 at 2/3 * 19.5^2 = 253.5.
const line = matrix(Float64Array.of(0, 1, 10, 11, 30), 5, 1);

describe('Ward clustering on points worked out by hand', () => {
  it('cuts the merge tree at k clusters, numbering labels by first appearance', () => {
    expect(Array.from(wardLabels(line, 3))).toEqual([0, 0, 1, 1, 2]);
    expect(Array.from(wardLabels(line, 2))).toEqual([0, 0, 0, 0, 1]);
    expect(Array.from(wardLabels(line, 1))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(wardLabels(line, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not depend on the order of the rows', () => {
    const shuffled = matrix(Float64Array.of(30, 11, 0, 10, 1), 5, 1);
    expect(Array.from(wardLabels(shuffled, 3))).toEqual([0, 1, 2, 1, 2]);
  });

  it('puts duplicate rows together', () => {
    const dupes = matrix(Float64Array.of(5, 5, 5, 0, 0, 9), 6, 1);
    expect(Array.from(wardLabels(dupes, 3))).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('recovers well-separated blobs exactly', () => {
    const { m, truth } = gaussianBlobs([[0, 0], [10, 0], [0, 10], [10, 10]], 100, 1, 5);
    expect(adjustedRandIndex(wardLabels(m, 4), truth)).toBe(1);
  });

  it('reports progress up to n - 1 merges and stops with Cancelled when asked', () => {
    const { m } = gaussianBlobs([[0, 0], [5, 5]], 400, 1, 1);
    const seen: number[] = [];
    wardLabels(m, 2, { onProgress: (merged, total) => seen.push(merged / total) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(1);
    let checks = 0;
    expect(() => wardLabels(m, 2, { shouldStop: () => ++checks > 1 })).toThrow(Cancelled);
  });

  it('rejects k outside 1..n and non-finite values, naming the bad value', () => {
    expect(() => wardLabels(line, 6)).toThrow('k must be an integer in [1, 5], got 6');
    expect(() => wardLabels(matrix(Float64Array.of(0, NaN, 2), 3, 1), 2)).toThrow('row 1 has a non-finite value: NaN');
  });
});

describe.runIf(oraclesAvailable)('Ward clustering against scikit-learn', () => {
  for (const name of ORACLE_NAMES) {
    it(`${name}: the same partition as AgglomerativeClustering(linkage='ward') (ARI exactly 1)`, () => {
      const { standardized, expected } = loadOracle(name);
      if (!expected.ward_labels) return;
      const labels = wardLabels(standardized, expected.k);
      expect(adjustedRandIndex(labels, Int32Array.from(expected.ward_labels))).toBe(1);
    });
  }
});
