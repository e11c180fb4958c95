import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/ml/kmeans.ts';
import { KMeansStepper } from '../../src/ml/kmeans-stepper.ts';

const f64 = (values: number[]) => Float64Array.from(values);
const IRIS = new URL('../../../shared/oracles/iris.features.csv', import.meta.url);

describe('step-through k-means', () => {
  it('gets stuck in the local optimum a bad start leads to, as a hand calculation says', () => {
    // Two tight pairs far apart, both starting centres in the left pair: each centre takes one point
    // of each pair, moves to (5, 0) and (5, 1), and nothing changes after that.
    const s = new KMeansStepper(f64([0, 0, 10, 10]), f64([0, 1, 0, 1]), 2);
    expect(s.next).toBe('initialise');
    s.place(f64([0, 0, 0, 1]));
    expect([...s.assign().labels]).toEqual([0, 1, 0, 1]);
    const moved = s.move();
    expect([...moved.centroids]).toEqual([5, 0, 5, 1]);
    expect(moved.inertia).toBe(100);
    const again = s.assign();
    expect(again.changed).toBe(0);
    expect(again.converged).toBe(true);
    expect(s.step('random', 1)).toBeNull();
  });

  it('steps back exactly, frame by frame', () => {
    const s = new KMeansStepper(f64([0, 0, 10, 10, 5]), f64([0, 1, 0, 1, 9]), 2);
    s.initialise('kmeans++', 7);
    const assigned = s.assign();
    s.move();
    expect(s.back()).toBe(true);
    expect(s.frame).toBe(assigned);
    expect(s.next).toBe('move');
    while (s.back());
    expect(s.frame.kind).toBe('start');
    expect(s.back()).toBe(false);
  });

  it('refuses to move centres before points are assigned, saying what to do', () => {
    const s = new KMeansStepper(f64([0, 1, 2]), f64([0, 1, 2]), 2);
    expect(() => s.move()).toThrow(/initialise the centres/);
    s.initialise('random', 3);
    expect(() => s.move()).toThrow(/assign the points/);
  });

  it.runIf(existsSync(IRIS))('ends where the full k-means ends from the same start, on iris petal length and width', () => {
    const lines = readFileSync(IRIS, 'utf8').trim().split('\n');
    const header = lines[0].split(',').map((h) => h.trim());
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    const x = Float64Array.from(rows, (r) => r[header.indexOf('petal_length')]);
    const y = Float64Array.from(rows, (r) => r[header.indexOf('petal_width')]);
    const s = new KMeansStepper(x, y, 3);
    s.initialise('kmeans++', 42);
    const init = Float64Array.from(s.frame.centroids);
    let steps = 0;
    while (s.step('kmeans++', 42) && steps++ < 200);
    expect(s.frame.converged).toBe(true);
    const full = kmeans(s.points, { k: 3, nInit: 1, maxIter: 300, tol: 0, seed: 42, init });
    expect([...s.frame.labels]).toEqual([...full.labels]);
    expect(s.frame.inertia).toBeCloseTo(full.inertia, 9);
    // Inertia never rises from one assignment to the next.
    const assigned = s.frames.filter((f) => f.kind === 'assign').map((f) => f.inertia);
    for (let i = 1; i < assigned.length; i++) expect(assigned[i]).toBeLessThanOrEqual(assigned[i - 1] + 1e-9);
  });
});
