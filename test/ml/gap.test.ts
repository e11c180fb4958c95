import { describe, expect, it } from 'vitest';
import { gapStatistic } from '../../src/ml/gap.ts';
import type { FeatureMatrix } from '../../src/ml/matrix.ts';
import { gaussianBlobs, lloyd, uniformCube } from './synthetic.ts';

const inertia = (m: FeatureMatrix, k: number, seed: number) => lloyd(m, k, seed).inertia;

describe('gap statistic', () => {
  it('picks the planted k on well-separated blobs, for several seeds', () => {
    for (const seed of [1, 2, 3]) {
      const three = gaussianBlobs([[0, 0], [10, 0], [5, 9]], 100, 1, seed);
      expect(gapStatistic(three.m, [1, 2, 3, 4, 5, 6], 10, seed, inertia).bestK).toBe(3);
      const five = gaussianBlobs([[0, 0, 0], [8, 0, 0], [0, 8, 0], [0, 0, 8], [8, 8, 8]], 60, 1, seed);
      expect(gapStatistic(five.m, [1, 2, 3, 4, 5, 6, 7, 8], 10, seed, inertia).bestK).toBe(5);
    }
  });

  it('picks k = 1 on uniform noise', () => {
    expect(gapStatistic(uniformCube(200, 2, 4), [1, 2, 3, 4, 5], 10, 4, inertia).bestK).toBe(1);
  });

  it('returns log W of the data, gap = mean reference log W - log W, and s_k = sd * sqrt(1 + 1/B)', () => {
    const { m } = gaussianBlobs([[0, 0], [6, 6]], 50, 1, 8);
    const B = 4;
    const calls: { m: FeatureMatrix; k: number; seed: number }[] = [];
    const r = gapStatistic(m, [1, 2], B, 9, (x, k, seed) => {
      calls.push({ m: x, k, seed });
      return inertia(x, k, seed);
    });
    expect(r.k).toEqual([1, 2]);
    expect(calls).toHaveLength(2 * (B + 1));
    expect(calls[0].m).toBe(m);
    expect(r.logW[1]).toBeCloseTo(Math.log(inertia(m, 2, 9)), 12);
    const refs = calls.slice(2).filter((c) => c.k === 2).map((c) => Math.log(inertia(c.m, 2, c.seed)));
    const mean = refs.reduce((a, v) => a + v, 0) / B;
    const sd = Math.sqrt(refs.reduce((a, v) => a + (v - mean) ** 2, 0) / B);
    expect(r.gap[1]).toBeCloseTo(mean - r.logW[1], 12);
    expect(r.sk[1]).toBeCloseTo(sd * Math.sqrt(1 + 1 / B), 12);
  });

  it('draws reference sets inside the bounding box of the data, the same ones for the same seed', () => {
    const { m } = gaussianBlobs([[0, 0], [6, 6]], 50, 1, 8);
    const boxes: Float64Array[] = [];
    const run = (seed: number) =>
      gapStatistic(m, [1, 2], 3, seed, (x, k, s) => {
        if (x !== m) boxes.push(x.data);
        return inertia(x, k, s);
      });
    const first = run(5);
    const again = run(5);
    expect(Array.from(again.gap)).toEqual(Array.from(first.gap));
    for (let t = 0; t < 2; t++) {
      const column = Array.from({ length: m.n }, (_, i) => m.data[i * 2 + t]);
      const low = Math.min(...column);
      const high = Math.max(...column);
      for (const ref of boxes) for (let i = 0; i < m.n; i++) {
        expect(ref[i * 2 + t]).toBeGreaterThanOrEqual(low);
        expect(ref[i * 2 + t]).toBeLessThanOrEqual(high);
      }
    }
    expect(Array.from(run(6).gap)).not.toEqual(Array.from(first.gap));
  });

  it('rejects ks that are not increasing or out of range, and a bad B, naming the value', () => {
    const { m } = gaussianBlobs([[0, 0]], 10, 1, 1);
    expect(() => gapStatistic(m, [2, 2], 5, 1, inertia)).toThrow('ks must be increasing, got 2 after 2');
    expect(() => gapStatistic(m, [1, 11], 5, 1, inertia)).toThrow('each k must be an integer in [1, 10], got 11');
    expect(() => gapStatistic(m, [1, 2], 0, 1, inertia)).toThrow('B must be a positive integer, got 0');
  });
});
