import { kmeans as mlKmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { assignToCentroids, kmeans, kmeansPlusPlus, type KMeansOptions, type KMeansProgress } from '../../src/ml/kmeans.ts';
import { Cancelled } from '../../src/cancelled.ts';
import { takeRows, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';
import { loadOracle, ORACLE_NAMES, oraclesAvailable } from './oracles.ts';

/** `n` rows around `centres` random centres in [-4, 4]^d with unit-variance Gaussian noise, seeded. */
function blobs(n: number, d: number, centres: number, seed: number, spread = 1): FeatureMatrix {
  const rng = new Random(seed);
  const middle = Float64Array.from({ length: centres * d }, () => rng.next() * 8 - 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(centres);
    for (let t = 0; t < d; t++) data[i * d + t] = middle[c * d + t] + spread * gauss();
  }
  return { data, n, d };
}

function seededRows(m: FeatureMatrix, k: number, seed: number): Float64Array {
  return takeRows(m, new Random(seed).sample(m.n, k)).data;
}

/**
 * Textbook Lloyd with scikit-learn's stopping rules and tol 0, measuring every row against every
 * centre each iteration: the reference the accelerated kernel must match bit for bit. It has no
 * empty-cluster relocation, so it throws if a cluster empties.
 */
function plainLloyd(m: FeatureMatrix, init: Float64Array, k: number, maxIter: number) {
  const { data, n, d } = m;
  let centroids = Float64Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  const nearest = (i: number) => {
    let best = Infinity;
    let label = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (data[i * d + t] - centroids[j * d + t]) ** 2;
      if (s < best) {
        best = s;
        label = j;
      }
    }
    return { label, best };
  };
  let iterations = 0;
  let strict = false;
  while (iterations < maxIter) {
    let changed = 0;
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const { label } = nearest(i);
      if (label !== labels[i]) changed++;
      labels[i] = label;
      counts[label]++;
      for (let t = 0; t < d; t++) sums[label * d + t] += data[i * d + t];
    }
    const next = new Float64Array(k * d);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) throw new Error('the reference does not relocate empty clusters');
      for (let t = 0; t < d; t++) {
        next[j * d + t] = sums[j * d + t] * (1 / counts[j]);
        shift += (next[j * d + t] - centroids[j * d + t]) ** 2;
      }
    }
    centroids = next;
    iterations++;
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shift <= 0) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const { label, best } = nearest(i);
    if (!strict) labels[i] = label;
    let s = 0;
    for (let t = 0; t < d; t++) s += (data[i * d + t] - centroids[labels[i] * d + t]) ** 2;
    inertia += s;
    if (strict) expect(label).toBe(labels[i]);
    else expect(s).toBe(best);
  }
  return { labels, centroids, inertia, iterations };
}

const fixed = (k: number, init: Float64Array, maxIter = 300): KMeansOptions => ({ k, nInit: 1, maxIter, tol: 0, seed: 0, init });

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe.runIf(oraclesAvailable)('k-means matches scikit-learn 1.2 on its oracles', () => {
  for (const name of ORACLE_NAMES) {
    it(`${name}: from the oracle's initial rows with tol 0, the same labels, iterations, inertia and centroids`, () => {
      const { standardized, expected } = loadOracle(name);
      const want = expected.kmeans_fixed_init;
      const result = kmeans(standardized, fixed(expected.k, takeRows(standardized, expected.init_rows).data));
      expect(Array.from(result.labels)).toEqual(want.labels);
      expect(result.iterations).toBe(want.n_iter);
      expect(Math.abs(result.inertia - want.inertia) / want.inertia).toBeLessThan(1e-9);
      expectClose(result.centroids, want.centroids.flat(), 1e-9);
    });

    it(`${name}: the best of 10 k-means++ restarts is within 1% of scikit-learn's best, or below it`, () => {
      const { standardized, expected } = loadOracle(name);
      const result = kmeans(standardized, { k: expected.k, nInit: 10, maxIter: 300, tol: 1e-4, seed: 2024 });
      expect(result.inertia).toBeLessThanOrEqual(expected.kmeans_plusplus_best_inertia * 1.01);
    });
  }

  // Expected values from scikit-learn 1.2.1: KMeans(init=<init rows>, n_init=1, algorithm='lloyd').
  const stops = [
    { name: 'blobs', tol: 1e-2, maxIter: 300, iterations: 4, inertia: 3259.3953445843113, sizes: [393, 750, 1500, 357] },
    { name: 'online_retail_rfm', tol: 1e-4, maxIter: 300, iterations: 31, inertia: 3241.951791368781, sizes: [1447, 939, 1378, 574] },
    { name: 'online_retail_rfm', tol: 0, maxIter: 3, iterations: 3, inertia: 3995.791699510116, sizes: [257, 863, 1950, 1268] },
  ];
  for (const s of stops) {
    it(`${s.name}: stops as scikit-learn does with tol ${s.tol} (relative to the mean variance) and max_iter ${s.maxIter}, then re-assigns`, () => {
      const { standardized, expected } = loadOracle(s.name);
      const options = { ...fixed(expected.k, takeRows(standardized, expected.init_rows).data, s.maxIter), tol: s.tol };
      const result = kmeans(standardized, options);
      expect(result.iterations).toBe(s.iterations);
      expect(Math.abs(result.inertia - s.inertia) / s.inertia).toBeLessThan(1e-9);
      const sizes = new Array<number>(expected.k).fill(0);
      for (const l of result.labels) sizes[l]++;
      expect(sizes).toEqual(s.sizes);
      // Labels are those of the final centres, not of the centres before the last update.
      expect(Array.from(assignToCentroids(standardized, result.centroids, expected.k).labels)).toEqual(Array.from(result.labels));
    });
  }
});

