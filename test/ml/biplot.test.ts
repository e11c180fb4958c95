import { describe, expect, it } from 'vitest';
import { biplot } from '../../src/ml/biplot.ts';
import { matrix } from '../../src/ml/matrix.ts';

describe('biplot of segment means', () => {
  it('puts segments and attribute arrows on the axes they differ along, by hand', () => {
    // Four segments on two attributes: price splits A from B by 2, service splits C from D by 1.
    // Variances along the axes are 2/3 and 1/6, so the axes explain 80% and 20%.
    const means = matrix(Float64Array.of(1, 0, -1, 0, 0, 0.5, 0, -0.5), 4, 2);
    const plot = biplot(means, ['A', 'B', 'C', 'D'], ['price', 'service']);
    expect(plot.explained[0]).toBeCloseTo(0.8, 12);
    expect(plot.explained[1]).toBeCloseTo(0.2, 12);
    const at = Object.fromEntries(plot.points.map((p) => [p.label, [p.x, p.y]]));
    expect(at.A[0]).toBeCloseTo(1, 12);
    expect(at.B[0]).toBeCloseTo(-1, 12);
    expect(at.C[1]).toBeCloseTo(0.5, 12);
    expect(at.D[1]).toBeCloseTo(-0.5, 12);
    // Arrows are unit loadings stretched to the farthest point: price along x, service along y.
    expect(plot.scale).toBeCloseTo(1, 12);
    expect(plot.arrows[0]).toMatchObject({ attribute: 'price' });
    expect(plot.arrows[0].x).toBeCloseTo(1, 12);
    expect(plot.arrows[0].y).toBeCloseTo(0, 12);
    expect(Math.abs(plot.arrows[1].y)).toBeCloseTo(1, 12);
  });

  it('keeps each point\'s distances: two components of three attributes that vary in a plane lose nothing', () => {
    const means = matrix(Float64Array.of(2, 1, 3, -1, 0, -1, 0, 2, 2, -1, -3, -4), 4, 3);
    const plot = biplot(means, ['s1', 's2', 's3', 's4'], ['a', 'b', 'c']);
    // c = a + b on every row, so the means lie in a plane.
    expect(plot.explained[0] + plot.explained[1]).toBeCloseTo(1, 10);
    const dist = (i: number, j: number, xs: number[][]) => Math.hypot(...xs[i].map((v, t) => v - xs[j][t]));
    const original = [[2, 1, 3], [-1, 0, -1], [0, 2, 2], [-1, -3, -4]];
    const projected = plot.points.map((p) => [p.x, p.y]);
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(dist(i, j, projected)).toBeCloseTo(dist(i, j, original), 10);
  });

  it('refuses fewer than 2 segments or attributes', () => {
    expect(() => biplot(matrix(Float64Array.of(1, 2), 1, 2), ['A'], ['x', 'y'])).toThrow(/at least 2 segments, got 1/);
    expect(() => biplot(matrix(Float64Array.of(1, 2), 2, 1), ['A', 'B'], ['x'])).toThrow(/at least 2 attributes, got 1/);
  });
});
