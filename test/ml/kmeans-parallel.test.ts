import { describe, expect, it } from 'vitest';
import { kmeans, type KMeansOptions, type KMeansResult } from '../../src/ml/kmeans.ts';
import { kmeansParallel, type KMeansHelper } from '../../src/ml/kmeans-parallel.ts';
import { PartServer, SPLIT_ROWS } from '../../src/ml/kmeans-part.ts';
import type { FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';
import { useInProcessHelpers } from './in-process-helper.ts';

function data(kind: 'blobs' | 'uniform', n: number, d: number, seed: number): FeatureMatrix {
  const rng = new Random(seed);
  const middle = Float64Array.from({ length: 8 * d }, () => rng.next() * 8 - 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(8);
    for (let t = 0; t < d; t++) values[i * d + t] = kind === 'blobs' ? middle[c * d + t] + 1.5 * gauss() : rng.next() * 8 - 4;
  }
  return { data: values, n, d };
}

const inProcessHelper = useInProcessHelpers();

function expectSame(actual: KMeansResult, expected: KMeansResult): void {
  expect(actual.iterations).toBe(expected.iterations);
  expect(actual.inertia).toBe(expected.inertia);
  expect(actual.centroids).toEqual(expected.centroids);
  expect(actual.labels).toEqual(expected.labels);
  expect(actual.distances).toEqual(expected.distances);
}

/**
 * Textbook Lloyd measuring every row every iteration, with the per-cluster sums and the inertia
 * added up over rows [0, ceil(n/2)) and [ceil(n/2), n) apart, then joined: the split definition.
 */
function splitPlainLloyd(m: FeatureMatrix, init: Float64Array, k: number, maxIter: number) {
  const { data: x, n, d } = m;
  const middle = Math.ceil(n / 2);
  let centroids = Float64Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  const nearest = (i: number) => {
    let best = Infinity;
    let label = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (x[i * d + t] - centroids[j * d + t]) ** 2;
      if (s < best) [best, label] = [s, j];
    }
    return { label, best };
  };
  let iterations = 0;
  let strict = false;
  while (iterations < maxIter) {
    let changed = 0;
    const halves = [new Float64Array(k * d), new Float64Array(k * d)];
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const { label } = nearest(i);
      if (label !== labels[i]) changed++;
      labels[i] = label;
      counts[label]++;
      for (let t = 0; t < d; t++) halves[i < middle ? 0 : 1][label * d + t] += x[i * d + t];
    }
    const next = new Float64Array(k * d);
    let shift = 0;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) throw new Error('the reference does not relocate empty clusters');
      for (let t = 0; t < d; t++) {
        next[j * d + t] = (halves[0][j * d + t] + halves[1][j * d + t]) * (1 / counts[j]);
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
  const inertias = [0, 0];
  for (let i = 0; i < n; i++) {
    if (!strict) labels[i] = nearest(i).label;
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[i * d + t] - centroids[labels[i] * d + t]) ** 2;
    inertias[i < middle ? 0 : 1] += s;
  }
  return { labels, centroids, inertia: inertias[0] + inertias[1], iterations };
}

const fixedStart = (m: FeatureMatrix, k: number, seed: number) => {
  const out = new Float64Array(k * m.d);
  new Random(seed).sample(m.n, k).forEach((r, j) => out.set(m.data.subarray(r * m.d, r * m.d + m.d), j * m.d));
  return out;
};

