// `npx tsx test/bench/kmeans-kernel.ts`: ms per Lloyd iteration of src/ml/kmeans.ts against
// ml-kmeans and scikit-learn (1 and 2 threads) on the same seeded data from the same initial
// centroids: k = 8, d = 6, tol 0, at most 20 iterations. Prints medians of BENCH_ROUNDS rounds
// (default 3) for the sizes in BENCH_SIZES (default 100000,1000000).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kmeans as mlKmeans } from 'ml-kmeans';
import { kmeans } from '../../src/ml/kmeans.ts';
import type { FeatureMatrix } from '../../src/ml/matrix.ts';
import { Random } from '../../src/ml/random.ts';

const K = 8;
const D = 6;
const MAX_ITER = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const PYTHON = '/usr/bin/python3';
/** BENCH_OTHERS=0 times this kernel alone, for quick comparisons while tuning it. */
const OTHERS = process.env.BENCH_OTHERS !== '0';

type Kind = 'blobs' | 'uniform';

/**
 * 'blobs': 8 unit-variance Gaussian clusters with centres uniform in [-4, 4]^6, which overlap
 * where they meet, as customer segments do. 'uniform': no structure at all, the hard case for
 * the bounds, since many rows sit near a boundary.
 */
function dataset(kind: Kind, n: number, seed: number): FeatureMatrix {
  const rng = new Random(seed);
  const data = new Float64Array(n * D);
  const centres = Float64Array.from({ length: K * D }, () => rng.next() * 8 - 4);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  for (let i = 0; i < n; i++) {
    const c = rng.int(K);
    for (let t = 0; t < D; t++) data[i * D + t] = kind === 'blobs' ? centres[c * D + t] + gauss() : rng.next() * 8 - 4;
  }
  return { data, n, d: D };
}

function initialCentroids(m: FeatureMatrix, seed: number): Float64Array {
  const rows = new Random(seed).sample(m.n, K);
  const out = new Float64Array(K * D);
  rows.forEach((r, j) => out.set(m.data.subarray(r * D, r * D + D), j * D));
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Timing {
  total: number;
  iterations: number;
  /** For this kernel: the first iteration (validation included) and the mean of the last ten. */
  first?: number;
  last10?: number;
}

function timeOurs(m: FeatureMatrix, init: Float64Array): Timing {
  const t0 = performance.now();
  const ends: number[] = [];
  const result = kmeans(m, { k: K, nInit: 1, maxIter: MAX_ITER, tol: 0, seed: 0, init }, {
    onProgress: () => ends.push(performance.now()),
  });
  const total = performance.now() - t0;
  const last10 = ends.length > 10 ? (ends[ends.length - 1] - ends[ends.length - 11]) / 10 : undefined;
  return { total, iterations: result.iterations, first: ends[0] - t0, last10 };
}

function timeMlKmeans(rows: number[][], init: Float64Array): Timing {
  const centres = Array.from({ length: K }, (_, j) => Array.from(init.subarray(j * D, j * D + D)));
  const t0 = performance.now();
  const result = mlKmeans(rows, K, { initialization: centres, maxIterations: MAX_ITER, tolerance: 0 });
  return { total: performance.now() - t0, iterations: result.iterations };
}

const SKLEARN = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
n, d, k, rounds = (int(v) for v in sys.argv[3:7])
X = np.fromfile(sys.argv[1], dtype='<f8').reshape(n, d)
init = np.fromfile(sys.argv[2], dtype='<f8').reshape(k, d)
out = []
for _ in range(rounds):
    t0 = time.perf_counter()
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=${MAX_ITER}, tol=0, algorithm='lloyd').fit(X)
    out.append({'total': (time.perf_counter() - t0) * 1000, 'iterations': int(km.n_iter_)})
print(json.dumps(out))
`;

function hasSklearn(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

function timeSklearn(dir: string, m: FeatureMatrix, init: Float64Array, threads: number): Timing[] {
  const dataPath = join(dir, 'x.f64');
  const initPath = join(dir, 'init.f64');
  writeFileSync(dataPath, new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  writeFileSync(initPath, new Uint8Array(init.buffer, init.byteOffset, init.byteLength));
  const args = ['-c', SKLEARN, dataPath, initPath, String(m.n), String(D), String(K), String(ROUNDS)];
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: '1' };
  const parsed: unknown = JSON.parse(execFileSync(PYTHON, args, { env, encoding: 'utf8' }));
  if (!Array.isArray(parsed)) throw new Error(`unexpected output from scikit-learn: ${JSON.stringify(parsed)}`);
  return parsed.map((r: { total: number; iterations: number }) => ({ total: r.total, iterations: r.iterations }));
}

function line(name: string, timings: Timing[]): void {
  const perIteration = median(timings.map((t) => t.total / t.iterations));
  const total = median(timings.map((t) => t.total));
  const ours = timings[0].first === undefined ? '' : `; first ${median(timings.map((t) => t.first ?? NaN)).toFixed(1)} ms, last ten ${median(timings.map((t) => t.last10 ?? NaN)).toFixed(1)} ms each`;
  console.log(`  ${name.padEnd(24)} ${perIteration.toFixed(2).padStart(7)} ms/iteration  (${timings[0].iterations} iterations, ${total.toFixed(0)} ms in all${ours})`);
}

const sklearn = OTHERS && hasSklearn();
if (OTHERS && !sklearn) console.log(`(${PYTHON} has no scikit-learn: skipping it)`);
const dir = mkdtempSync(join(tmpdir(), 'segbook-kmeans-bench-'));
try {
  for (const kind of ['blobs', 'uniform'] as const) {
    for (const n of SIZES) {
      const m = dataset(kind, n, 42);
      const init = initialCentroids(m, 7);
      console.log(`${kind}, ${n} x ${D}, k = ${K}:`);
      timeOurs(m, init);
      line('segbook', Array.from({ length: ROUNDS }, () => timeOurs(m, init)));
      if (!OTHERS) continue;
      const rows = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * D, i * D + D)));
      line('ml-kmeans', Array.from({ length: ROUNDS }, () => timeMlKmeans(rows, init)));
      if (sklearn) {
        line('scikit-learn, 1 thread', timeSklearn(dir, m, init, 1));
        line('scikit-learn, 2 threads', timeSklearn(dir, m, init, 2));
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
