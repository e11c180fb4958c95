import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, kruskalWallis } from '../../src/ml/stats.ts';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

function groupsOf(...groups: number[][]): { values: Float64Array; groups: Int32Array } {
  return {
    values: Float64Array.from(groups.flat()),
    groups: Int32Array.from(groups.flatMap((g, i) => g.map(() => i))),
  };
}

// Reference H and p values from scipy 1.10.1: scipy.stats.kruskal(*groups), run with /usr/bin/python3
// (Debian's python3-scipy) on exactly these groups.
describe('Kruskal-Wallis against scipy.stats.kruskal', () => {
  it('three groups with no ties: H = 12.5', () => {
    const { values, groups } = groupsOf([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]);
    const r = kruskalWallis(values, groups, 3);
    expect(r.h).toBeCloseTo(12.5, 12);
    expect(r.df).toBe(2);
    expect(relative(r.p, 0.0019304541362277095)).toBeLessThan(1e-10);
  });

  it('three groups of unequal size', () => {
    const { values, groups } = groupsOf([2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]);
    const r = kruskalWallis(values, groups, 3);
    expect(relative(r.h, 0.7714285714285722)).toBeLessThan(1e-12);
    expect(relative(r.p, 0.6799647735788936)).toBeLessThan(1e-10);
  });

  it('four groups with many ties, using average ranks and the tie correction', () => {
    const { values, groups } = groupsOf([1, 1, 2, 2, 2, 3], [2, 3, 3, 3, 4], [1, 4, 4, 5, 5, 5, 5], [3, 3]);
    const r = kruskalWallis(values, groups, 4);
    expect(relative(r.h, 9.645747359717355)).toBeLessThan(1e-12);
    expect(r.df).toBe(3);
    expect(relative(r.p, 0.021830349733567147)).toBeLessThan(1e-10);
  });

  it('200 rows in 4 interleaved groups with heavy ties', () => {
    // scipy on v = [((i*37) % 23) / 2 + (1.5 if i % 4 == 2 else 0) for i in range(200)], group i % 4.
    const values = Float64Array.from({ length: 200 }, (_, i) => ((i * 37) % 23) / 2 + (i % 4 === 2 ? 1.5 : 0));
    const groups = Int32Array.from({ length: 200 }, (_, i) => i % 4);
    const r = kruskalWallis(values, groups, 4);
    expect(relative(r.h, 5.906207731827845)).toBeLessThan(1e-12);
    expect(relative(r.p, 0.1162636644423478)).toBeLessThan(1e-10);
  });

  it('identical groups give H = 0 and p = 1', () => {
    const { values, groups } = groupsOf([1, 2], [1, 2]);
    expect(kruskalWallis(values, groups, 2)).toEqual({ h: 0, df: 1, p: 1 });
  });
});

describe('Kruskal-Wallis on the rows it is given', () => {
  it('leaves out group -1, NaN values and empty groups (df counts non-empty groups)', () => {
    const { values, groups } = groupsOf([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]);
    const withExtras = {
      values: Float64Array.from([...values, 99, NaN]),
      groups: Int32Array.from([...groups, -1, 0]),
    };
    const r = kruskalWallis(withExtras.values, withExtras.groups, 5);
    expect(r.h).toBeCloseTo(12.5, 12);
    expect(r.df).toBe(2);
  });

  it('every value tied: no evidence of a difference', () => {
    const { values, groups } = groupsOf([3, 3], [3, 3, 3]);
    expect(kruskalWallis(values, groups, 2)).toEqual({ h: 0, df: 1, p: 1 });
  });

  it('rejects mismatched lengths, bad groups and a single group, naming the value', () => {
    expect(() => kruskalWallis(Float64Array.of(1, 2), Int32Array.of(0), 2)).toThrow('groups has 1 entries for 2 values');
    expect(() => kruskalWallis(Float64Array.of(1, 2), Int32Array.of(0, 2), 2)).toThrow('group of row 1 must be -1 or in [0, 2), got 2');
    expect(() => kruskalWallis(Float64Array.of(1, 2), Int32Array.of(0, 0), 2)).toThrow('at least 2 non-empty groups, got 1');
  });
});

describe('chi-square survival function', () => {
  // Reference values from scipy.stats.chi2.sf(x, df), scipy 1.10.1.
  const cases: [number, number, number][] = [
    [0.5, 1, 0.47950012218695337],
    [3.841458820694124, 1, 0.04999999999999989],
    [10, 3, 0.01856613546304325],
    [2, 2, 0.36787944117144245],
    [100, 50, 3.454931382984871e-5],
    [0.001, 4, 0.9999998750416589],
    [250, 200, 0.009379131668826098],
    [40, 3, 1.065509033425585e-8],
    [1, 0.5, 0.15351359580832247],
    [0.7, 7, 0.9983357368454033],
    [1000, 10, 1.870290720915977e-208],
  ];
  for (const [x, df, p] of cases) {
    it(`P(X > ${x}) with ${df} degrees of freedom is ${p}`, () => {
      expect(relative(chiSquareSurvival(x, df), p)).toBeLessThan(1e-10);
    });
  }

  it('is 1 at and below 0, 0 at infinity, and rejects a bad df', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(() => chiSquareSurvival(1, 0)).toThrow('df must be a positive number, got 0');
  });
});
