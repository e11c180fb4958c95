import type { FeatureMatrix } from './matrix.ts';
import { Random } from './random.ts';
import * as parts from './kmeans-init.ts';
import * as kernels from './kmeans-kernels.ts';

export { kmeansPlusPlus } from './kmeans-init.ts';

// tsx and vitest compile imports into property reads on a module object, made at every call: in
// the loops below that took a third of the time. Constants bound once are called directly.
const { checkInteger, checkMatrix, distinctRowsUpTo, kmeansPlusPlus, meanVariance, relocateEmptyClusters } = parts;
const { addRow, centreStride, nearestTwo, padCentres, squaredDistanceTo, squaredNorm } = kernels;

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

/** The buffers of one k-means fit, reused by every iteration and restart. */
class Lloyd {
  readonly cs: number;
  centres: Float64Array;
  previous: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Per cluster, the sum of its rows' squared norms, updated as rows move: progress inertia only. */
  readonly squares: Float64Array;
  /** Half the distance from each centre to the nearest other centre. */
  readonly half: Float64Array;
  /**
   * Per cluster, how much its rows' upper bounds have grown (its centre's moves) and their lower
   * bounds have shrunk (the largest move of another centre), summed over the run with the slack.
   * Rows store their bounds net of these, so that a row whose bounds hold is not written to.
   */
  readonly drift: Float64Array;
  readonly fall: Float64Array;
  readonly lower: Float64Array;
  readonly out = new Float64Array(2);
  readonly farDistance: Float64Array;
  readonly farRow: Int32Array;

  constructor(
    readonly m: FeatureMatrix,
    readonly k: number,
    readonly slack: number,
  ) {
    this.cs = centreStride(m.d);
    this.centres = new Float64Array(k * this.cs);
    this.previous = new Float64Array(k * this.cs);
    this.sums = new Float64Array(k * this.cs);
    this.counts = new Float64Array(k);
    this.squares = new Float64Array(k);
    this.half = new Float64Array(k);
    this.drift = new Float64Array(k);
    this.fall = new Float64Array(k);
    this.lower = new Float64Array(m.n);
    this.farDistance = new Float64Array(k);
    this.farRow = new Int32Array(k);
  }

  /**
   * Lloyd from padded `start` until labels stop changing, the squared centre shift is at most
   * `tol` (absolute) or `maxIter` iterations ran. Writes labels and Euclidean distances (upper
   * bounds meanwhile) and returns the inertia and the number of iterations.
   */
  run(
    start: Float64Array, maxIter: number, tol: number, labels: Int32Array, distances: Float64Array,
    report: (iteration: number, inertia: number) => void,
  ): { inertia: number; iterations: number } {
    this.centres.set(start);
    this.drift.fill(0);
    this.fall.fill(0);
    this.halfDistances();
    let strict = false;
    let iteration = 0;
    while (iteration < maxIter) {
      const changed = iteration === 0 ? this.assignAll(labels, distances) : this.assign(labels, distances);
      const inertia = this.assignedInertia();
      if (this.counts.includes(0)) relocateEmptyClusters(this.m, labels, this);
      const shift = this.update();
      iteration++;
      report(iteration, inertia);
      if (changed === 0) {
        strict = true;
        break;
      }
      if (shift <= tol) break;
    }
    return { inertia: this.finish(labels, distances, !strict), iterations: iteration };
  }

  /** The current centres, unpadded. */
  centroids(): Float64Array {
    const { k, cs, centres } = this;
    const d = this.m.d;
    const out = new Float64Array(k * d);
    for (let j = 0; j < k; j++) out.set(centres.subarray(j * cs, j * cs + d), j * d);
    return out;
  }

