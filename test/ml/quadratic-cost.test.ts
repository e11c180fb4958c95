import { describe, expect, it } from 'vitest';
import { allPairsSampled } from '../../src/engine/ml-words.ts';
import { quadraticCost } from '../../src/ml/quadratic-cost.ts';

describe('cost of all-pairs steps', () => {
  it('counts every pair of rows and the memory a distance matrix would take', () => {
    const c = quadraticCost(10_000, 6);
    expect(c.pairs).toBe(1e8);
    expect(c.matrixBytes).toBe(10_000 * 9_999 * 4);
    expect(c.seconds).toBeCloseTo(0.3, 5);
  });

  it('says what the exact step would cost and what ran instead', () => {
    expect(allPairsSampled('The silhouette', 541_909, 6, 10_000)).toBe(
      'The silhouette compares every pair of rows: on all 541,909 rows that is 293.7 billion distances (about 15 minutes, and ' +
        '1.2 TB as a distance matrix), so it ran on a seeded sample of 10,000 rows (100 million distances, about 300 ms).',
    );
  });
});
