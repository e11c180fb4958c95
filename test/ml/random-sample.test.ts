import { describe, expect, it } from 'vitest';
import { Random } from '../../src/ml/random.ts';

/** Floyd's algorithm as Random.sample was first written, with a Set: the draws any sample must reproduce. */
function floydWithSet(rng: Random, n: number, m: number): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

describe('Random.sample', () => {
  it('draws the same distinct indexes, in increasing order, as Floyd with a Set', () => {
    const cases: [number, number][] = [[10, 3], [100, 99], [33, 32], [64, 10], [7, 7], [5, 9], [100_000, 50_000], [1_000_003, 20_000]];
    cases.forEach(([n, m], seed) => {
      const sample = new Random(seed).sample(n, m);
      expect(Array.from(sample)).toEqual(floydWithSet(new Random(seed), n, m));
      expect(new Set(sample).size).toBe(Math.min(n, m));
    });
  });
});
