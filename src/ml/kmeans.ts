import { Cancelled } from '../cancelled.ts';
import type { FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';
import * as parts from './kmeans-init.ts';
import * as kernels from './kmeans-kernels.ts';
import { ClusterCentres, joinParts } from './kmeans-centres.ts';
import { LloydPart, partBounds, type PartReply, type PartRequest } from './kmeans-part.ts';
import type { KMeansKernel } from './wasm/kmeans-wasm.ts';

export { kmeansPlusPlus } from './kmeans-init.ts';

// tsx and vitest compile imports into property reads on a module object, made at every call: in
// the loops below that took a third of the time. Constants bound once are called directly.
const { checkInteger, checkMatrix, distinctRowsUpTo, kmeansPlusPlus, meanVariance } = parts;
const { nearestTwo, padCentres } = kernels;

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
  /** 'js' keeps the passes on the JavaScript kernels where wasm could run them (same results): for tests and benchmarks. */
  kernel?: KMeansKernel;
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
  /** 'wasm' when every part of the rows, a helper's included, ran its passes in wasm. */
  kernel: KMeansKernel;
}

export interface KMeansHooks {
  onProgress?: (p: KMeansProgress) => void;
  /** Asked before each restart and after each iteration. */
  shouldStop?: () => boolean;
}

/**
 * Lloyd's k-means with scikit-learn 1.2's semantics (algorithm='lloyd'), accelerated with Hamerly's
 * bounds: each row keeps an upper bound on the distance to its centre and a lower bound on the
 * distance to every other centre, and rows whose bounds prove their label cannot change are not
 * measured. The bounds carry a slack, far above rounding, so that a skipped row is always one
 * whose plain-Lloyd argmin, rounding and ties included, is its current label: labels, centroids
 * and inertia are bit for bit those of the same loop measuring every row every time, with the
 * per-cluster sums (and the inertia) of SPLIT_ROWS rows or more added up per half, then joined.
 * kmeansParallel() gives the same result with the second half on another thread.
 */
export function kmeans(m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks = {}): KMeansResult {
  const fit = checkFit(m, options);
  const bounds = partBounds(m.n);
  const parts = bounds.slice(1).map((end, p) => new LloydPart(rowsBetween(m, bounds[p], end), options.k, bounds[p], options.kernel));
  return kmeansOnParts(m, options, hooks, fit, parts);
}

/**
 * kmeans() on parts that already hold m's rows (partBounds(m.n), in order) and have passed
 * checkFit(): for fits that reuse their parts' memory from one matrix to the next.
 */
export function kmeansOnParts(m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks, fit: CheckedFit, parts: LloydPart[]): KMeansResult {
  const steps = kmeansSteps(m, options, hooks, fit);
  let step = steps.next();
  while (!step.done) {
    const request = step.value;
    step = steps.next(parts.map((part) => part.handle(request)));
  }
  return step.value;
}

/** What checkFit() learns about the input that the fit needs. */
export interface CheckedFit {
  /** Added to every bound: rounding in any distance here is about d * 1e-16 of the data's diameter. */
  slack: number;
  /** The absolute tolerance on the squared centre shift. */
  tol: number;
}

/**
 * Validates a fit's options and matrix; throws a RangeError naming the bad value. `diameter`, when
 * given, is what checkMatrix(m, ..., init) would return or more, known because m's rows and init
 * were drawn from (means of) rows of a matrix that passed it: m is then not scanned again.
 */
export function checkFit(m: FeatureMatrix, options: KMeansOptions, diameter?: number): CheckedFit {
  const { k, seed, init } = options;
  checkInteger('k', k, 2);
  checkInteger('nInit', options.nInit, 1);
  checkInteger('maxIter', options.maxIter, 1);
  if (!(options.tol >= 0 && options.tol < Infinity)) throw new RangeError(`tol must be a finite number of at least 0: ${options.tol}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer: ${seed}`);
  if (init && init.length !== k * m.d) throw new RangeError(`init must hold k * d = ${k * m.d} values: ${init.length}`);
  const bound = diameter ?? checkMatrix(m, 'the matrix', init);
  if (k > m.n) throw new RangeError(`k is larger than the number of rows (${m.n}): ${k}`);
  const distinct = distinctRowsUpTo(m, k);
  if (distinct < k) throw new RangeError(`k is larger than the number of distinct rows (${distinct}): ${k}`);
  return { slack: bound * 1e-9, tol: options.tol === 0 ? 0 : options.tol * meanVariance(m) };
}

/** Rows [from, to) of `m`, sharing its buffer. */
export function rowsBetween(m: FeatureMatrix, from: number, to: number): FeatureMatrix {
  return { data: m.data.subarray(from * m.d, to * m.d), n: to - from, d: m.d };
}

/**
 * The whole fit, restarts included, as a coroutine: it yields what every part of the rows must do
 * (kmeans-part.ts) and resumes with their replies in part order. Seeding, relocation and the
 * centre updates run here, on the coordinator, which holds all rows.
 */
export function* kmeansSteps(m: FeatureMatrix, options: KMeansOptions, hooks: KMeansHooks, fit: CheckedFit): Generator<PartRequest, KMeansResult, PartReply[]> {
  const { k, maxIter, seed, init } = options;
  const restarts = init ? 1 : options.nInit;
  const root = new Random(seed);
  const centres = new ClusterCentres(m.d, k, fit.slack);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    if (hooks.shouldStop?.()) throw new Cancelled('k-means was cancelled');
    const start = init ?? kmeansPlusPlus(m, k, root.fork(r));
    const report = (iteration: number, inertia: number) => {
      hooks.onProgress?.({ restart: r + 1, restarts, iteration, inertia });
      if (hooks.shouldStop?.()) throw new Cancelled('k-means was cancelled');
    };
    const result = yield* lloyd(m, centres, padCentres(start, k, m.d), maxIter, fit.tol, report);
    if (best === null || result.inertia < best.inertia) best = { ...result, centroids: centres.centroids() };
  }
  if (best === null) throw new Error('unreachable: no restart ran');
  return best;
}

/**
 * Lloyd from padded `start` until labels stop changing, the squared centre shift is at most `tol`
 * (absolute) or `maxIter` iterations ran; then, as scikit-learn does after a cap or tol stop, the
 * rows are re-assigned to the final centres.
 */
function* lloyd(
  m: FeatureMatrix, c: ClusterCentres, start: Float64Array, maxIter: number, tol: number,
  report: (iteration: number, inertia: number) => void,
): Generator<PartRequest, Omit<KMeansResult, 'centroids'>, PartReply[]> {
  c.begin(start);
  let strict = false;
  let iteration = 0;
  let kernel: KMeansKernel = 'wasm';
  while (iteration < maxIter) {
    const replies = yield iteration === 0
      ? { op: 'assignAll', centres: c.centres }
      : { op: 'assign', centres: c.centres, drift: c.drift, fall: c.fall, half: c.half, slack: c.slack };
    if (replies.some((reply) => reply.op === 'sums' && reply.kernel === 'js')) kernel = 'js';
    const changed = c.addSums(replies);
    const inertia = c.assignedInertia();
    const empty = c.emptyClusters();
    if (empty > 0) c.relocate(m, yield { op: 'farthest', centres: c.centres, count: empty });
    const shift = c.update();
    iteration++;
    report(iteration, inertia);
    if (changed === 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  const joined = joinParts(m.n, yield { op: 'finish', centres: c.centres, fall: c.fall, half: c.half, slack: c.slack, reassign: !strict });
  return { ...joined, iterations: iteration, kernel };
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
