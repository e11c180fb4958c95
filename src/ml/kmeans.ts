import type { FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';
import * as parts from './kmeans-init.ts';
import { Lloyd } from './kmeans-kernels.ts';

export { kmeansPlusPlus } from './kmeans-init.ts';

// tsx and vitest compile imports into property reads on a module object, made at every call: in
// the loops below that took a third of the time. Constants bound once are called directly.
const { checkInteger, checkMatrix, distinctRowsUpTo, kmeansPlusPlus, meanVariance, nearestTwo, padCentres } = parts;

export interface KMeansOptions {
  k: number;
  /** k-means++ restarts; the one with the lowest inertia wins. */
  nInit: number;
  maxIter: number;
  /** Relative, as scikit-learn's: stop once the squared centre shift is at most tol times the mean column variance. */
  tol: number;
  seed: number;
  /** k*d fixed initial centroids (row-major); when given, nInit is 1 and no k-means++ */
  init?: Float64Array;
}

export interface KMeansProgress {
  /** 1-based restart number, out of `restarts`. */
  restart: number;
  restarts: number;
  /** Iterations done in this restart. */
  iteration: number;
  /** Inertia of this iteration's labels against the centres they were assigned to (scikit-learn's verbose output). */
  inertia: number;
}

export interface KMeansResult {
  labels: Int32Array;
  centroids: Float64Array;
  inertia: number;
  iterations: number;
  /** Euclidean (not squared) distance of each row to its centroid */
  distances: Float64Array;
}

export interface KMeansHooks {
  onProgress?: (p: KMeansProgress) => void;
  /** Asked before each restart and after each iteration. */
  shouldStop?: () => boolean;
}

export class KMeansCancelled extends Error {
  constructor() {
    super('k-means was cancelled');
    this.name = 'KMeansCancelled';
  }
}

/**
 * Lloyd's k-means with scikit-learn 1.2's semantics (algorithm='lloyd'), accelerated with Hamerly's
 * bounds: each row keeps an upper bound on the distance to its centre and a lower bound on the
 * distance to every other centre, and rows whose bounds prove their label cannot change are not
 * measured. The bounds carry a slack, far above rounding, so that a skipped row is always one
 * whose plain-Lloyd argmin, rounding and ties included, is its current label: labels, centroids
 * and inertia are bit for bit those of the same loop measuring every row every time.
 */
export function kmeans(m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks = {}): KMeansResult {
  const { k, maxIter, seed, init } = options;
  checkInteger('k', k, 2);
  checkInteger('nInit', options.nInit, 1);
  checkInteger('maxIter', maxIter, 1);
  if (!(options.tol >= 0 && options.tol < Infinity)) throw new RangeError(`tol must be a finite number of at least 0: ${options.tol}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer: ${seed}`);
  if (init && init.length !== k * m.d) throw new RangeError(`init must hold k * d = ${k * m.d} values: ${init.length}`);
  const diameter = checkMatrix(m, 'the matrix', init);
  if (k > m.n) throw new RangeError(`k is larger than the number of rows (${m.n}): ${k}`);
  const distinct = distinctRowsUpTo(m, k);
  if (distinct < k) throw new RangeError(`k is larger than the number of distinct rows (${distinct}): ${k}`);
  // Rounding in any distance here is about d * 1e-16 of the diameter.
  const lloyd = new Lloyd(m, k, diameter * 1e-9);
  const tol = options.tol === 0 ? 0 : options.tol * meanVariance(m);

  const restarts = init ? 1 : options.nInit;
  const root = new Random(seed);
  // Two sets of output arrays, so that a restart never overwrites the best one so far.
  const slots = [{ labels: new Int32Array(m.n), distances: new Float64Array(m.n) }];
  if (restarts > 1) slots.push({ labels: new Int32Array(m.n), distances: new Float64Array(m.n) });
  let best: KMeansResult | null = null;
  let bestSlot = -1;
  for (let r = 0; r < restarts; r++) {
    if (hooks.shouldStop?.()) throw new KMeansCancelled();
    const start = init ?? kmeansPlusPlus(m, k, root.fork(r));
    const slot = bestSlot === 0 ? 1 : 0;
    const { labels, distances } = slots[slot];
    const report = (iteration: number, inertia: number) => {
      hooks.onProgress?.({ restart: r + 1, restarts, iteration, inertia });
      if (hooks.shouldStop?.()) throw new KMeansCancelled();
    };
    const { inertia, iterations } = lloyd.run(padCentres(start, k, m.d), maxIter, tol, labels, distances, report);
    if (best === null || inertia < best.inertia) {
      best = { labels, distances, inertia, iterations, centroids: lloyd.centroids() };
      bestSlot = slot;
    }
  }
  if (best === null) throw new Error('unreachable: no restart ran');
  return best;
}

/** The nearest of `k` centroids (row-major, k * d) to each row, for scoring new data. */
export function assignToCentroids(m: FeatureMatrix, centroids: Float64Array, k: number): { labels: Int32Array; distances: Float64Array } {
  checkInteger('k', k, 1);
  if (centroids.length !== k * m.d) throw new RangeError(`centroids must hold k * d = ${k * m.d} values: ${centroids.length}`);
  checkMatrix({ data: centroids, n: k, d: m.d }, 'centroids');
  checkMatrix(m, 'the matrix');
  const { data, n, d } = m;
  const padded = padCentres(centroids, k, d);
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  const out = new Float64Array(2);
  for (let i = 0, o = 0; i < n; i++, o += d) {
    labels[i] = nearestTwo(data, o, d, padded, k, out);
    distances[i] = Math.sqrt(out[0]);
  }
  return { labels, distances };
}