describe('k-means', () => {
  it('gives plain Lloyd’s labels, centroids and inertia bit for bit, for every kernel width', () => {
    for (const d of [2, 3, 5, 6, 7, 11]) {
      const m = blobs(20_000, d, 6, 100 + d, 1.6);
      const init = seededRows(m, 6, d);
      for (const maxIter of [300, 4]) {
        const fast = kmeans(m, fixed(6, init, maxIter));
        const plain = plainLloyd(m, init, 6, maxIter);
        expect(fast.iterations).toBe(plain.iterations);
        expect(fast.labels).toEqual(plain.labels);
        expect(fast.centroids).toEqual(plain.centroids);
        expect(fast.inertia).toBe(plain.inertia);
      }
    }
  });

  it('moves a row that a lower-numbered centre has come exactly level with, as plain Lloyd does', () => {
    // After the first update, centre 0 is at 1 and centre 1 stays at 2: the row 1.5 is 0.5 from
    // both and its bounds meet exactly, which must not be read as proof that its label (1) stays.
    const m = { data: Float64Array.from([1, 1, 1.5, 2, 2.5]), n: 5, d: 1 };
    const init = Float64Array.from([0, 2]);
    const result = kmeans(m, fixed(2, init));
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 1, 1]);
    expect(result.iterations).toBe(3);
    expect(result).toMatchObject(plainLloyd(m, init, 2, 300));
  });

  it('breaks exact ties as plain Lloyd does, towards the lower centre', () => {
    // Small integers: many rows sit exactly halfway between two centres, and centres can coincide in a column.
    const rng = new Random(5);
    const m = { data: Float64Array.from({ length: 20_000 * 3 }, () => rng.int(5)), n: 20_000, d: 3 };
    const init = Float64Array.from([0, 0, 0, 2, 2, 2, 4, 4, 4, 0, 4, 2, 4, 0, 2, 2, 4, 0]);
    for (const maxIter of [300, 2]) {
      const fast = kmeans(m, fixed(6, init, maxIter));
      const plain = plainLloyd(m, init, 6, maxIter);
      expect(fast.iterations).toBe(plain.iterations);
      expect(fast.labels).toEqual(plain.labels);
      expect(fast.centroids).toEqual(plain.centroids);
    }
  });

  it('agrees with ml-kmeans from the same initial centroids', () => {
    const m = blobs(3000, 4, 5, 7, 1.2);
    const init = seededRows(m, 5, 11);
    const ours = kmeans(m, fixed(5, init));
    const rows = Array.from({ length: m.n }, (_, i) => Array.from(m.data.subarray(i * 4, i * 4 + 4)));
    const start = Array.from({ length: 5 }, (_, j) => Array.from(init.subarray(j * 4, j * 4 + 4)));
    const theirs = mlKmeans(rows, 5, { initialization: start, maxIterations: 300, tolerance: 0 });
    expect(theirs.converged).toBe(true);
    const centroids = Float64Array.from(theirs.centroids.flat());
    expectClose(ours.centroids, centroids, 1e-12);
    // ml-kmeans returns the clusters from before its last update: compare with its final centroids' assignment.
    expect(ours.labels).toEqual(assignToCentroids(m, centroids, 5).labels);
    expect(new Set(theirs.clusters).size).toBe(5);
  });

  it('relocates an empty cluster to the row farthest from its centre, as scikit-learn does', () => {
    const data = Float64Array.from([0, 0, 0.5, 0, 1, 0, 10, 0, 10.5, 0, 11, 0, 0, 1, 10, 1]);
    const m = { data, n: 8, d: 2 };
    // Expected values from scikit-learn 1.2.1 with the same initial centres.
    const one = kmeans(m, fixed(3, Float64Array.from([0.25, 0.3, 0.75, 0.3, 50, 50])));
    expect(Array.from(one.labels)).toEqual([0, 0, 0, 2, 2, 2, 0, 1]);
    expect(Array.from(one.centroids)).toEqual([0.375, 0.25, 10, 1, 10.5, 0]);
    expect(one.inertia).toBeCloseTo(1.9375, 12);
    expect(one.iterations).toBe(3);
    const two = kmeans(m, fixed(4, Float64Array.from([0.25, 0.3, 50, 50, 60, 60, 0.75, 0.3])));
    expect(Array.from(two.labels)).toEqual([0, 0, 0, 2, 2, 1, 0, 3]);
    expect(Array.from(two.centroids)).toEqual([0.375, 0.25, 11, 0, 10.25, 0, 10, 1]);
    expect(two.inertia).toBeCloseTo(1.5625, 12);
  });

  it('gives bit-identical results for the same seed, and another start for another seed', () => {
    const m = blobs(5000, 3, 8, 3, 2.5);
    const options = { k: 6, nInit: 4, maxIter: 300, tol: 1e-4, seed: 42 };
    const a = kmeans(m, options);
    const b = kmeans(m, options);
    expect(b.labels).toEqual(a.labels);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.distances).toEqual(a.distances);
    expect(b.inertia).toBe(a.inertia);
    expect(kmeansPlusPlus(m, 6, new Random(1))).not.toEqual(kmeansPlusPlus(m, 6, new Random(2)));
    const seeds = [1, 2, 3, 4, 5].map((seed) => kmeans(m, { ...options, nInit: 1, seed }).inertia);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('returns each row’s Euclidean distance to its centroid, summing (squared) to the inertia', () => {
    const m = blobs(2000, 5, 4, 9);
    const result = kmeans(m, { k: 4, nInit: 2, maxIter: 100, tol: 1e-4, seed: 1 });
    let inertia = 0;
    for (let i = 0; i < m.n; i++) {
      let s = 0;
      for (let t = 0; t < 5; t++) s += (m.data[i * 5 + t] - result.centroids[result.labels[i] * 5 + t]) ** 2;
      expect(result.distances[i]).toBeCloseTo(Math.sqrt(s), 12);
      inertia += s;
    }
    expect(result.inertia).toBeCloseTo(inertia, 8);
    const scored = assignToCentroids(m, result.centroids, 4);
    expect(scored.labels).toEqual(result.labels);
    expect(scored.distances).toEqual(result.distances);
  });

  it('k-means++ picks distinct rows of the matrix, one per well-separated blob', () => {
    const m = blobs(4000, 2, 5, 21, 0.05);
    const seeds = kmeansPlusPlus(m, 5, new Random(8));
    const rows = new Set<string>();
    const blobsHit = new Set<number>();
    const exact = assignToCentroids(m, kmeans(m, { k: 5, nInit: 1, maxIter: 100, tol: 0, seed: 8 }).centroids, 5);
    for (let j = 0; j < 5; j++) {
      const row = Array.from(seeds.subarray(j * 2, j * 2 + 2));
      rows.add(row.join());
      const i = Array.from({ length: m.n }, (_, r) => r).find((r) => m.data[r * 2] === row[0] && m.data[r * 2 + 1] === row[1]);
      expect(i).toBeDefined();
      blobsHit.add(exact.labels[i ?? 0]);
    }
    expect(rows.size).toBe(5);
    expect(blobsHit.size).toBe(5);
  });

  it('reports progress every iteration of every restart, ending at the result’s inertia', () => {
    const m = blobs(3000, 3, 4, 5);
    const seen: KMeansProgress[] = [];
    const result = kmeans(m, { k: 4, nInit: 3, maxIter: 300, tol: 0, seed: 7 }, { onProgress: (p) => seen.push(p) });
    expect(new Set(seen.map((p) => p.restart))).toEqual(new Set([1, 2, 3]));
    expect(seen.every((p) => p.restarts === 3 && p.iteration >= 1 && p.inertia > 0)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      if (seen[i].restart === seen[i - 1].restart) expect(seen[i].iteration).toBe(seen[i - 1].iteration + 1);
      else expect(seen[i].iteration).toBe(1);
    }
    // Converged strictly, so the last report of the best restart is the final inertia.
    const lasts = [1, 2, 3].map((r) => seen.filter((p) => p.restart === r).at(-1)?.inertia ?? NaN);
    expect(Math.min(...lasts)).toBeCloseTo(result.inertia, 6);
  });

  it('stops with Cancelled once shouldStop() says so, within an iteration', () => {
    const m = blobs(3000, 3, 4, 5);
    let calls = 0;
    let iterations = 0;
    const run = () =>
      kmeans(m, { k: 4, nInit: 5, maxIter: 300, tol: 0, seed: 7 }, { onProgress: () => iterations++, shouldStop: () => ++calls > 3 });
    expect(run).toThrow(Cancelled);
    expect(iterations).toBe(3);
    expect(() => kmeans(m, { k: 4, nInit: 1, maxIter: 10, tol: 0, seed: 1 }, { shouldStop: () => true })).toThrow('k-means was cancelled');
  });

  it('rejects bad input with a message that ends in the bad value', () => {
    const m = blobs(40, 3, 2, 1);
    const ok = { k: 3, nInit: 1, maxIter: 10, tol: 0, seed: 1 };
    expect(() => kmeans(m, { ...ok, k: 1 })).toThrow('k must be at least 2: 1');
    expect(() => kmeans(m, { ...ok, k: 2.5 })).toThrow('k must be an integer: 2.5');
    expect(() => kmeans(m, { ...ok, nInit: 0 })).toThrow('nInit must be at least 1: 0');
    expect(() => kmeans(m, { ...ok, maxIter: 0 })).toThrow('maxIter must be at least 1: 0');
    expect(() => kmeans(m, { ...ok, tol: -1 })).toThrow('tol must be a finite number of at least 0: -1');
    expect(() => kmeans(m, { ...ok, seed: 0.5 })).toThrow('seed must be an integer: 0.5');
    expect(() => kmeans(m, { ...ok, k: 41 })).toThrow('k is larger than the number of rows (40): 41');
    expect(() => kmeans(m, { ...ok, init: new Float64Array(8) })).toThrow('init must hold k * d = 9 values: 8');
    expect(() => kmeans(m, { ...ok, init: Float64Array.from([0, 0, 0, 1, 1, 1, 2, NaN, 2]) })).toThrow(
      'init holds NaN or Infinity at row 2, column 1',
    );
    const few = { data: Float64Array.from([1, 1, 2, 2, 1, 1, 3, 3, 2, 2, 3, 3]), n: 6, d: 2 };
    expect(() => kmeans(few, { ...ok, k: 5 })).toThrow('k is larger than the number of distinct rows (3): 5');
    const holed = blobs(30, 4, 2, 1);
    holed.data[17 * 4 + 2] = NaN;
    expect(() => kmeans(holed, ok)).toThrow('the matrix holds NaN or Infinity at row 17, column 2');
    holed.data[17 * 4 + 2] = -Infinity;
    expect(() => kmeans(holed, ok)).toThrow('the matrix holds NaN or Infinity at row 17, column 2');
    expect(() => assignToCentroids(m, new Float64Array(5), 2)).toThrow('centroids must hold k * d = 6 values: 5');
    expect(() => kmeans({ data: new Float64Array(5), n: 2, d: 3 }, ok)).toThrow('the matrix of 2 x 3 needs 6 values: 5');
  });
});