describe('k-means split into two halves of rows', () => {
  it('gives the split textbook Lloyd’s labels, centroids and inertia bit for bit', () => {
    for (const [kind, d] of [['uniform', 6], ['blobs', 3]] as const) {
      const m = data(kind, SPLIT_ROWS + 1_001, d, 5);
      const init = fixedStart(m, 8, 9);
      for (const maxIter of [300, 5]) {
        const fast = kmeans(m, { k: 8, nInit: 1, maxIter, tol: 0, seed: 0, init });
        const plain = splitPlainLloyd(m, init, 8, maxIter);
        expect(fast.iterations).toBe(plain.iterations);
        expect(fast.labels).toEqual(plain.labels);
        expect(fast.centroids).toEqual(plain.centroids);
        expect(fast.inertia).toBe(plain.inertia);
      }
    }
  });

  it('gives the same result bit for bit with its second half on a helper, k-means++ restarts included', async () => {
    const m = data('blobs', 120_000, 6, 11);
    const options: KMeansOptions = { k: 8, nInit: 3, maxIter: 300, tol: 1e-4, seed: 42 };
    const requests: string[] = [];
    const progress: number[] = [];
    const parallel = await kmeansParallel(m, options, { onProgress: (p) => progress.push(p.inertia) }, () => inProcessHelper(requests));
    const single = kmeans(m, options);
    expectSame(parallel, single);
    // Loaded once, reused by every restart; the helper really did the second half's work.
    expect(requests.filter((op) => op === 'load')).toHaveLength(1);
    expect(requests.filter((op) => op === 'finish')).toHaveLength(3);
    expect(requests.filter((op) => op === 'assign').length).toBeGreaterThan(3);
    expect(progress.length).toBe(requests.filter((op) => op === 'assign' || op === 'assignAll').length);
  });

  it('relocates an empty cluster to the farthest row even when that row is in the helper’s half', async () => {
    const m = data('uniform', 60_000, 2, 3);
    // The farthest row from its centre, put in the second half: it must become the empty cluster's centre.
    const far = 50_000;
    m.data[far * 2] = 40;
    m.data[far * 2 + 1] = 40;
    const init = Float64Array.from([-1, -1, 1, 1, 1000, 1000]);
    const options: KMeansOptions = { k: 3, nInit: 1, maxIter: 1, tol: 0, seed: 0, init };
    const parallel = await kmeansParallel(m, options, {}, () => inProcessHelper());
    expectSame(parallel, kmeans(m, options));
    expect(Array.from(parallel.centroids.subarray(4, 6))).toEqual([40, 40]);
  });

  it('runs on one thread with the same result when the helper cannot start, fails to load, or the fit is small', async () => {
    const m = data('uniform', 70_000, 4, 8);
    const options: KMeansOptions = { k: 5, nInit: 1, maxIter: 50, tol: 0, seed: 3 };
    const expected = kmeans(m, options);
    expectSame(await kmeansParallel(m, options, {}, () => null), expected);
    expectSame(
      await kmeansParallel(m, options, {}, () => {
        throw new Error('workers are not allowed here');
      }),
      expected,
    );
    const never = new Promise<never>(() => undefined);
    const failing: KMeansHelper = {
      load: () => never, handle: () => never, close: () => {},
      stopped: new Promise<never>((_, reject) => setTimeout(() => reject(new Error('script failed to load')), 5)),
    };
    expectSame(await kmeansParallel(m, options, {}, () => failing), expected);
    const small = data('blobs', SPLIT_ROWS - 1, 3, 1);
    let started = 0;
    const result = await kmeansParallel(small, options, {}, () => (started++, inProcessHelper()));
    expect(started).toBe(0);
    expectSame(result, kmeans(small, options));
  });

  it('rejects with a message to run the cell again when the helper stops mid-fit', async () => {
    const m = data('blobs', 60_000, 3, 2);
    const server = new PartServer();
    let fail: (e: Error) => void = () => {};
    let answered = 0;
    // Answers the load and two iterations, then dies as a crashed worker does: its call never answers.
    const flaky: KMeansHelper = {
      load: async (rows) => server.load(rows),
      handle: (request) => {
        if (++answered > 2) {
          setTimeout(() => fail(new Error('out of memory')), 0);
          return new Promise(() => undefined);
        }
        return new Promise((resolve) => setTimeout(() => resolve(server.handle(request).reply), 0));
      },
      stopped: new Promise<never>((_, reject) => (fail = reject)),
      close: () => {},
    };
    await expect(kmeansParallel(m, { k: 4, nInit: 1, maxIter: 100, tol: 0, seed: 1 }, {}, () => flaky)).rejects.toThrow(
      "k-means' second thread stopped: out of memory. Run the cell again.",
    );
  });
});