  /** The first assignment: every row measured against every centre. */
  assignAll(labels: Int32Array, upper: Float64Array): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, sums, counts, squares, out } = this;
    sums.fill(0);
    counts.fill(0);
    squares.fill(0);
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const a = nearestTwo(data, o, d, centres, k, out);
      labels[i] = a;
      upper[i] = Math.sqrt(out[0]);
      lower[i] = Math.sqrt(out[1]);
      counts[a]++;
      squares[a] += squaredNorm(data, o, d);
      addRow(data, o, d, sums, a * cs);
    }
    return n;
  }

  /**
   * Assigns each row to its nearest centre, measuring only rows whose bounds allow a change, and
   * adds each row to its cluster's sums in row order, as a plain pass would. Returns the number
   * of rows whose label changed.
   */
  assign(labels: Int32Array, upper: Float64Array): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, drift, fall, half, sums, counts, squares, out, slack } = this;
    sums.fill(0);
    counts.fill(0);
    let changed = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      let a = labels[i];
      const l = lower[i] - fall[a];
      const h = half[a];
      // max(h, l) without a branch the CPU would mispredict; its rounding is far inside the slack.
      const bound = 0.5 * (h + l + Math.abs(h - l));
      if (upper[i] + drift[a] + slack >= bound) {
        const u = Math.sqrt(squaredDistanceTo(data, o, d, centres, a * cs));
        if (u + slack >= bound) {
          const b = nearestTwo(data, o, d, centres, k, out);
          if (b !== a) {
            const q = squaredNorm(data, o, d);
            squares[a] -= q;
            squares[b] += q;
            a = b;
            labels[i] = b;
            changed++;
          }
          upper[i] = Math.sqrt(out[0]) - drift[a];
          lower[i] = Math.sqrt(out[1]) + fall[a];
        } else upper[i] = u - drift[a];
      }
      counts[a]++;
      addRow(data, o, d, sums, a * cs);
    }
    return changed;
  }

  /**
   * Re-assigns rows to the final centres when `reassign` (after an iteration cap or tol stop, as
   * scikit-learn does), writes each row's exact distance and returns the inertia.
   */
  finish(labels: Int32Array, distances: Float64Array, reassign: boolean): number {
    const { data, n, d } = this.m;
    const { k, cs, centres, lower, fall, half, out, slack } = this;
    let inertia = 0;
    for (let i = 0, o = 0; i < n; i++, o += d) {
      const a = labels[i];
      let s = squaredDistanceTo(data, o, d, centres, a * cs);
      if (reassign && Math.sqrt(s) + slack >= Math.max(half[a], lower[i] - fall[a])) {
        labels[i] = nearestTwo(data, o, d, centres, k, out);
        s = out[0];
      }
      inertia += s;
      distances[i] = Math.sqrt(s);
    }
    return inertia;
  }

  /** Moves each centre to the mean of its rows; returns the total squared shift. */
  update(): number {
    [this.previous, this.centres] = [this.centres, this.previous];
    const { k, cs, centres, previous, sums, counts, drift, fall, slack } = this;
    const d = this.m.d;
    let total = 0;
    let largest = 0;
    let runnerUp = 0;
    let fastest = -1;
    for (let j = 0; j < k; j++) {
      const c = j * cs;
      // scikit-learn multiplies by the reciprocal. A cluster emptied by relocation keeps its centre.
      const alpha = 1 / counts[j];
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = counts[j] > 0 ? sums[c + t] * alpha : previous[c + t];
        centres[c + t] = v;
        s += (v - previous[c + t]) ** 2;
      }
      const shift = Math.sqrt(s);
      total += shift * shift;
      drift[j] += shift + slack;
      if (shift > largest) {
        runnerUp = largest;
        largest = shift;
        fastest = j;
      } else if (shift > runnerUp) runnerUp = shift;
    }
    for (let j = 0; j < k; j++) fall[j] += (j === fastest ? runnerUp : largest) + slack;
    this.halfDistances();
    return total;
  }

  halfDistances(): void {
    const { k, cs, centres, half } = this;
    const d = this.m.d;
    half.fill(Infinity);
    for (let j = 0; j < k; j++) {
      for (let jj = j + 1; jj < k; jj++) {
        const h = 0.5 * Math.sqrt(squaredDistanceTo(centres, j * cs, d, centres, jj * cs));
        if (h < half[j]) half[j] = h;
        if (h < half[jj]) half[jj] = h;
      }
    }
  }

  /** Sum over clusters of |x|^2 - 2 c . sum(x) + n |c|^2: the assignment's inertia, from its sums. */
  assignedInertia(): number {
    const { k, cs, centres, sums, counts, squares } = this;
    const d = this.m.d;
    let inertia = 0;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      let norm = 0;
      for (let t = 0; t < d; t++) {
        const c = centres[j * cs + t];
        dot += c * sums[j * cs + t];
        norm += c * c;
      }
      inertia += Math.max(0, squares[j] - 2 * dot + counts[j] * norm);
    }
    return inertia;
  }
}
