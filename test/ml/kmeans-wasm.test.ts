import { describe, expect, it } from 'vitest';
import { kmeans, type KMeansOptions, type KMeansResult } from '../../src/ml/kmeans.ts';
import { kmeansParallel } from '../../src/ml/kmeans-parallel.ts';
import { takeRows, type FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';
import { compileKernel, kmeansWasmModule } from '../../src/ml/wasm/kmeans-wasm.ts';
import { loadOracle, oraclesAvailable } from './oracles.ts';
import { useInProcessHelpers } from './in-process-helper.ts';

function rows(kind: 'blobs' | 'uniform' | 'grid', n: number, d: number, seed: number): FeatureMatrix {
  const rng = new Random(seed);
  const middle = Float64Array.from({ length: 8 * d }, () => rng.next() * 8 - 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(8);
    for (let t = 0; t < d; t++) {
      // 'grid': small integers, so that many rows are exactly as far from two centres.
      data[i * d + t] = kind === 'blobs' ? middle[c * d + t] + 1.5 * gauss() : kind === 'uniform' ? rng.next() * 8 - 4 : rng.int(10);
    }
  }
  return { data, n, d };
}

function expectSameBits(wasm: KMeansResult, js: KMeansResult): void {
  expect(wasm.kernel).toBe('wasm');
  expect(js.kernel).toBe('js');
  expect(wasm.iterations).toBe(js.iterations);
  expect(Object.is(wasm.inertia, js.inertia)).toBe(true);
  expect(wasm.labels).toEqual(js.labels);
  // toEqual on typed arrays compares with Object.is per element: bit for bit, -0 included.
  expect(wasm.centroids).toEqual(js.centroids);
  expect(wasm.distances).toEqual(js.distances);
}

function bothKernels(m: FeatureMatrix, options: KMeansOptions): [KMeansResult, KMeansResult] {
  return [kmeans(m, options), kmeans(m, { ...options, kernel: 'js' })];
}

describe('k-means passes in WebAssembly', () => {
  it('compiles here, and declines bytes that do not validate, so the JS kernels run instead', () => {
    expect(kmeansWasmModule()).toBeInstanceOf(WebAssembly.Module);
    expect(compileKernel(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]))).toBeNull();
  });

  it('runs up to 8 columns in wasm, and 9 or more in the JS kernels', () => {
    const options = { k: 3, nInit: 1, maxIter: 50, tol: 0, seed: 1 };
    expect(kmeans(rows('blobs', 300, 8, 1), options).kernel).toBe('wasm');
    expect(kmeans(rows('blobs', 300, 9, 1), options).kernel).toBe('js');
    expect(kmeans(rows('blobs', 300, 8, 1), { ...options, kernel: 'js' }).kernel).toBe('js');
  });

  for (const kind of ['blobs', 'uniform', 'grid'] as const) {
    for (let d = 1; d <= 8; d++) {
      it(`${kind}, d = ${d}: the same labels, centroids, inertia, distances and iterations as the JS kernels, for odd and even k`, () => {
        const m = rows(kind, 1500, d, 10 * d);
        for (const k of [2, 3, 7, 8]) {
          const [wasm, js] = bothKernels(m, { k, nInit: 2, maxIter: 100, tol: 0, seed: d + k });
          expectSameBits(wasm, js);
        }
      });
    }
  }

  it('the same bits as the JS kernels on a fit split in two halves, stopped by tol and by max_iter', () => {
    for (const [d, k] of [[6, 8], [5, 7], [3, 4]]) {
      const m = rows('uniform', 60_000, d, d);
      expectSameBits(...bothKernels(m, { k, nInit: 1, maxIter: 8, tol: 0, seed: 3 }));
      expectSameBits(...bothKernels(m, { k, nInit: 2, maxIter: 300, tol: 1e-4, seed: 4 }));
    }
  });

  it('relocates an empty cluster to the same row as the JS kernels', () => {
    const m = rows('blobs', 2000, 4, 9);
    const init = new Float64Array(5 * 4);
    init.set(takeRows(m, [0, 1, 2, 3]).data);
    // The fifth centre is far from every row: it has no rows after the first pass.
    init.fill(1e3, 16);
    const [wasm, js] = bothKernels(m, { k: 5, nInit: 1, maxIter: 100, tol: 0, seed: 0, init });
    expectSameBits(wasm, js);
    expect(new Set(wasm.labels).size).toBe(5);
    expect(Math.max(...wasm.centroids)).toBeLessThan(100);
  });

  it.runIf(oraclesAvailable)("iris: scikit-learn's labels and iterations, and the JS kernels' bits", () => {
    const { standardized, expected } = loadOracle('iris');
    const want = expected.kmeans_fixed_init;
    const init = takeRows(standardized, expected.init_rows).data;
    const [wasm, js] = bothKernels(standardized, { k: expected.k, nInit: 1, maxIter: 300, tol: 0, seed: 0, init });
    expectSameBits(wasm, js);
    expect(Array.from(wasm.labels)).toEqual(want.labels);
    expect(wasm.iterations).toBe(want.n_iter);
  });
});

const inProcessHelper = useInProcessHelpers();

describe('k-means passes in WebAssembly on a helper', () => {
  it('runs the helper half in wasm too, and in JS when the fit asks for JS, with the same bits', async () => {
    const m = rows('uniform', 60_000, 6, 2);
    const options = { k: 8, nInit: 2, maxIter: 30, tol: 0, seed: 5 };
    const wasm = await kmeansParallel(m, options, {}, inProcessHelper);
    const js = await kmeansParallel(m, { ...options, kernel: 'js' }, {}, inProcessHelper);
    expectSameBits(wasm, js);
    expectSameBits(kmeans(m, options), js);
  });
});
